#pragma once
// Presenter mode: a scenario (usually a demo from the Demos menu) told one beat at a time. The
// scenario's steps run on the GUI's engine exactly as the Scenario tab's replay runs them; a beat
// is one journal event worth a sentence (not console lines or action starts). Next shows the next
// beat, running the next step when the current one has no more; Back across a step restarts the
// world and replays up to the beat before (the engine is deterministic, so the beats are the same).
#include <optional>
#include <string>
#include <vector>

#include "app_state.hpp"

#include "loginscope/demos.hpp"

namespace ls::gui {

// Indices into `events` that are beats.
std::vector<size_t> presenter_beats(const std::vector<Event>& events);
// The event index of the current beat; nullopt on the title card.
std::optional<size_t> presenter_event(const AppState& s);

void enter_presenter(AppState& s);  // opens the flow's first demo when no scenario is open
void exit_presenter(AppState& s);   // the scenario stays open in the Scenario tab
bool open_demo(AppState& s, const Demo& d);  // opens it and enters presenter mode; false when it cannot load
void presenter_next(AppState& s);
void presenter_back(AppState& s);
void presenter_restart(AppState& s);
// Every frame: finishes Next and Back when their steps are done, and auto-plays.
void presenter_tick(AppState& s, double dt_s);

// The font scale presenter mode wants on a screen `display_h` pixels high: large enough for a
// projector (1.25 at 720, 1.875 at 1080), never smaller than the normal UI.
float presenter_scale(float display_h);
// The whole UI's font scale: the user's UI scale × the screen's content scale (high-DPI) × the
// presenter's, rounded to 1/20 so resizing a window does not rebuild the fonts at every pixel.
float wanted_ui_scale(const AppState& s, float display_h, float content_scale);

// The demo's title in the current language, or the scenario's name.
std::string presentation_title(const AppState& s);

}  // namespace ls::gui
