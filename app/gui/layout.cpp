// The workbench's fixed layout and the splitters that resize it; presenter mode's layout.
#include <algorithm>

#include "frame.hpp"
#include "probes.hpp"

namespace ls::gui {

namespace {

float fraction_or(float fraction, float of, float fallback, float lo, float hi) {
    const float v = fraction > 0 ? fraction * of : fallback;
    return std::clamp(v, lo, std::max(lo, hi));
}

// The phone's width that shows its 1:2 canvas whole in a pane `h` pixels high.
float phone_width_for(float h, const ImGuiStyle& st) { return (h - 2 * st.WindowPadding.y) * 0.5f + 2 * st.WindowPadding.x + 24; }

}  // namespace

Layout compute_layout(ImVec2 d, float top, int toolbar_rows, const PaneSizes& panes) {
    const ImGuiStyle& st = ImGui::GetStyle();
    const int rows = std::max(1, toolbar_rows);
    const float toolbar_h = rows * ImGui::GetFrameHeight() + (rows - 1) * st.ItemSpacing.y + st.WindowPadding.y * 2;
    const ImVec2 full = d;  // the panes' fractions are of the whole window
    d.y -= top;
    // Minimums keep every pane usable; the bottom tabs may take most of the window (a teacher's diagram).
    const float left_w = fraction_or(panes.setup_w, full.x, std::clamp(d.x * 0.21f, 250.0f, 340.0f), 200.0f, d.x * 0.45f);
    const float bottom_h = fraction_or(panes.bottom_h, full.y, std::clamp(d.y * 0.31f, 190.0f, 420.0f), 120.0f, d.y - toolbar_h - 160.0f);
    const float mid_h = std::max(100.0f, d.y - toolbar_h - bottom_h);
    const float phone_w = fraction_or(panes.phone_w, full.x, std::clamp(phone_width_for(mid_h, st), 240.0f, 440.0f), 180.0f,
                                      d.x - left_w - 240.0f);
    const float right_w = std::max(200.0f, d.x - left_w - phone_w);
    Layout L;
    L.toolbar_pos = ImVec2(0, top);
    L.toolbar_size = ImVec2(d.x, toolbar_h);
    L.setup_pos = ImVec2(0, top + toolbar_h);
    L.setup_size = ImVec2(left_w, mid_h);
    L.phone_pos = ImVec2(left_w, top + toolbar_h);
    L.phone_size = ImVec2(phone_w, mid_h);
    L.inspector_pos = ImVec2(left_w + phone_w, top + toolbar_h);
    L.inspector_size = ImVec2(right_w, mid_h);
    L.bottom_pos = ImVec2(0, top + toolbar_h + mid_h);
    L.bottom_size = ImVec2(d.x, d.y - toolbar_h - mid_h);
    return L;
}

namespace {

// One splitter: a thin window over the border between two panes, with a button to drag.
// Returns how far it was dragged this frame (pixels along its axis); 0 when it was not.
float splitter(const char* id, ImVec2 pos, ImVec2 size, bool vertical, bool& reset) {
    ImGui::SetNextWindowPos(pos, ImGuiCond_Always);
    ImGui::SetNextWindowSize(size, ImGuiCond_Always);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowMinSize, ImVec2(1, 1));
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                                   ImGuiWindowFlags_NoBackground | ImGuiWindowFlags_NoFocusOnAppearing;
    float moved = 0;
    if (ImGui::Begin(id, nullptr, flags)) {
        ImGui::InvisibleButton("##drag", size);
        probe_item(id + 2);  // "##split.x" → "split.x"
        const bool hot = ImGui::IsItemHovered() || ImGui::IsItemActive();
        if (hot) ImGui::SetMouseCursor(vertical ? ImGuiMouseCursor_ResizeEW : ImGuiMouseCursor_ResizeNS);
        if (hot)
            ImGui::GetWindowDrawList()->AddRectFilled(pos, ImVec2(pos.x + size.x, pos.y + size.y),
                                                      ImGui::GetColorU32(ImGuiCol_SeparatorHovered));
        if (ImGui::IsItemActive()) moved = vertical ? ImGui::GetIO().MouseDelta.x : ImGui::GetIO().MouseDelta.y;
        if (ImGui::IsItemHovered() && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) reset = true;
    }
    ImGui::End();
    ImGui::PopStyleVar(2);
    return moved;
}

}  // namespace

void draw_splitters(const Layout& L, UiState& ui) {
    const ImVec2 d = ImGui::GetIO().DisplaySize;
    const float t = 6;  // the grab area across a border
    PaneSizes p = ui.panes_dragged.value_or(ui.prefs.panes);
    bool reset_setup = false, reset_phone = false, reset_bottom = false;
    const float dx1 = splitter("##split.setup", ImVec2(L.phone_pos.x - t / 2, L.phone_pos.y), ImVec2(t, L.phone_size.y), true, reset_setup);
    const float dx2 = splitter("##split.phone", ImVec2(L.inspector_pos.x - t / 2, L.inspector_pos.y), ImVec2(t, L.inspector_size.y), true,
                               reset_phone);
    const float dy = splitter("##split.bottom", ImVec2(0, L.bottom_pos.y - t / 2), ImVec2(d.x, t), false, reset_bottom);
    if (dx1 != 0) p.setup_w = (L.setup_size.x + dx1) / d.x;
    if (dx2 != 0) p.phone_w = (L.phone_size.x + dx2) / d.x;
    if (dy != 0) p.bottom_h = (L.bottom_size.y - dy) / d.y;
    if (reset_setup) p.setup_w = 0;
    if (reset_phone) p.phone_w = 0;
    if (reset_bottom) p.bottom_h = 0;
    const bool dragging = ImGui::IsMouseDown(ImGuiMouseButton_Left) && (dx1 != 0 || dx2 != 0 || dy != 0 || ui.panes_dragged);
    if (dragging) {
        ui.panes_dragged = p;
    } else {
        ui.panes_dragged.reset();
        ui.prefs.panes = p;
    }
}

PresenterLayout compute_presenter_layout(ImVec2 d) {
    const ImGuiStyle& st = ImGui::GetStyle();
    const float bar_h = ImGui::GetFrameHeight() + st.WindowPadding.y * 2;
    const float caption_h = std::clamp(d.y * 0.27f, ImGui::GetFontSize() * 6, d.y * 0.4f);
    const float mid_h = std::max(100.0f, d.y - bar_h - caption_h);
    // The phone as tall as the space allows (its canvas is 1:2), the diagram takes the rest.
    const float phone_w = std::min(d.x * 0.42f, phone_width_for(mid_h, st));
    PresenterLayout L;
    L.bar_pos = ImVec2(0, 0);
    L.bar_size = ImVec2(d.x, bar_h);
    L.phone_pos = ImVec2(0, bar_h);
    L.phone_size = ImVec2(phone_w, mid_h);
    L.sequence_pos = ImVec2(phone_w, bar_h);
    L.sequence_size = ImVec2(d.x - phone_w, mid_h);
    L.caption_pos = ImVec2(0, bar_h + mid_h);
    L.caption_size = ImVec2(d.x, d.y - bar_h - mid_h);
    return L;
}

}  // namespace ls::gui
