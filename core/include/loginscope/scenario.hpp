#pragma once
// Scenario files (docs/SCENARIOS.md): flow, environment, config, faults, steps and expectations,
// replayed headless by `loginscope run` and by the GUI with the same engine and the same results.
#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "loginscope/engine.hpp"
#include "loginscope/steps.hpp"

namespace ls {

// Unusable input: the message names the file and the field ("x.json: steps[2].action: …").
struct ScenarioError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// What a scenario may hold (assets/scenarios/README.md, "Limits"): a larger file or more steps is
// refused before it is read or its steps are built, so a runaway file fails with a message, not
// with the machine's memory.
constexpr uint64_t kMaxScenarioFileBytes = 8 * 1024 * 1024;
constexpr size_t kMaxScenarioSteps = 10000;
constexpr int kMaxStepIndex = 100000;  // a step's `index` and `code_back`

struct Scenario {
    std::string file;
    std::string name;
    std::string description;
    EngineConfig config;
    std::vector<FaultRule> faults;
    std::vector<Step> steps;
    std::vector<std::string> expect_events;  // event kinds that must appear, in this order (not necessarily adjacent)
    std::vector<std::string> expect_console; // console lines that must appear (prefix match), in order
    bool check_invariants = false;           // check invariants.hpp after every step (explore's reproducers)
    std::string backend;  // the name of the backend profile it was recorded against ("": the built-in server)
};

Scenario parse_scenario(const nlohmann::json& j, const std::string& file);  // throws ScenarioError
const std::set<std::string>& scenario_actions();  // every step action the parser accepts
std::set<std::string> scenario_environment_fields();  // every field an "environment" may have (packs' settings too)
std::set<std::string> scenario_config_fields();       // every field a "config" may have
Scenario load_scenario(const std::string& path);                          // throws ScenarioError

struct StepOutcome {
    ActionResult result;
    std::vector<std::string> failures;  // unmet expectations of this step
};

struct ScenarioResult {
    std::string file, name;
    bool passed = false;
    std::vector<StepOutcome> steps;
    std::vector<std::string> failures;  // every unmet expectation, step ones included
    // Against a team's backend (EngineConfig::backend): the expectations about the built-in developer
    // server's own replies and events, which do not apply, each named ("steps[2] send_code: errcode").
    std::vector<std::string> skipped;
    std::vector<Event> events;
    double real_seconds = 0;
};

// Applies the scenario's faults and steps to `engine` (already built from scenario.config).
ScenarioResult play_scenario(Engine& engine, const Scenario& s);
// Builds a fresh engine from the scenario and plays it.
ScenarioResult run_scenario(const Scenario& s, std::optional<TransportMode> transport = std::nullopt);

std::string junit_report(const std::vector<ScenarioResult>& results);
// Text made safe for an XML attribute or element (&, <, >, " escaped; control characters but \n and \t
// become spaces): the JUnit reports of run and audit.
std::string xml_escape(const std::string& s);
std::string json_report(const std::vector<ScenarioResult>& results);
// Every HTTP exchange of the runs as HAR 1.2 (one entry per http.response event; times are virtual,
// counted from 2023-11-14T22:13:20Z = virtual 0, so the same runs give the same file but for the
// ports). URLs are where each request went: http://127.0.0.1:PORT/… on the HTTP transport (the ports
// of that run), the journal's logical URL (https://api.weixin.qq.com/…) in process.
std::string har_report(const std::vector<ScenarioResult>& results);
// Runs the scenarios on `jobs` threads (each on its own engine); results in the input order, the
// same as a serial run. `done` (optional) hears of each result as it finishes, from its thread.
std::vector<ScenarioResult> run_scenarios(const std::vector<Scenario>& scenarios, int jobs,
                                          const std::function<void(const ScenarioResult&)>& done = {});
// Writes via a temporary file (PATH.tmp) and rename, so a reader never sees half a file.
void write_file_atomically(const std::string& path, const std::string& content);
// Removes the temporary files write_file_atomically is writing at this moment. Async-signal-safe:
// for a SIGINT/SIGTERM handler, so an interrupted write leaves no stray PATH.tmp (the target file
// keeps what it had).
void remove_unfinished_temp_files() noexcept;

}  // namespace ls
