#pragma once
// Recording: what the user does in the GUI becomes a scenario file (assets/scenarios/README.md) that
// `loginscope run` replays with the same journal, event for event. A recording starts in a new
// world (the same seed, settings and phone as the GUI had), so the file can start from nothing.
//
// Contract with frame.cpp: every engine change the GUI makes while recording is reported here, in
// the order it was made: client actions when they start (their expectations when they finish),
// environment changes, clock moves, fault and flaw changes. A change made while a client action is
// still running cannot be replayed at the same moment; it is recorded after the action, with a warning.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "loginscope/engine.hpp"
#include "loginscope/scenario.hpp"

namespace ls::gui {

enum class ClientAction;

// What a client action was started with besides its name.
struct ActionParams {
    int arg = 0;                // PageTapCustomButton: the button's index
    UniverifyStyle style;       // UniLogin
    bool only_authorize = false;  // UniLoginWeixin
};

// The scenario step action for a GUI action ("login", "page_tap_custom_button", …); "" for None.
std::string scenario_action(ClientAction a, Flow flow);
// The GUI action a step action stands for (what the phone shows as running); None for clock,
// phone and fault steps.
ClientAction client_action_for(const std::string& step_action);
// The step a GUI action is (steps.hpp): the GUI runs it through apply_step, as replay does.
ScenarioStep action_as_step(ClientAction a, const ActionParams& p, Flow flow);
// The step as the scenario format writes it, without its expectations.
nlohmann::ordered_json action_step(ClientAction a, const ActionParams& p, Flow flow);
// The expectations a finished action sets for the replay: what happened.
nlohmann::ordered_json expectation(const ActionResult& r, const UniverifyPageState& page, Flow flow);
// Only the fields of `now` that differ from `base`, in the scenario's names.
nlohmann::ordered_json environment_json(const Environment& base, const Environment& now);
// The app config's fields that differ from the defaults; `unsupported` gets the ones the scenario
// format cannot carry (the replay uses their defaults).
nlohmann::ordered_json config_json(const AppConfig& c, std::vector<std::string>* unsupported = nullptr);

class Recorder {
public:
    bool recording() const { return recording_; }
    // Steps recorded (this recording or the last one); 0 when nothing was recorded.
    size_t step_count() const { return steps_.size(); }
    bool has_recording() const { return started_; }
    // `world`: the new world's config with the phone the GUI had; `faults`: its rules.
    void start(const EngineConfig& world, const std::vector<FaultRule>& faults);
    void stop() { recording_ = false; }

    void action_started(uint64_t id, nlohmann::ordered_json step, bool busy);
    void action_finished(uint64_t id, const ActionResult& r, const UniverifyPageState& page);
    void environment_changed(const Environment& after, bool busy);
    void clock_advanced(int64_t ms, bool busy);
    void jumped_to_next_expiry(bool ok, bool busy);
    void fault_added(const FaultRule& r, const std::vector<FaultRule>& now, bool busy);
    // The rules were replaced by `now` (cleared, or changed before the first step): before the first
    // step the file's "faults" follow; after it, clear_faults and add_fault steps for the enabled ones
    // (the GUI re-adds its rules the same way, so the rules' call counts restart in both).
    void faults_replaced(const std::vector<FaultRule>& now, bool busy);
    // After the first step, one rule removed or switched: remove_fault / set_fault_enabled steps with
    // its position (the rule keeps its call counts, as in the GUI).
    void fault_removed(size_t index, bool busy);
    void fault_switched(size_t index, bool on, bool busy);
    void flaws_changed(const FlawSet& flaws, bool busy);

    // The scenario file; `name` "" → "Recorded <flow> session".
    nlohmann::ordered_json scenario(const std::string& name) const;
    const std::vector<std::string>& warnings() const { return warnings_; }
    // The flow the recording was made in.
    Flow flow() const { return world_.flow; }

private:
    void add_step(nlohmann::ordered_json step, bool busy, const char* what);

    bool recording_ = false;
    bool started_ = false;
    EngineConfig world_;
    Environment env_;  // the phone as the last recorded step left it
    std::vector<FaultRule> initial_faults_;
    std::vector<nlohmann::ordered_json> steps_;
    std::vector<std::pair<uint64_t, size_t>> open_actions_;  // action id → index in steps_
    std::vector<std::string> warnings_;
};

}  // namespace ls::gui
