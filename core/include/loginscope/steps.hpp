#pragma once
// A step is data: the one vocabulary of what can be done to an Engine — a user's tap or call, a
// clock move, an environment change, a fault or flaw switched — shared by scenario replay, explore
// and (next) the GUI. Every kind of step is one row of step_kinds(): its id (a scenario file's
// "action"), the label people read, the Engine call it makes, whether the phone shows a login under
// way while it runs, in which flows and how often explore draws it, and what it does (apply).
// Reading a step from JSON is the scenario parser's (scenario.cpp, which checks every field);
// writing one is step_to_json, so whatever a step holds survives a round trip.
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "loginscope/engine.hpp"

namespace ls {

struct ScenarioStep;  // scenario.hpp: a step's kind (its action) and its parameters

using FlowSet = unsigned;  // one bit per Flow
constexpr FlowSet flow_bit(Flow f) { return 1u << unsigned(f); }
constexpr FlowSet kEveryFlow = flow_bit(Flow::Univerify) * 2 - 1;

struct StepKind {
    const char* id;           // the scenario's "action"
    const char* label;        // what people read: the API or the tap ("wx.login", "tap 允许 (WeChat)")
    const char* engine_call;  // the Engine member it calls ("" for none)
    bool login_running;       // while it runs, the phone shows the login under way (its loading toast)
    int explore_weight;       // how often explore draws it among the flow's moves (0: never)
    FlowSet explore_flows;    // the flows explore draws it in
    ActionResult (*apply)(Engine&, const ScenarioStep&);
};

// Every kind of step, in explore's drawing order (explore rolls its weights in this order, so the
// order is part of what a seed means).
const std::vector<StepKind>& step_kinds();
const StepKind* find_step_kind(std::string_view id);  // nullptr for an unknown id

// What the step does to the engine (its kind's apply); an unknown action throws std::out_of_range.
ActionResult apply_step(Engine& engine, const ScenarioStep& step);

// The step as a scenario file writes it: its action and every parameter that differs from a new
// step's, then its expectations; parse_scenario reads it back to the same step.
nlohmann::ordered_json step_to_json(const ScenarioStep& step);

}  // namespace ls
