#pragma once
// A step is data: the one vocabulary of what can be done to an Engine — a user's tap or call, a
// clock move, an environment change, a fault or flaw switched — shared by the GUI's buttons,
// scenario replay, explore and the recorder (recorder.hpp). Every kind of step is one row of step_kinds(): its id (a scenario file's
// "action"), the label people read, the Engine call it makes, who takes it, whether the phone shows a login under
// way while it runs, in which flows and how often explore draws it, and what it does (apply).
// Reading a step from JSON is the scenario parser's (scenario.cpp, which checks every field);
// writing one is step_to_json, so whatever a step holds survives a round trip.
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "loginscope/engine.hpp"

namespace ls {

struct StepExpectation {
    std::optional<bool> ok;
    std::optional<std::string> errMsg;      // exact
    std::optional<int> errcode;
    std::optional<int> http_status;
    std::optional<std::string> detail_contains;
    std::optional<bool> pending;       // uni.login still waits for a tap on the one-click page
    std::optional<bool> page_open;     // the one-click page after the step
    std::optional<bool> page_checked;  // its privacy checkbox
    std::optional<bool> page_hint;     // the unchecked-box hint is showing
};

struct Step {
    std::string action;                  // its kind: a row of step_kinds() (scenario_actions())
    LoginOptions login;
    int64_t ms = 0;                      // advance
    std::string code;                    // send_code: this code instead of the last one
    int index = 0;                       // page_tap_custom_button; remove_fault / set_fault_enabled: the rule's position
    bool enabled = true;                 // set_fault_enabled
    UniverifyStyle style;                // univerify_login
    bool from_tap = true;                // get_user_profile: called directly in a tap handler
    ProfileRequest profile;              // get_user_profile: desc (null: left out) and lang
    std::string provider = "univerify";  // pre_login: uni.preLogin's provider
    std::string text;                    // nickname_type: what the user types
    bool only_authorize = false;         // uni_login_weixin
    std::optional<Environment> env;      // environment
    int code_back = 0;                   // send_code: the code the phone got this many codes before its latest
    std::string claim_openid_of;         // send_code: also claim the openid the flow's platform gave this user
    std::string watermark_appid;         // profile_allow: open data watermarked for another app
    std::optional<FaultRule> fault;      // add_fault
    FlawSet flaws;                       // set_flaws
    StepExpectation expect;
    nlohmann::json source;               // the step as written (reports, recording)
};

using FlowSet = unsigned;  // one bit per Flow
constexpr FlowSet flow_bit(Flow f) { return 1u << unsigned(f); }
constexpr FlowSet kEveryFlow = ~0u;  // the built-in flows and every pack's

// Who takes a step: the phone (a tap or a client API call), the developer's server, or the tester
// (the clock, the phone's environment, faults and flaws).
enum class StepBy { Phone, Server, Tester };

struct StepKind {
    const char* id;           // the scenario's "action"
    const char* label;        // what people read: the API or the tap ("wx.login", "tap 允许 (WeChat)")
    const char* engine_call;  // the Engine member it calls ("" for none)
    StepBy by;                // who takes it: the phone's own steps show as running and end in its dialogs
    bool login_running;       // while it runs, the phone shows the login under way (its loading toast)
    int explore_weight;       // how often explore draws it among the flow's moves (0: never)
    FlowSet explore_flows;    // the flows explore draws it in
    ActionResult (*apply)(Engine&, const Step&);
};

// Every kind of step, in explore's drawing order (explore rolls its weights in this order, so the
// order is part of what a seed means).
const std::vector<StepKind>& step_kinds();
const StepKind* find_step_kind(std::string_view id);  // nullptr for an unknown id

// A new step of kind `id` with every parameter at its default.
Step make_step(std::string id);

// What the step does to the engine (its kind's apply); an unknown action throws std::out_of_range.
ActionResult apply_step(Engine& engine, const Step& step);
// What people read for a step: its kind's label, with what its parameters change
// ("wx.getUserProfile (not from a tap)", "tap custom button 2"); the id for an unknown kind.
std::string step_label(const Step& step);

// The step as a scenario file writes it: its action and every parameter that differs from a new
// step's, then its expectations; parse_scenario reads it back to the same step.
nlohmann::ordered_json step_to_json(const Step& step);
// A step's "expect": the expectations it has ({} for none).
nlohmann::ordered_json expectation_json(const StepExpectation& expect);
// A fault rule as a step or a scenario's "faults" writes it: its fields in the order the scenario
// docs give them (where × when × what).
nlohmann::ordered_json fault_rule_json(const FaultRule& rule);

}  // namespace ls
