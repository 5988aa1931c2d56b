// The file picker's window (file_picker.hpp), a modal over everything: the in-app browser — recent
// files first, then the folder's subfolders and matching files, a path field to type into, the file
// name for Save, OK / Cancel, Enter / Esc — or, while the desktop's own dialog is open, a note with
// Cancel. Nothing beneath takes input meanwhile.
#include <algorithm>
#include <cfloat>
#include <cstdio>
#include <filesystem>
#include <initializer_list>

#include "imgui.h"
#include "imgui_internal.h"  // ClosePopupToLevel: a request can end outside the window (a native answer)
#include "imgui_stdlib.h"

#include "i18n.hpp"
#include "panels.hpp"
#include "probes.hpp"

namespace ls::gui {

namespace {

constexpr const char* kPopup = "###file_picker";
constexpr ImU32 kFolderColor = IM_COL32(0xE3, 0xA3, 0x2E, 255);

bool pressed(ImGuiKey key) { return ImGui::IsKeyPressed(ImGui::GetKeyIndex(key), false); }
bool enter_pressed() { return pressed(ImGuiKey_Enter) || pressed(ImGuiKey_KeyPadEnter); }

// Closes our modal when the request ended without it (the desktop's dialog answered at the frame's
// start): an open modal that is no longer submitted would still hold the input.
void close_popup() {
    ImGuiContext& g = *ImGui::GetCurrentContext();
    const ImGuiID id = ImGui::GetID(kPopup);
    for (int n = 0; n < g.OpenPopupStack.Size; ++n)
        if (g.OpenPopupStack[n].PopupId == id) return ImGui::ClosePopupToLevel(n, true);
}

std::string size_text(uintmax_t bytes) {
    char buf[32];
    if (bytes < 1024)
        std::snprintf(buf, sizeof buf, "%ju B", bytes);
    else if (bytes < 1024 * 1024)
        std::snprintf(buf, sizeof buf, "%.1f KB", double(bytes) / 1024);
    else
        std::snprintf(buf, sizeof buf, "%.1f MB", double(bytes) / (1024 * 1024));
    return buf;
}

// A folder (a tabbed body) or a page with a folded corner, in a square of side `s` at `at`.
void draw_icon(ImDrawList* dl, ImVec2 at, float s, bool folder) {
    if (folder) {
        dl->AddRectFilled(ImVec2(at.x, at.y + s * 0.12f), ImVec2(at.x + s * 0.45f, at.y + s * 0.35f), kFolderColor, 1.5f);
        dl->AddRectFilled(ImVec2(at.x, at.y + s * 0.25f), ImVec2(at.x + s, at.y + s * 0.9f), kFolderColor, 2.0f);
        return;
    }
    const ImU32 col = ImGui::GetColorU32(ImGuiCol_TextDisabled);
    const float l = at.x + s * 0.15f, r = at.x + s * 0.85f, t = at.y + s * 0.05f, b = at.y + s * 0.95f, fold = s * 0.25f;
    const ImVec2 page[] = {{l, t}, {r - fold, t}, {r, t + fold}, {r, b}, {l, b}};
    dl->AddPolyline(page, 5, col, ImDrawFlags_Closed, 1.2f);
    const ImVec2 corner[] = {{r - fold, t}, {r - fold, t + fold}, {r, t + fold}};
    dl->AddPolyline(corner, 3, col, 0, 1.2f);
}

// One row of the list: a full-width selectable with an icon, the name and a dim note at the right.
// Returns 1 on a click, 2 on a double-click.
int entry_row(const char* id, const std::string& name, const std::string& note, bool folder, bool selected, const char* probe_key) {
    const float h = ImGui::GetTextLineHeight();
    const bool hit = ImGui::Selectable(id, selected, ImGuiSelectableFlags_AllowDoubleClick, ImVec2(0, h));
    probe_item(probe_key, name);
    const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float icon = h * 0.85f, pad = ImGui::GetStyle().ItemInnerSpacing.x;
    draw_icon(dl, ImVec2(min.x + pad, min.y + (h - icon) * 0.5f), icon, folder);
    const float note_w = note.empty() ? 0 : ImGui::CalcTextSize(note.c_str()).x + pad * 2;
    const float text_x = min.x + pad * 2 + icon;
    dl->AddText(ImVec2(text_x, min.y), ImGui::GetColorU32(ImGuiCol_Text), fit_text(name, max.x - text_x - note_w - pad).c_str());
    if (!note.empty()) {
        const std::string shown = fit_text(note, std::max(0.0f, max.x - text_x - pad) * 0.6f);
        dl->AddText(ImVec2(max.x - ImGui::CalcTextSize(shown.c_str()).x - pad, min.y), ImGui::GetColorU32(ImGuiCol_TextDisabled), shown.c_str());
    }
    if (!hit) return 0;
    return ImGui::IsMouseDoubleClicked(0) ? 2 : 1;
}

void path_row(FileBrowser& b) {
    if (ImGui::ArrowButton("##up", ImGuiDir_Up)) b.up();
    probe_item("file_browser.up");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("The parent folder"));
    ImGui::SameLine();
    ImGui::SetNextItemWidth(-1);
    if (ImGui::InputText("##path", &b.path_text, ImGuiInputTextFlags_EnterReturnsTrue | ImGuiInputTextFlags_AutoSelectAll)) b.enter_path();
    probe_item("file_browser.path", b.path_text);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("Type a folder or a file and press Enter"));
}

// The recent files (or folders), then the folder's entries. Clicks are applied after the list: a
// folder opened mid-list would change the entries being drawn.
void listing(FileBrowser& b, float height) {
    ImGui::BeginChild("##entries", ImVec2(0, height), true);
    std::optional<std::pair<size_t, int>> recent_hit, entry_hit;
    if (!b.recent().empty()) {
        ImGui::TextDisabled("%s", tr("Recent"));
        for (size_t i = 0; i < b.recent().size(); ++i) {
            const std::filesystem::path p(b.recent()[i]);
            const bool folder = b.request().kind == PickKind::Folder;
            const std::string key = "file_browser.recent." + std::to_string(i);
            const std::string id = "##recent" + std::to_string(i);
            if (const int hit = entry_row(id.c_str(), p.filename().string(), p.parent_path().string(), folder, false, key.c_str()))
                recent_hit = {i, hit};
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", b.recent()[i].c_str());
        }
        ImGui::Separator();
    }
    if (b.entries().empty() && b.error().empty())
        ImGui::TextDisabled("%s", tr(b.request().kind == PickKind::Folder ? "No folders here" : "No folders or matching files here"));
    ImGuiListClipper clipper;
    clipper.Begin(int(b.entries().size()), ImGui::GetTextLineHeightWithSpacing());
    while (clipper.Step())
        for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
            const DirEntry& e = b.entries()[size_t(row)];
            const std::string key = "file_browser.entry." + e.name;
            const std::string id = "##entry" + std::to_string(row);
            if (const int hit = entry_row(id.c_str(), e.name, e.is_dir ? "" : size_text(e.size), e.is_dir, b.selected() == size_t(row), key.c_str()))
                entry_hit = {size_t(row), hit};
        }
    ImGui::EndChild();
    if (recent_hit) recent_hit->second == 2 ? b.activate_recent(recent_hit->first) : b.select_recent(recent_hit->first);
    if (entry_hit) entry_hit->second == 2 ? b.activate(entry_hit->first) : b.select(entry_hit->first);
}

const char* ok_label(PickKind k) { return k == PickKind::SaveFile ? "Save" : k == PickKind::Folder ? "Choose" : "Open"; }

// Right-aligned buttons of one width on one row; the index of the one pressed, or -1.
int buttons_right(std::initializer_list<std::pair<const char*, const char*>> labels_and_keys) {
    const ImGuiStyle& st = ImGui::GetStyle();
    float button_w = ImGui::GetFontSize() * 5;
    for (const auto& [label, key] : labels_and_keys) button_w = std::max(button_w, ImGui::CalcTextSize(tr(label)).x + st.FramePadding.x * 2);
    const float w = float(labels_and_keys.size()) * (button_w + st.ItemSpacing.x) - st.ItemSpacing.x;
    ImGui::SetCursorPosX(std::max(ImGui::GetCursorPosX(), ImGui::GetWindowContentRegionMax().x - w));
    int hit = -1, i = 0;
    for (const auto& [label, key] : labels_and_keys) {
        if (i) ImGui::SameLine();
        if (ImGui::Button(tr_id(label).c_str(), ImVec2(button_w, 0))) hit = i;
        probe_item(key);
        ++i;
    }
    return hit;
}

void footer(FileBrowser& b, bool typing) {
    const PickKind kind = b.request().kind;
    ImGui::AlignTextToFramePadding();
    const std::string filter = kind == PickKind::Folder || b.request().filter.empty() ? "" : b.request().filter;
    const float filter_w = filter.empty() ? 0 : ImGui::CalcTextSize(filter.c_str()).x + ImGui::GetStyle().ItemSpacing.x;
    if (kind == PickKind::Folder) {
        ImGui::TextUnformatted(tr("Folder"));
        ImGui::SameLine();
        const std::string chosen = b.selected() ? (std::filesystem::path(b.dir()) / b.entries()[*b.selected()].name).string() : b.dir();
        ImGui::TextUnformatted(fit_text(chosen, ImGui::GetContentRegionAvail().x).c_str());
        probe_item("file_browser.name", chosen);
    } else {
        ImGui::TextUnformatted(tr(kind == PickKind::SaveFile ? "File name" : "File"));
        ImGui::SameLine();
        ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - filter_w);
        if (b.focus_name) {
            ImGui::SetKeyboardFocusHere();
            b.focus_name = false;
        }
        if (ImGui::InputText("##name", &b.name, ImGuiInputTextFlags_EnterReturnsTrue)) b.accept();
        probe_item("file_browser.name", b.name);
        if (!filter.empty()) {
            ImGui::SameLine();
            ImGui::TextDisabled("%s", filter.c_str());
        }
    }
    if (b.overwrite()) {
        ImGui::AlignTextToFramePadding();
        const std::string file = std::filesystem::path(*b.overwrite()).filename().string();
        ImGui::TextColored(to_vec4(palette::fault), "%s", trf("%s already exists. Replace it?", file.c_str()).c_str());
        probe_text("file_browser.overwrite", *b.overwrite());
        ImGui::SameLine();
        const int hit = buttons_right({{"Don't replace", "file_browser.keep"}, {"Replace", "file_browser.replace"}});
        if (hit == 1 || (!typing && enter_pressed())) b.confirm_overwrite(true);
        else if (hit == 0 || pressed(ImGuiKey_Escape)) b.confirm_overwrite(false);
        return;
    }
    const int hit = buttons_right({{"Cancel", "file_browser.cancel"}, {ok_label(kind), "file_browser.ok"}});
    if (hit == 1 || (!typing && enter_pressed())) b.accept();
    else if (hit == 0 || pressed(ImGuiKey_Escape)) b.cancel();
}

void draw_browser(FileBrowser& b) {
    const bool typing = ImGui::IsAnyItemActive();  // a field answers its own Enter
    path_row(b);
    if (!b.error().empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, to_vec4(palette::error));
        ImGui::TextWrapped("%s", b.error().c_str());
        ImGui::PopStyleColor();
    }
    probe_text("file_browser.error", b.error());
    probe_text("file_browser.dir", b.dir());
    const float footer_h = ImGui::GetFrameHeightWithSpacing() * 2 + ImGui::GetStyle().ItemSpacing.y;
    listing(b, std::max(ImGui::GetTextLineHeightWithSpacing() * 3, ImGui::GetContentRegionAvail().y - footer_h));
    footer(b, typing);
}

void draw_waiting(const FilePicker& p, Intents& out) {
    ImGui::TextUnformatted(trf("Choose in the desktop's file dialog (%s).", p.program().c_str()).c_str());
    ImGui::TextDisabled("%s", tr("LoginScope goes on when it closes."));
    const int hit = buttons_right({{"Cancel", "file_picker.cancel_native"}});
    if (hit == 0 || pressed(ImGuiKey_Escape)) out.session = SessionCommand::CancelPick;
}

ImVec2 browser_size(ImVec2 display) {
    return ImVec2(std::clamp(display.x * 0.6f, std::min(520.0f, display.x - 20), 900.0f),
                  std::clamp(display.y * 0.7f, std::min(380.0f, display.y - 20), 640.0f));
}

}  // namespace

Intents draw_file_picker(FilePicker& picker) {
    Intents out;
    FileBrowser* b = picker.browser();
    if (!b && !picker.native_running()) {
        close_popup();
        return out;
    }
    if (!ImGui::IsPopupOpen(kPopup)) ImGui::OpenPopup(kPopup);
    const ImVec2 d = ImGui::GetIO().DisplaySize;
    ImGui::SetNextWindowPos(ImVec2(d.x * 0.5f, d.y * 0.5f), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
    if (b) ImGui::SetNextWindowSize(browser_size(d), ImGuiCond_Always);
    const std::string title = (b ? b->request().title : std::string(tr("File dialog"))) + kPopup;
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoMove |
                                   (b ? ImGuiWindowFlags_NoResize : ImGuiWindowFlags_AlwaysAutoResize);
    if (!ImGui::BeginPopupModal(title.c_str(), nullptr, flags)) return out;
    probe_rect("file_picker.window", ImGui::GetWindowPos(),
               ImVec2(ImGui::GetWindowPos().x + ImGui::GetWindowSize().x, ImGui::GetWindowPos().y + ImGui::GetWindowSize().y));
    if (b) {
        draw_browser(*b);
        if (b->answer) ImGui::CloseCurrentPopup();
    } else {
        draw_waiting(picker, out);
        if (out.session == SessionCommand::CancelPick) ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
    return out;
}

}  // namespace ls::gui
