// Sequence (bottom tab): the live sequence diagram of every message between the actors, like the
// official login sequence picture. Rows are clipped (ImGuiListClipper): only visible arrows are drawn.
#include "i18n.hpp"
#include <cmath>

#include "panels.hpp"
#include "probes.hpp"
#include "sequence_layout.hpp"

#include "loginscope/clock.hpp"

namespace ls::gui {

namespace {

const char* client_title(Flow f) {
    switch (f) {
        case Flow::WeChatApp:
        case Flow::UniWeixin:
        case Flow::UniApple:
        case Flow::Univerify: return tr("Client (App)");
        case Flow::Swan: return tr("Client (smart program)");
        default: return tr("Client (mini program)");
    }
}

const char* platform_title(Flow f) {
    switch (f) {
        case Flow::Swan: return tr("Platform (Baidu)");
        case Flow::UniApple: return tr("Platform (Apple)");
        case Flow::Univerify: return tr("Platform (DCloud + carrier)");
        default: return tr("Platform (WeChat)");
    }
}
// Sizes in the UI font's units, so the diagram grows with the UI scale and presenter mode.
float em() { return ImGui::GetFontSize() / 16.0f; }
float row_h() { return std::round(26 * em()); }

struct Columns {
    float left, time_w, width;
    float x(int col) const { return left + time_w + (col + 0.5f) * (width - time_w) / 3.0f; }
};

void lifeline_heads(const Columns& c, Flow flow) {
    const char* kLifelines[3] = {client_title(flow), tr("Developer server"), platform_title(flow)};
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float y = ImGui::GetCursorScreenPos().y;
    const float h = ImGui::GetFrameHeight();
    // The heads take the theme's frame, border and text colours (light and dark themes).
    const ImU32 bg = ImGui::GetColorU32(ImGuiCol_FrameBg), edge = ImGui::GetColorU32(ImGuiCol_Border);
    const ImU32 fg = ImGui::GetColorU32(ImGuiCol_Text);
    for (int i = 0; i < 3; ++i) {
        const ImVec2 size = ImGui::CalcTextSize(kLifelines[i]);
        const float half = size.x * 0.5f + 10;
        probe_rect(("sequence.lifeline." + std::to_string(i)).c_str(), ImVec2(c.x(i) - half, y), ImVec2(c.x(i) + half, y + h));
        dl->AddRectFilled(ImVec2(c.x(i) - half, y), ImVec2(c.x(i) + half, y + h), bg, 4);
        dl->AddRect(ImVec2(c.x(i) - half, y), ImVec2(c.x(i) + half, y + h), edge, 4);
        dl->AddText(ImVec2(c.x(i) - size.x * 0.5f, y + (h - size.y) * 0.5f), fg, kLifelines[i]);
    }
    ImGui::Dummy(ImVec2(c.width, h + 2));
}

void lifelines(const Columns& c) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 top = ImGui::GetWindowPos();
    const float bottom = top.y + ImGui::GetWindowHeight();
    const ImU32 col = ImGui::GetColorU32(ImGuiCol_TextDisabled, 0.6f);
    for (int i = 0; i < 3; ++i)
        for (float y = top.y; y < bottom; y += 8)
            dl->AddLine(ImVec2(c.x(i), y), ImVec2(c.x(i), y + 4), col);
}

void arrow(ImDrawList* dl, float xa, float xb, float y, ImU32 col) {
    const float u = em();
    dl->AddLine(ImVec2(xa, y), ImVec2(xb, y), col, 1.6f * u);
    const float dir = xb > xa ? -1.0f : 1.0f;
    dl->AddTriangleFilled(ImVec2(xb, y), ImVec2(xb + dir * 8 * u, y - 4 * u), ImVec2(xb + dir * 8 * u, y + 4 * u), col);
}

void message_row(const Columns& c, const std::vector<Event>& events, size_t index, bool selected, Intents& out) {
    const Event& e = events[index];
    const SequenceArrow a = sequence_arrow(events, index);
    const ImVec2 at = ImGui::GetCursorScreenPos();
    const float u = em();
    if (ImGui::Selectable(("##msg" + std::to_string(index)).c_str(), selected, 0, ImVec2(c.width, row_h() - 4 * u)))
        out.select_event = index;
    probe_item(("sequence.row." + std::to_string(index)).c_str(), a.label);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddText(ImVec2(at.x + 2, at.y + 4 * u), ImGui::GetColorU32(ImGuiCol_TextDisabled), format_clock(e.t_ms).c_str());
    const ImU32 col = a.color();
    const float y = at.y + row_h() - 8 * u;
    const float xa = c.x(a.from), xb = c.x(a.to);
    if (a.from == a.to)
        dl->AddBezierCubic(ImVec2(xa, y - 10 * u), ImVec2(xa + 30 * u, y - 12 * u), ImVec2(xa + 30 * u, y), ImVec2(xa, y), col, 1.5f * u);
    else
        arrow(dl, xa, xb, y, col);
    const float span = std::max(std::abs(xb - xa), 160.0f * u) - 12 * u;
    const std::string label = fit_text(a.label, span);
    const float lx = std::min(xa, xb) + 6;
    dl->AddText(ImVec2(lx, y - ImGui::GetTextLineHeight() - 2), ImGui::GetColorU32(ImGuiCol_Text), label.c_str());
}

}  // namespace

Intents draw_sequence(const SequenceData& d) {
    Intents out;
    const ImVec2 top = ImGui::GetCursorScreenPos();
    const Columns cols{ImGui::GetCursorScreenPos().x, ImGui::CalcTextSize("00:00:00.000").x + 16,
                       ImGui::GetContentRegionAvail().x};
    lifeline_heads(cols, d.flow);
    ImGui::BeginChild("sequence_rows", ImVec2(0, 0), false);
    lifelines(cols);
    if (d.messages.empty()) ImGui::TextDisabled("%s", tr("No messages yet: press Login."));
    ImGuiListClipper clipper;
    clipper.Begin(int(d.messages.size()), row_h());
    while (clipper.Step())
        for (int r = clipper.DisplayStart; r < clipper.DisplayEnd; ++r) {
            const size_t i = d.messages[size_t(r)];
            message_row(cols, d.events, i, d.selected == i, out);
        }
    if (ImGui::GetScrollY() >= ImGui::GetScrollMaxY() - 2) ImGui::SetScrollHereY(1.0f);
    probe_text("sequence.count", std::to_string(d.messages.size()));
    ImGui::EndChild();
    probe_rect("sequence.area", top, ImGui::GetItemRectMax());  // the walkthrough's picture
    return out;
}

}  // namespace ls::gui
