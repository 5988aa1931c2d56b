#pragma once
// One whole frame of the LoginScope window: the fixed layout, every panel, and the intents they
// returned applied to the AppState. Call between ImGui::NewFrame() and ImGui::Render(); headless
// tests call exactly this.
#include "imgui.h"
#include "app_state.hpp"
#include "panels.hpp"

namespace ls::gui {

struct Layout {
    ImVec2 toolbar_pos, toolbar_size;
    ImVec2 setup_pos, setup_size;
    ImVec2 phone_pos, phone_size;
    ImVec2 inspector_pos, inspector_size;
    ImVec2 bottom_pos, bottom_size;
};
Layout compute_layout(ImVec2 display);

void draw_frame(AppState& state);
void apply_intents(AppState& state, const Intents& in);

}  // namespace ls::gui
