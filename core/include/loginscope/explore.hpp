#pragma once
// `loginscope explore`: random sequences of user actions, clock moves, environment changes and
// faults for one flow, with every invariant (invariants.hpp) checked after every step. A violation
// is shrunk to the shortest scenario that still breaks the same invariant, written as a scenario
// file ("check_invariants": true) that `loginscope run` replays and fails on.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "loginscope/engine.hpp"
#include "loginscope/flaws.hpp"
#include "loginscope/invariants.hpp"

namespace ls {

struct ExploreOptions {
    Flow flow = Flow::WeChatMp;
    int runs = 200;
    uint64_t seed = 1;
    int max_steps = 16;  // steps per run
    FlawSet flaws;       // the developer server's mistakes switched on
    // Each run's engine config from the one its scenario gives (`explore --backend`: the app talks to
    // a team's backend, backend_engine_config); empty: as given.
    std::function<EngineConfig(const EngineConfig&)> configure;
};

struct ExploreFinding {
    InvariantViolation violation;    // as the shrunk scenario breaks it
    int run = 0;                     // the run that found it (0-based)
    size_t steps_before_shrink = 0;
    nlohmann::ordered_json scenario; // the shortest reproducer found
};

struct ExploreReport {
    int runs = 0;
    size_t steps = 0;                     // steps played in all runs
    std::vector<ExploreFinding> findings; // one per invariant broken, the first run that broke it
};

// `progress` (may be empty) is called after each run with the number of runs done.
ExploreReport explore(const ExploreOptions& options, const std::function<void(int)>& progress = {});

// Run `run` of `explore(options)` as a scenario: the random steps it plays (all of them, before any
// violation stops it or shrinking cuts it), for tests that want what explore drives the engine through.
nlohmann::ordered_json explore_run_scenario(const ExploreOptions& options, int run);

}  // namespace ls
