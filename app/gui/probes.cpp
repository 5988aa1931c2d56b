#include "probes.hpp"

#include <map>
#include <unordered_map>

#include "imgui_internal.h"

namespace ls::gui {

namespace {

using ProbeTable = std::map<std::string, Probe>;
std::unordered_map<ImGuiContext*, ProbeTable>& tables() {
    static std::unordered_map<ImGuiContext*, ProbeTable> t;
    return t;
}

void install_hooks(ImGuiContext* ctx) {
    ImGuiContextHook clear;
    clear.Type = ImGuiContextHookType_NewFramePre;
    clear.Callback = [](ImGuiContext* c, ImGuiContextHook*) { tables()[c].clear(); };
    ImGui::AddContextHook(ctx, &clear);
    ImGuiContextHook forget;
    forget.Type = ImGuiContextHookType_Shutdown;
    forget.Callback = [](ImGuiContext* c, ImGuiContextHook*) { tables().erase(c); };
    ImGui::AddContextHook(ctx, &forget);
}

ProbeTable& current_table() {
    ImGuiContext* ctx = ImGui::GetCurrentContext();
    auto it = tables().find(ctx);
    if (it == tables().end()) {
        install_hooks(ctx);
        it = tables().emplace(ctx, ProbeTable{}).first;
    }
    return it->second;
}

}  // namespace

void probe_item(const char* key, std::string text) {
    Probe p;
    p.id = ImGui::GetItemID();
    p.min = ImGui::GetItemRectMin();
    p.max = ImGui::GetItemRectMax();
    p.text = std::move(text);
    current_table()[key] = std::move(p);
}

void probe_text(const char* key, std::string text) {
    current_table()[key].text = std::move(text);
}

void probe_rect(const char* key, ImVec2 min, ImVec2 max) {
    Probe& p = current_table()[key];
    p.min = min;
    p.max = max;
}

const Probe* find_probe(const std::string& key) {
    auto& t = current_table();
    auto it = t.find(key);
    return it == t.end() ? nullptr : &it->second;
}

}  // namespace ls::gui
