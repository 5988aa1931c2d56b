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
// The normal layout under a menu bar `top` pixels high, the toolbar `toolbar_rows` rows high, the
// panes where the user dragged the splitters (fractions of the window; 0: the default).
Layout compute_layout(ImVec2 display, float top = 0, int toolbar_rows = 1, const PaneSizes& panes = {});
// The splitters between the panes of `L`: dragging one moves `ui.panes_dragged`, releasing it keeps
// the sizes in ui.prefs (remembered); a double click puts that splitter back where it was.
void draw_splitters(const Layout& L, UiState& ui);

// Presenter mode: its bar on top, the phone and the sequence diagram side by side, the caption below.
struct PresenterLayout {
    ImVec2 bar_pos, bar_size;
    ImVec2 phone_pos, phone_size;
    ImVec2 sequence_pos, sequence_size;
    ImVec2 caption_pos, caption_size;
};
PresenterLayout compute_presenter_layout(ImVec2 display);

void draw_frame(AppState& state);
void apply_intents(AppState& state, const Intents& in);

}  // namespace ls::gui
