#pragma once
// Recording: the steps taken on an Engine become a scenario file (assets/scenarios/README.md) that
// `loginscope run` replays with the same journal, event for event. A recording starts in a new
// world (its seed, settings, phone and fault rules), so the file can start from nothing.
//
// Contract with whoever drives the engine (the GUI's session.cpp, or apply() here): every step taken
// while recording is reported, in the order it was taken — started() as it is applied, finished()
// with its result, which become the step's expectations. A step started while another one still runs
// cannot be replayed at the same moment: it is recorded after that one, with a warning.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "loginscope/engine.hpp"
#include "loginscope/steps.hpp"

namespace ls {

// What a recording could not capture exactly (the GUI shows these in its own language).
struct RecordingWarning {
    enum class Kind {
        NotInFormat,  // `what` is an app setting the scenario format cannot carry: the replay uses its default
        WhileBusy,    // `what` ("a clock move", "an action", …) was taken while step `step` still ran
    };
    Kind kind;
    std::string what;
    size_t step = 0;
};

// The expectations a finished step sets for the replay: what happened.
StepExpectation expectation_of(const ActionResult& r, const UniverifyPageState& page, Flow flow);
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
    // `world`: the new world's config with its phone; `faults`: its rules; `origin`: who recorded
    // (the steps' notes say "<origin>: <label>"); `backend`: the name of the backend profile the
    // session talks to ("" for the built-in server), written as the scenario's "backend".
    void start(const EngineConfig& world, const std::vector<FaultRule>& faults, std::string origin = "GUI", std::string backend = "");
    void stop() { recording_ = false; }

    // `step` is being taken (`busy`: another step still runs). Its place in the recording, for
    // finished(); nullopt when nothing is recorded for it (not recording, or a fault rule added
    // before the first step, which joins the file's starting "faults").
    std::optional<size_t> started(const Step& step, bool busy);
    // The step at `place` ended with `r`: its expectations.
    void finished(size_t place, const ActionResult& r, const UniverifyPageState& page);
    // Takes `step` on `engine` and records it (the whole path for a caller without threads).
    ActionResult apply(Engine& engine, const Step& step);
    // The rules were replaced by `now` (cleared, or changed before the first step): before the first
    // step the file's "faults" follow; after it, clear_faults and add_fault steps for the enabled ones
    // (the GUI re-adds its rules the same way, so the rules' call counts restart in both).
    void faults_replaced(const std::vector<FaultRule>& now, bool busy);

    // The scenario file; `name` "" → "Recorded <flow> session".
    nlohmann::ordered_json scenario(const std::string& name) const;
    const std::vector<RecordingWarning>& warnings() const { return warnings_; }
    // The flow the recording was made in.
    Flow flow() const { return world_.flow; }

private:
    size_t add_step(nlohmann::ordered_json step, bool busy, const char* what);

    bool recording_ = false;
    bool started_ = false;
    std::string origin_;
    std::string backend_;
    EngineConfig world_;
    Environment env_;  // the phone as the last recorded step left it
    std::vector<FaultRule> initial_faults_;
    std::vector<nlohmann::ordered_json> steps_;
    std::vector<RecordingWarning> warnings_;
};

}  // namespace ls
