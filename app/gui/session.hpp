#pragma once
// Record, replay and export on the GUI's AppState: what the Scenario tab's commands do, and the
// recording hooks around every engine change the panels ask for (apply_intents calls these).
#include "app_state.hpp"
#include "panels.hpp"

namespace ls::gui {

// Every frame before the panels: finished actions give the recording its expectations, a replayed
// step that ended starts the next one (Run all), a walkthrough child that ended is noted, a file
// picker's answer fills its field (and opens / saves).
void poll_session(AppState& s);
void run_session_command(AppState& s, SessionCommand c);

// A new world with the GUI's seed, settings, phone and enabled fault rules; the clock paused.
void start_recording(AppState& s);
// Writes the recording to ui.session.save_path; false (and ui.session.status says why) when it cannot.
bool save_recording(AppState& s);
// Loads `path` and rebuilds the world from it, ready for Next step; false (replay.error says why).
bool open_scenario(AppState& s, const std::string& path);
void replay_next(AppState& s);
void replay_all(AppState& s);

// The engine changes of one frame's intents, recorded when recording (frame.cpp's apply_intents).
void apply_world_changes(AppState& s, const Intents& in);
// A step the phone takes (a tap or a call from the panels), on the worker; recorded when it starts.
void start_action(AppState& s, Step step);
// After Reset or a new world from Setup: a recording restarts in it, an open scenario closes (the
// world is the user's now: nothing of the replay stays).
void after_new_world(AppState& s);
// Setup ▸ Developer server: attaches the backend profile at `path` (its error, naming the field, in
// ui.setup.backend_error), the platform on the port last used; a new world either way.
void attach_backend_file(AppState& s, const std::string& path);
void detach_backend(AppState& s);

// The open scenario from its first step again, in a new world of its own (presenter's Restart / Back).
void restart_scenario(AppState& s);

}  // namespace ls::gui
