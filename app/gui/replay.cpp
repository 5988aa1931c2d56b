#include "replay.hpp"

namespace ls::gui {

namespace {
// A scenario of `s`'s file, name and world, with no faults, steps or expectations yet.
Scenario part_of(const Scenario& s) { return Scenario{s.file, s.name, {}, s.config}; }
}  // namespace

StepRun run_step(Engine& engine, const Scenario& s, size_t i, InvariantChecker& inv) {
    Scenario one = part_of(s);
    one.steps = {s.steps.at(i)};
    const ScenarioResult r = play_scenario(engine, one);
    StepRun out;
    out.result = r.steps.front().result;
    out.failures = r.steps.front().failures;
    if (s.check_invariants)
        for (auto& v : inv.check(engine, out.result)) out.failures.push_back("invariant " + v.invariant + ": " + v.detail);
    return out;
}

std::vector<std::string> final_failures(Engine& engine, const Scenario& s) {
    Scenario end = part_of(s);
    end.expect_events = s.expect_events;
    end.expect_console = s.expect_console;
    return play_scenario(engine, end).failures;
}

size_t ReplayState::failed_steps() const {
    size_t n = 0;
    for (auto& r : runs) n += r && !r->failures.empty();
    return n;
}

}  // namespace ls::gui
