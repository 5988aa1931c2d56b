#include "session.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "exports.hpp"
#include "i18n.hpp"

#include "loginscope/scenario.hpp"
#include "loginscope/steps.hpp"

namespace ls::gui {

namespace {


void status(AppState& s, std::string text, bool error = false) {
    s.ui.session.status = std::move(text);
    s.ui.session.status_error = error;
}

void export_status(AppState& s, std::string text, bool error = false) {
    s.exports.message = std::move(text);
    s.exports.failed = error;
}

std::string absolute(const std::string& path) {
    std::error_code ec;
    const auto p = std::filesystem::absolute(path, ec);
    return ec ? path : p.lexically_normal().string();
}

// A new world from `cfg` with `rules`, keeping the clock's speed; Setup re-reads it.
void new_world(AppState& s, const EngineConfig& cfg, const std::vector<FaultRule>& rules) {
    const double speed = s.engine().clock().speed();
    s.rebuild(cfg);
    for (const FaultRule& r : rules) s.engine().add_fault(r);
    s.engine().clock().set_speed(speed);
    s.ui.setup.loaded = false;
}

void close_replay(AppState& s) {
    s.replay = ReplayState{};
    s.ui.presenter.demo_file.clear();
}

void restart_replay(AppState& s, std::shared_ptr<const Scenario> sc) {
    new_world(s, sc->config, sc->faults);
    s.replay = ReplayState{};
    s.replay.scenario = std::move(sc);
    s.replay.runs.resize(s.replay.scenario->steps.size());
    s.replay.invariants = std::make_shared<InvariantChecker>();
}

std::string session_title(const AppState& s) {
    if (s.replay.loaded()) return s.replay.scenario->name;
    if (s.recorder.has_recording()) return s.recorder.scenario(s.ui.session.scenario_name)["name"];
    return "LoginScope session";
}

// The scenario a walkthrough replays: the opened file, else the recording saved beside the pictures.
std::string walkthrough_source(AppState& s, const std::string& dir) {
    if (s.replay.loaded()) return s.replay.scenario->file;
    if (s.recorder.step_count() == 0) return {};
    std::filesystem::create_directories(dir);
    const std::string file = dir + "/scenario.json";
    write_file_atomically(file, s.recorder.scenario(s.ui.session.scenario_name).dump(2) + "\n");
    return file;
}

void export_walkthrough(AppState& s) {
    const std::string dir = walkthrough_export_dir(s.ui.session.export_dir);
    const std::string source = walkthrough_source(s, dir);
    if (source.empty()) {
        export_status(s, tr("Record or open a scenario first: the walkthrough replays it to take its pictures"), true);
        return;
    }
    if (start_walkthrough(s.exports, source, absolute(dir)))
        export_status(s, trf("rendering the walkthrough into %s…", absolute(dir).c_str()));
}

void run_export(AppState& s, SessionCommand c) {
    const std::string& dir = s.ui.session.export_dir;
    try {
        if (c == SessionCommand::ExportJournal) {
            export_journal(s.engine().journal().all(), journal_export_path(dir));
            export_status(s, trf("wrote %s", absolute(journal_export_path(dir)).c_str()));
        } else if (c == SessionCommand::ExportHar) {
            export_har(s.engine().journal().all(), session_title(s), har_export_path(dir));
            export_status(s, trf("wrote %s", absolute(har_export_path(dir)).c_str()));
        } else {
            export_walkthrough(s);
        }
    } catch (const std::exception& e) {
        export_status(s, e.what(), true);
    }
    if (!s.exports.failed) remember(s.ui.prefs.recent.export_dirs, absolute(dir));
}

// Save and Open from the Scenario tab (its buttons, its Recent menu, its file picker): what works is
// remembered in the recent files.
void save_from_tab(AppState& s) {
    if (save_recording(s)) remember(s.ui.prefs.recent.scenarios, absolute(s.ui.session.save_path));
}

void open_from_tab(AppState& s) {
    if (open_scenario(s, s.ui.session.open_path)) remember(s.ui.prefs.recent.scenarios, absolute(s.ui.session.open_path));
}

// Where a dialog for `path` starts: the path when it is a folder, else the nearest folder above it
// that exists.
std::string folder_of(const std::string& path) {
    std::filesystem::path p = absolute(path.empty() ? "." : path);
    std::error_code ec;
    while (!std::filesystem::is_directory(p, ec) && p.has_relative_path()) p = p.parent_path();
    return p.string();
}

void browse(AppState& s, PickFor what) {
    const SessionForm& f = s.ui.session;
    const RecentFiles& recent = s.ui.prefs.recent;
    PickRequest r;
    r.filter = "*.json";
    if (what == PickFor::BackendProfile) {
        r.title = tr("Open a backend profile");
        r.start_dir = folder_of(s.ui.setup.backend_path);
    } else if (what == PickFor::OpenScenario) {
        r.title = tr("Open a scenario");
        r.start_dir = folder_of(f.open_path);
    } else if (what == PickFor::SaveScenario) {
        r.kind = PickKind::SaveFile;
        r.title = tr("Save the scenario as");
        r.start_dir = folder_of(f.save_path);
        r.file_name = std::filesystem::path(f.save_path).filename().string();
    } else {
        r.kind = PickKind::Folder;
        r.title = tr("Choose the export folder");
        r.start_dir = folder_of(f.export_dir);
    }
    s.ui.session.picking = what;
    s.ui.picker.ask(r, what == PickFor::ExportFolder     ? recent.export_dirs
                       : what == PickFor::BackendProfile ? recent.backend_profiles
                                                         : recent.scenarios);
}

// The picker's answer fills the field it was opened for; Open then opens it and Save saves. Cancel
// changes nothing.
void poll_picker(AppState& s) {
    const std::optional<PickAnswer> answer = s.ui.picker.poll();
    if (!answer) return;
    const PickFor what = s.ui.session.picking;
    s.ui.session.picking = PickFor::None;
    if (!answer->path) return;
    switch (what) {
        case PickFor::None: break;
        case PickFor::OpenScenario:
            s.ui.session.open_path = *answer->path;
            open_from_tab(s);
            break;
        case PickFor::SaveScenario:
            s.ui.session.save_path = *answer->path;
            save_from_tab(s);
            break;
        case PickFor::ExportFolder:
            s.ui.session.export_dir = *answer->path;
            remember(s.ui.prefs.recent.export_dirs, *answer->path);
            break;
        case PickFor::BackendProfile:
            s.ui.setup.backend_path = *answer->path;
            attach_backend_file(s, *answer->path);
            break;
    }
}

void poll_replay(AppState& s) {
    ReplayState& r = s.replay;
    if (!r.running || s.in_flight()) return;
    r.runs[r.running_index] = *r.running;
    r.running.reset();
    r.next = r.running_index + 1;
    if (r.next < r.scenario->steps.size()) {
        if (r.run_all) replay_next(s);
        return;
    }
    r.run_all = false;
    r.final = final_failures(s.engine(), *r.scenario);
}

// A tester's step on the UI thread (the clock, the phone, faults, flaws): applied as a replay applies
// it, and recorded.
void take_step(AppState& s, const Step& step, bool busy) {
    const std::optional<size_t> place = s.recorder.started(step, busy);
    const ActionResult r = apply_step(s.engine(), step);
    if (place) s.recorder.finished(*place, r, s.engine().univerify_page());
}

bool changes_world(const Intents& in) {
    return in.step || in.advance_ms > 0 || in.jump_to_next_expiry || in.environment ||
           !in.add_faults.empty() || in.remove_fault || in.enable_fault || in.clear_faults || in.flaws;
}

// Removing or switching one rule while recording is recorded as exactly that (remove_fault,
// set_fault_enabled). Before the first step, and for Clear, the rules are replaced instead: the GUI
// keeps only the enabled ones, as the file's "faults" (or the recorded clear_faults) will.
void change_faults(AppState& s, const Intents& in, bool busy) {
    Engine& e = s.engine();
    Recorder& rec = s.recorder;
    const bool exact = !rec.recording() || (rec.step_count() > 0 && !in.clear_faults);
    if (exact) {
        if (in.enable_fault) {
            Step step = make_step("set_fault_enabled");
            step.index = int(in.enable_fault->first);
            step.enabled = in.enable_fault->second;
            take_step(s, step, busy);
        }
        if (in.remove_fault) {
            Step step = make_step("remove_fault");
            step.index = int(*in.remove_fault);
            take_step(s, step, busy);
        }
        if (in.clear_faults) e.clear_faults();
        return;
    }
    std::vector<FaultRule> rules = e.faults();
    if (in.enable_fault && in.enable_fault->first < rules.size()) rules[in.enable_fault->first].enabled = in.enable_fault->second;
    if (in.remove_fault && *in.remove_fault < rules.size()) rules.erase(rules.begin() + long(*in.remove_fault));
    if (in.clear_faults) rules.clear();
    e.clear_faults();
    for (const FaultRule& r : rules)
        if (r.enabled) e.add_fault(r);
    rec.faults_replaced(rules, busy);
}

}  // namespace

void start_recording(AppState& s) {
    Engine& e = s.engine();
    EngineConfig world = e.config();
    world.env = e.environment();
    std::vector<FaultRule> rules;
    for (const FaultRule& r : e.faults())
        if (r.enabled) rules.push_back(r);
    close_replay(s);
    new_world(s, world, rules);
    s.engine().clock().set_running(false);  // real-time clock moves are not journaled: no replay could repeat them
    // Against a team's backend the file names the profile; its apps and secrets stay in the profile.
    const BackendLink* link = s.backend();
    const bool against = link && link->has(world.flow);
    s.recorder.start(against ? builtin_engine_config(world, link->profile) : world, rules, "GUI", against ? link->profile.name : "");
    status(s, trf("Recording in a new world (seed %llu): use the app, then Save", (unsigned long long)world.seed));
}

bool save_recording(AppState& s) {
    const std::string& path = s.ui.session.save_path;
    if (s.recorder.step_count() == 0) {
        status(s, tr("Nothing recorded yet: press Record, then use the app"), true);
        return false;
    }
    try {
        write_file_atomically(path, s.recorder.scenario(s.ui.session.scenario_name).dump(2) + "\n");
        load_scenario(path);  // what `loginscope run` will read
    } catch (const std::exception& e) {
        status(s, e.what(), true);
        return false;
    }
    status(s, trf("Saved %zu steps to %s", size_t(s.recorder.step_count()), absolute(path).c_str()) +
                  (s.in_flight() ? tr(" (the running action's result is not in it yet)") : ""));
    s.ui.session.open_path = path;
    return true;
}

bool open_scenario(AppState& s, const std::string& path) {
    std::shared_ptr<const Scenario> sc;
    try {
        sc = std::make_shared<const Scenario>(load_scenario(path));
    } catch (const ScenarioError& e) {
        s.replay.error = e.what();
        return false;
    }
    s.recorder.stop();
    restart_replay(s, std::move(sc));
    s.ui.session.open_path = path;
    status(s, "");
    return true;
}

void replay_next(AppState& s) {
    ReplayState& r = s.replay;
    if (!r.loaded() || r.running || r.next >= r.scenario->steps.size()) return;
    auto out = std::make_shared<StepRun>();
    const size_t i = r.next;
    const StepKind* kind = find_step_kind(r.scenario->steps[i].action);
    const StepKind* shown = kind && kind->by == StepBy::Phone ? kind : nullptr;  // what the phone shows running
    if (s.start_job(shown, [out, sc = r.scenario, inv = r.invariants, i](Engine& e) { *out = run_step(e, *sc, i, *inv); })) {
        r.running = std::move(out);
        r.running_index = i;
    }
}

void replay_all(AppState& s) {
    s.replay.run_all = true;
    replay_next(s);
}

void poll_session(AppState& s) {
    for (const FinishedAction& f : s.take_finished())
        if (f.recorded_at) s.recorder.finished(*f.recorded_at, f.result, f.page);
    poll_replay(s);
    poll_walkthrough(s.exports);
    poll_picker(s);
}

void run_session_command(AppState& s, SessionCommand c) {
    switch (c) {
        case SessionCommand::None: break;
        case SessionCommand::StartRecording: start_recording(s); break;
        case SessionCommand::StopRecording:
            s.recorder.stop();
            status(s, trf("Stopped: %zu steps recorded", size_t(s.recorder.step_count())));
            break;
        case SessionCommand::SaveRecording: save_from_tab(s); break;
        case SessionCommand::OpenScenario: open_from_tab(s); break;
        case SessionCommand::ReplayNext: replay_next(s); break;
        case SessionCommand::ReplayAll: replay_all(s); break;
        case SessionCommand::CloseReplay:
            if (!s.replay.running) close_replay(s);
            break;
        case SessionCommand::ExportJournal:
        case SessionCommand::ExportHar:
        case SessionCommand::ExportWalkthrough: run_export(s, c); break;
        case SessionCommand::BrowseOpenPath: browse(s, PickFor::OpenScenario); break;
        case SessionCommand::BrowseSavePath: browse(s, PickFor::SaveScenario); break;
        case SessionCommand::BrowseExportDir: browse(s, PickFor::ExportFolder); break;
        case SessionCommand::BrowseBackendProfile: browse(s, PickFor::BackendProfile); break;
        case SessionCommand::CancelPick:
            s.ui.picker.cancel();
            s.ui.session.picking = PickFor::None;
            break;
    }
}

void apply_world_changes(AppState& s, const Intents& in) {
    const bool busy = s.in_flight();
    if (s.replay.loaded() && changes_world(in)) s.replay.diverged = true;
    if (in.advance_ms > 0) {
        Step step = make_step("advance");
        step.ms = in.advance_ms;
        take_step(s, step, busy);
    }
    if (in.jump_to_next_expiry) take_step(s, make_step("jump_to_next_expiry"), busy);
    if (in.environment) {
        Step step = make_step("environment");
        step.env = *in.environment;
        take_step(s, step, busy);
    }
    for (const FaultRule& r : in.add_faults) {
        Step step = make_step("add_fault");
        step.fault = r;
        take_step(s, step, busy);
    }
    if (in.enable_fault || in.remove_fault || in.clear_faults) change_faults(s, in, busy);
    if (in.flaws) {
        Step step = make_step("set_flaws");
        step.flaws = *in.flaws;
        take_step(s, step, busy);
    }
}

void start_action(AppState& s, Step step) {
    if (s.in_flight()) return;
    // What the panels leave to the GUI's options: the univerifyStyle being edited, onlyAuthorize.
    if (step.action == "univerify_login") step.style = s.ui.setup.univerify_style.style;
    if (step.action == "uni_login_weixin") step.only_authorize = s.ui.only_authorize;
    s.start(step, s.recorder.started(step, false));
}

void after_new_world(AppState& s) {
    if (s.recorder.recording()) {
        start_recording(s);
        status(s, tr("New world: the recording started again from it"));
    }
    close_replay(s);  // the new world is the user's, not the scenario's
}

void restart_scenario(AppState& s) {
    if (s.replay.loaded() && !s.replay.running) restart_replay(s, s.replay.scenario);
}

}  // namespace ls::gui
