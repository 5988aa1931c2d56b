#pragma once
// Replay in the GUI: a scenario file opened in the Scenario tab, stepped through (Next step) or run
// to the end (Run all) on the GUI's engine, one step per worker job. Each step does exactly what
// `loginscope run` does with it (play_scenario), so the journal is the same, event for event.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "loginscope/invariants.hpp"
#include "loginscope/scenario.hpp"

namespace ls::gui {

struct StepRun {
    ActionResult result;
    std::vector<std::string> failures;  // the step's unmet expectations
};

// Step `i` of `s` on `engine`, checked as `loginscope run` checks it; `inv` keeps what the
// invariants remember across steps (used only when the scenario asks for them).
StepRun run_step(Engine& engine, const Scenario& s, size_t i, InvariantChecker& inv);
// After the last step: the scenario's expect.events and expect.console.
std::vector<std::string> final_failures(Engine& engine, const Scenario& s);

struct ReplayState {
    std::shared_ptr<const Scenario> scenario;  // shared with the step running on the worker
    std::string error;                   // why the last open failed ("" when it did not)
    std::vector<std::optional<StepRun>> runs;  // one per step, set when it ran
    size_t next = 0;                     // the step Next runs
    bool run_all = false;                // keep going after each step
    std::shared_ptr<StepRun> running;    // the step on the worker writes here
    size_t running_index = 0;
    std::shared_ptr<InvariantChecker> invariants;
    std::optional<std::vector<std::string>> final;  // set after the last step
    bool diverged = false;               // the user changed the world besides the replay

    bool loaded() const { return scenario != nullptr; }
    bool finished() const { return loaded() && next >= scenario->steps.size() && !running; }
    size_t failed_steps() const;
};

}  // namespace ls::gui
