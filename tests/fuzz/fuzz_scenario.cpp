// libFuzzer target: the scenario parser on arbitrary JSON text, then — for a scenario it accepts —
// the replay of that scenario on the in-process transport and the reports built from the result.
//
// Contract under test (scenario.hpp, ENGINEERING.md "errors that a user can cause are values"):
// parse_scenario either returns a Scenario or throws ScenarioError; any other exception, a crash,
// a sanitizer report or a hang is a bug. A scenario it accepts must replay without throwing.
#include <cstddef>
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "loginscope/scenario.hpp"

namespace {
// Long scenarios add run time, not new paths: replay only the first this many steps.
constexpr size_t kMaxReplayedSteps = 32;
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    const nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded()) return 0;  // not JSON: load_scenario reports that before the parser runs
    ls::Scenario s;
    try {
        s = ls::parse_scenario(j, "fuzz.json");
    } catch (const ls::ScenarioError&) {
        return 0;  // rejected with a message: the contract
    }
    if (s.steps.size() > kMaxReplayedSteps) s.steps.resize(kMaxReplayedSteps);
    const ls::ScenarioResult r = ls::run_scenario(s, ls::TransportMode::InProcess);
    // The reports format whatever the scenario and the engine put in the journal.
    (void)ls::junit_report({r});
    (void)ls::json_report({r});
    (void)ls::har_report({r});
    return 0;
}
