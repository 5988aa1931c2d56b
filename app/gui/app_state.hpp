#pragma once
// The GUI's model: one Engine, the worker thread that runs one client action at a time, an
// incremental copy of the journal, and what the panels remember between frames (UiState).
// Everything here is touched by the UI thread only, except what the worker does to the Engine.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "loginscope/engine.hpp"
#include "loginscope/invariants.hpp"
#include "loginscope/recorder.hpp"
#include "loginscope/steps.hpp"
#include "audit_run.hpp"
#include "backend_link.hpp"
#include "exports.hpp"
#include "file_picker.hpp"
#include "prefs.hpp"
#include "replay.hpp"

namespace ls::gui {

// The visible window of the timeline: time at the left edge and the zoom.
struct TimelineView {
    double t0 = -5000;  // ms
    double ms_per_px = 0;  // 0: not laid out yet (first draw fits ~6 minutes)
    bool follow = true;    // keep the playhead in view
};

struct FaultForm {
    int hop = 0;    // index into fault_hops(flow) (the same for every hop but the last, dev_to_cloud_function)
    int when = 0;   // WhenMode
    int kind = 0;   // index into all_fault_kinds()
    int code = 0;   // index into catalog_for("wechat", hop)
    int n = 1;
    float probability = 0.5f;
    int seed = 1;
    int ms = 1000;
    int status = 502;
    int bytes = 10;
    // One-click phone faults armed for the next call (FaultPreset::restore): their keys, the
    // environment before the first of them, and the phone's step last started when they were armed.
    std::vector<std::string> armed;
    Environment before_armed;
    uint64_t armed_after_action = 0;
    std::vector<std::string> dropped;  // rules a flow switch did not carry over (the tab says which)
};

// The univerifyStyle editor: a form and a JSON text over one style.
struct UniverifyStyleDraft {
    bool loaded = false;
    UniverifyStyle style;  // the last valid style: what the next uni.login uses
    std::string json;      // the JSON editor's text
    std::string error;     // why the text is not a valid univerifyStyle; "" when it is
};

struct SetupDraft {
    bool loaded = false;
    Environment env;
    AppConfig app;
    bool show_secret = false;
    UniverifyStyleDraft univerify_style;  // kept across new worlds
    std::optional<Flow> switch_to;  // a flow picked while the journal has events: asked before switching
    bool backend_chosen = false;    // Developer server: "Your backend" picked (its chooser shown)
    std::string backend_path;       // … the profile to attach
    std::string backend_error;      // why the last one could not be attached ("" when it was)
};

// What a file picker's answer is for (the Scenario tab's "…" buttons).
enum class PickFor { None, OpenScenario, SaveScenario, ExportFolder, BackendProfile };

// The Scenario tab's fields: where the recording is saved and a scenario opened from, and the folder
// exports go to.
struct SessionForm {
    std::string save_path = "loginscope-session.json";
    std::string open_path = "loginscope-session.json";
    std::string scenario_name;  // the recording's name; "" → a name from the flow
    std::string export_dir = "loginscope-export";
    std::string status;         // the last record / save / open result
    bool status_error = false;
    PickFor picking = PickFor::None;  // the file picker is open for this field
};

// Presenter mode (presenter.hpp): an opened scenario told beat by beat — a beat is one journal
// event worth a sentence — with the phone and the sequence diagram side by side and a caption.
struct PresenterState {
    bool on = false;
    bool playing = false;               // auto-play: the next beat after Preferences::pace_s
    double on_beat_s = 0;               // how long the current beat has been shown
    std::optional<size_t> beat;         // index into presenter_beats(); nullopt: the title card
    std::vector<size_t> step_starts;    // the first beat of each scenario step run so far
    bool awaiting_step = false;         // Next ran a step: show its first beat when it is done
    std::optional<size_t> rewind_to;    // Back across a step: the beat to stop at while replaying
    std::string demo_file;              // the demo shown ("" for a scenario opened otherwise)
    // What is presented: the open scenario (its steps run on Next), or the live session as it stands
    // (its journal told beat by beat; Next never acts on the live engine).
    bool live = false;
    size_t live_beats = 0;              // live: the beats presenter has seen (it follows new ones from the newest)
    bool resume_step_mode = false;      // step mode was on: presenter turned it off, Exit turns it on
};

// The toolbar's groups as last drawn: their widths decide how many rows it needs (toolbar_rows).
struct ToolbarLayout {
    static constexpr size_t kGroups = 4;  // client calls, step, clock, reset (+ the clock's readout)
    float group_w[kGroups] = {};
    float gap = 0;        // a separator between two groups on one row
    float readout_w = 0;  // the clock's time beside the last group
};

enum class BottomTab { Timeline, Sequence, Console, Faults, Scenario, Audit };
std::optional<BottomTab> bottom_tab_from_string(const std::string& name);  // "timeline", "sequence", …

struct UiState {
    std::optional<size_t> selected_event;  // index into AppState::events()
    bool follow_latest = true;             // select the newest HTTP step as it arrives
    bool all_flows = false;                // inspector lists every event, not only the latest action's
    bool pretty_json = true;
    bool error_dismissed = false;          // the failure dialog of the last result was closed
    bool profile_outside_tap = false;      // getUserProfile is called after an await, not in the tap
    bool only_authorize = false;           // uni.login({provider:'weixin', onlyAuthorize: true})
    // uni.login weixin (without onlyAuthorize) and apple end in the App (authResult / appleInfo) with no
    // token of ours: the App keeps the user signed in until a later login fails or a new world.
    bool app_signed_in = false;
    std::optional<BottomTab> open_tab;     // a tab to bring to front on the next frame
    TimelineView timeline;
    ToolbarLayout toolbar;
    std::optional<PaneSizes> panes_dragged;  // a splitter is being dragged: prefs.panes on release
    FaultForm fault_form;
    SetupDraft setup;
    SessionForm session;
    Preferences prefs;
    PresenterState presenter;
    bool show_glossary = false;
    // What the style was last built for (draw_frame rebuilds it when the theme or the fonts' scale
    // changed) and the scale the window built the fonts at.
    std::optional<std::pair<Theme, float>> style_built_for;
    float font_scale = 1.0f;
    FilePicker picker;  // the open / save / folder dialog, native or in-app (one at a time)
};

// A phone step the worker finished: what the recorder turns into the step's expectations.
struct FinishedAction {
    std::optional<size_t> recorded_at;  // its place in the recording (Recorder::started)
    ActionResult result;
    UniverifyPageState page;  // the one-click page right after the action
};

class AppState {
public:
    explicit AppState(const EngineConfig& cfg);
    ~AppState();
    AppState(const AppState&) = delete;
    AppState& operator=(const AppState&) = delete;

    Engine& engine() { return *engine_; }
    const Engine& engine() const { return *engine_; }

    // Takes the phone's `step` on the worker, the same path as a replayed step (apply_step); false
    // when a step is still in flight. `recorded_at`: where the recorder put it.
    bool start(const Step& step, std::optional<size_t> recorded_at = std::nullopt);
    uint64_t last_action_id() const { return next_action_id_; }
    // Client actions finished since the last call, in order.
    std::vector<FinishedAction> take_finished();
    // Runs `job` on the worker, the phone showing `shown` as running (replayed scenario steps;
    // nullptr for a step the phone does not take); false when busy.
    bool start_job(const StepKind* shown, std::function<void(Engine&)> job);
    bool in_flight() const { return in_flight_.load(); }
    // Real seconds the step in flight has been running (0 when none): a slow backend's wait, shown live.
    double running_seconds() const {
        return in_flight() ? std::chrono::duration<double>(std::chrono::steady_clock::now() - job_started_).count() : 0;
    }
    // The phone's step running on the worker; nullptr when none.
    const StepKind* running_step() const { return running_.load(); }
    // Called from the worker when an action ends (the window wakes its event wait with it).
    void set_wake(std::function<void()> wake) { wake_ = std::move(wake); }
    const std::function<void()>& wake() const { return wake_; }

    // Step mode off (a paused worker finishes), worker joined, then a new world.
    void reset(uint64_t seed);
    // A new engine from `cfg` (flow or app config changed), through world_config() with the attached
    // backend; same shutdown order as reset(). The old engine is gone before the new one listens (the
    // platform's port is fixed while a backend is attached).
    void rebuild(const EngineConfig& cfg);

    // The team's backend the worlds talk to (nullptr: the built-in developer server).
    const BackendLink* backend() const { return backend_ ? &*backend_ : nullptr; }
    // Attaches `link` (nullopt: detaches) and builds a new world of the current flow with it.
    void attach_backend(std::optional<BackendLink> link);
    // The platform requests the attached backend has made since it was attached (across worlds), and
    // the last one's method and path ("" before the first).
    size_t backend_calls() const { return backend_calls_; }
    const std::string& last_backend_call() const { return last_backend_call_; }
    // The audit needs the platform's port: the session's worlds give it up (the built-in server on an
    // ephemeral port) until it is reclaimed, which builds a new world on it again.
    void lend_platform_port();
    void reclaim_platform_port();
    bool platform_port_lent() const { return port_lent_; }

    // Copies the journal events recorded since the last call (append only).
    void sync();
    // Engine::next_expiry() scans every live code and key; the toolbar asks each frame, so the answer
    // is kept until the journal changes (every state change is journaled) or the expiry passes.
    std::optional<int64_t> next_expiry();
    const std::vector<Event>& events() const { return events_; }
    const std::vector<LifetimeBar>& bars() const { return bars_; }
    const std::vector<std::string>& console() const { return console_; }
    const std::vector<size_t>& messages() const { return messages_; }  // indices of events with `to`
    // Live invariants: against a team's backend, the invariants (explore's, invariants.hpp) are checked
    // on the worker after every step; what this world broke, each once, in the order found.
    const std::vector<InvariantViolation>& violations() const { return violations_; }
    // The live invariants checked now, on this thread, with nothing in flight (a scenario played
    // straight onto the engine, as `screenshot` does, took no worker step).
    void check_invariants_now() {
        if (!in_flight() && engine_->config().backend) check_invariants(*engine_, *checker_);
    }
    // The index in events() of a journal event's seq (a violation's evidence), if it is there.
    std::optional<size_t> event_index(uint64_t seq) const;
    uint32_t latest_flow() const { return latest_flow_; }
    // [first, last] indices of a flow's events (other flows' events may sit in between).
    std::optional<std::pair<size_t, size_t>> flow_range(uint32_t flow) const;

    UiState ui;
    Recorder recorder;
    ReplayState replay;
    ExportState exports;
    AuditState audit;  // the Audit tab's run (its thread cancelled and joined when the AppState goes)

private:
    void stop_worker();
    void forget_events();
    void check_invariants(Engine& e, InvariantChecker& checker);  // on the worker
    void take_violations();
    void index_event(size_t i);

    EngineConfig world_config_for(const EngineConfig& cfg) const;

    std::unique_ptr<Engine> engine_;
    std::optional<BackendLink> backend_;
    bool port_lent_ = false;
    size_t backend_calls_ = 0;
    std::string last_backend_call_;
    uint64_t expiry_version_ = ~0ULL;
    std::optional<int64_t> expiry_;
    std::thread worker_;
    std::atomic<bool> in_flight_{false};
    std::chrono::steady_clock::time_point job_started_;
    std::atomic<const StepKind*> running_{nullptr};
    std::function<void()> wake_;
    uint64_t next_action_id_ = 0;
    std::mutex finished_mu_;
    std::vector<FinishedAction> finished_;
    std::shared_ptr<InvariantChecker> checker_ = std::make_shared<InvariantChecker>();  // the worker's
    std::vector<InvariantViolation> found_;  // found on the worker, not yet seen by sync() (finished_mu_)
    std::vector<InvariantViolation> violations_;

    std::vector<Event> events_;
    std::vector<LifetimeBar> bars_;
    std::vector<std::string> console_;
    std::vector<size_t> messages_;
    std::map<uint32_t, std::pair<size_t, size_t>> flow_ranges_;
    uint32_t latest_flow_ = 0;
    uint64_t next_seq_ = 0;
    uint64_t seen_version_ = ~0ULL;
};

}  // namespace ls::gui
