#include "presenter.hpp"

#include <algorithm>
#include <cmath>

#include "frame.hpp"
#include "i18n.hpp"
#include "images.hpp"
#include "session.hpp"

namespace ls::gui {

namespace {

bool is_beat(const Event& e) { return e.kind != "console" && e.kind != "action.start"; }

bool steps_left(const AppState& s) {
    return !s.ui.presenter.live && s.replay.loaded() && s.replay.next < s.replay.scenario->steps.size();
}

bool step_running(const AppState& s) { return s.replay.running != nullptr || s.in_flight(); }

void show_beat(PresenterState& p, std::optional<size_t> beat) {
    p.beat = beat;
    p.on_beat_s = 0;
}

// A new world from the open scenario: nothing has run, the title card shows. The live session is
// never restarted: its story is the journal as it stands.
void restart_world(AppState& s) {
    PresenterState& p = s.ui.presenter;
    if (!p.live) restart_scenario(s);
    p.step_starts.clear();
    p.awaiting_step = false;
    show_beat(p, std::nullopt);
}

void run_next_step(AppState& s) {
    PresenterState& p = s.ui.presenter;
    p.step_starts.push_back(presenter_beats(s.events()).size());
    p.awaiting_step = true;
    replay_next(s);
}

// Back to `target` after a restart: steps run until the beat exists.
void continue_rewind(AppState& s) {
    PresenterState& p = s.ui.presenter;
    const size_t have = presenter_beats(s.events()).size();
    if (have > *p.rewind_to || !steps_left(s)) {
        show_beat(p, have == 0 ? std::nullopt : std::optional<size_t>(std::min(*p.rewind_to, have - 1)));
        p.rewind_to.reset();
        return;
    }
    run_next_step(s);
}

// A step is done: show its first beat (or stay, when it told nothing new).
void finish_step(AppState& s) {
    PresenterState& p = s.ui.presenter;
    p.awaiting_step = false;
    const size_t have = presenter_beats(s.events()).size();
    const size_t first = p.step_starts.empty() ? 0 : p.step_starts.back();
    if (!p.rewind_to && have > first) show_beat(p, first);
}

}  // namespace

std::vector<size_t> presenter_beats(const std::vector<Event>& events) {
    std::vector<size_t> beats;
    for (size_t i = 0; i < events.size(); ++i)
        if (is_beat(events[i])) beats.push_back(i);
    return beats;
}

std::optional<size_t> presenter_event(const AppState& s) {
    const auto& p = s.ui.presenter;
    if (!p.beat) return std::nullopt;
    const std::vector<size_t> beats = presenter_beats(s.events());
    if (*p.beat >= beats.size()) return std::nullopt;
    return beats[*p.beat];
}

// Presenter drives the engine without step mode (it has no Next-hop control): a paused action
// finishes now, and Exit turns step mode back on.
void leave_step_mode(AppState& s) {
    Engine& e = s.engine();
    if (!e.step_mode()) return;
    s.ui.presenter.resume_step_mode = true;
    e.set_step_mode(false);
}

void enter_presenter(AppState& s) {
    leave_step_mode(s);
    const bool scenario = s.replay.loaded() && !s.replay.diverged;  // the world is the scenario's
    const size_t have = presenter_beats(s.events()).size();
    if (!scenario && have == 0) {  // nothing to tell yet: the flow's first demo
        const auto demos = demos_for(s.engine().config().flow);
        if (!demos.empty() && open_demo(s, *demos.front())) return;
    }
    PresenterState& p = s.ui.presenter;
    p.on = true;
    p.live = !scenario;
    if (p.live) p.demo_file.clear();
    p.playing = false;
    p.rewind_to.reset();
    p.awaiting_step = false;
    p.step_starts = have ? std::vector<size_t>{0} : std::vector<size_t>{};
    show_beat(p, have ? std::optional<size_t>(have - 1) : std::nullopt);
    p.live_beats = have;
}

void exit_presenter(AppState& s) {
    PresenterState& p = s.ui.presenter;
    p.on = false;
    p.playing = false;
    if (p.resume_step_mode && !s.in_flight()) s.engine().set_step_mode(true);
    p.resume_step_mode = false;
}

bool open_demo(AppState& s, const Demo& d) {
    leave_step_mode(s);
    if (step_running(s)) return false;
    const bool resume_step_mode = s.ui.presenter.resume_step_mode;
    if (!open_scenario(s, assets_dir() + "/" + d.file)) return false;
    PresenterState& p = s.ui.presenter;
    p = PresenterState{};
    p.resume_step_mode = resume_step_mode;
    p.on = true;
    p.demo_file = d.file;
    s.ui.open_tab = BottomTab::Scenario;  // what Esc leaves on screen
    return true;
}

void presenter_next(AppState& s) {
    PresenterState& p = s.ui.presenter;
    if (p.awaiting_step || p.rewind_to || step_running(s)) return;
    const size_t next = p.beat ? *p.beat + 1 : 0;
    if (next < presenter_beats(s.events()).size()) return show_beat(p, next);
    if (steps_left(s)) return run_next_step(s);
    p.playing = false;  // the end of the story
}

void presenter_back(AppState& s) {
    PresenterState& p = s.ui.presenter;
    if (p.awaiting_step || p.rewind_to || step_running(s) || !p.beat) return;
    if (*p.beat == 0) return restart_world(s);
    const size_t target = *p.beat - 1;
    // The phone shows the world after the latest step: within that step's beats, no replay is needed.
    if (!p.step_starts.empty() && target >= p.step_starts.back()) return show_beat(p, target);
    restart_world(s);
    p.rewind_to = target;
}

void presenter_restart(AppState& s) {
    if (step_running(s)) return;
    s.ui.presenter.rewind_to.reset();
    restart_world(s);
}

namespace {

// The live session grows while presenter shows it (an action released from step mode ends): on
// its newest beat, presenter follows to the new newest.
void follow_live(AppState& s) {
    PresenterState& p = s.ui.presenter;
    const size_t have = presenter_beats(s.events()).size();
    if (have <= p.live_beats) return;
    if (!p.beat || *p.beat + 1 >= p.live_beats) show_beat(p, have - 1);
    p.live_beats = have;
}

}  // namespace

void presenter_tick(AppState& s, double dt_s) {
    PresenterState& p = s.ui.presenter;
    if (p.on && p.live) follow_live(s);
    if (!p.on || step_running(s)) return;
    if (p.awaiting_step) finish_step(s);
    if (p.rewind_to) return continue_rewind(s);
    if (!p.playing) return;
    p.on_beat_s += dt_s;
    if (p.on_beat_s >= s.ui.prefs.pace_s) presenter_next(s);
}

float presenter_scale(float display_h) { return std::max(1.0f, 1.25f * display_h / 720.0f); }

float wanted_ui_scale(const AppState& s, float display_h, float content_scale) {
    float scale = s.ui.prefs.ui_scale * std::max(1.0f, content_scale);
    if (s.ui.presenter.on) scale *= presenter_scale(display_h / std::max(1.0f, content_scale));
    return std::round(scale * 20.0f) / 20.0f;
}

std::string presentation_title(const AppState& s) {
    const PresenterState& p = s.ui.presenter;
    if (p.live || !s.replay.loaded()) return tr("Live session");
    for (const Demo& d : demos())
        if (p.demo_file == d.file) return language() == Lang::Zh ? d.title_zh : d.title_en;
    return s.replay.scenario->name;
}

}  // namespace ls::gui
