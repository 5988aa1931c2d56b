#pragma once
// Probes: the UI records where the widgets tests need are (item id + rect + optional text), per
// ImGui context, under stable keys such as "phone.login_button". Cleared at every NewFrame, so a
// probe read after Render() describes the frame just drawn.
#include <string>

#include "imgui.h"

namespace ls::gui {

struct Probe {
    ImGuiID id = 0;
    ImVec2 min, max;
    std::string text;
    ImVec2 center() const { return ImVec2((min.x + max.x) * 0.5f, (min.y + max.y) * 0.5f); }
};

void probe_item(const char* key, std::string text = {});  // the last submitted item
void probe_text(const char* key, std::string text);       // a value shown without its own widget
void probe_rect(const char* key, ImVec2 min, ImVec2 max); // a drawn area without its own widget
const Probe* find_probe(const std::string& key);          // in the current context; nullptr if absent

}  // namespace ls::gui
