// Issue 14: a step is data. One table (steps.hpp) says what every kind of step is and does; the
// parser, replay and explore read it, and a step written by step_to_json reads back as itself.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "loginscope/scenario.hpp"
#include "shipped_scenarios.hpp"
#include "loginscope/steps.hpp"

using namespace ls;
using ls::test::shipped_scenarios;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

std::string read_text(const fs::path& p) {
    std::ifstream in(p);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

}  // namespace

TEST_CASE("every step of every shipped scenario is written by step_to_json and reads back as itself", "[steps]") {
    size_t steps = 0;
    std::set<std::string> kinds_seen;
    for (const fs::path& file : shipped_scenarios()) {
        INFO(file.filename().string());
        const json original = json::parse(read_text(file));
        const Scenario first = parse_scenario(original, file.string());
        json rewritten = original;
        rewritten["steps"] = json::array();
        for (const Step& s : first.steps) rewritten["steps"].push_back(json::parse(step_to_json(s).dump()));
        const Scenario second = parse_scenario(rewritten, file.string());
        REQUIRE(second.steps.size() == first.steps.size());
        for (size_t i = 0; i < first.steps.size(); ++i) {
            INFO("step " << i << ": " << first.steps[i].source.dump());
            CHECK(step_to_json(second.steps[i]) == step_to_json(first.steps[i]));
            // Whatever the file said of the step, the written step says too (comments aside), or
            // leaves out only a new step's value: that key alone reads back as the bare step.
            const json written = json::parse(step_to_json(first.steps[i]).dump());
            for (auto& [key, value] : original["steps"][i].items()) {
                if (key == "note" || written.contains(key)) continue;
                json probe = original, bare = original;
                probe["steps"] = json::array({json{{"action", first.steps[i].action}, {key, value}}});
                bare["steps"] = json::array({json{{"action", first.steps[i].action}}});
                CHECK(step_to_json(parse_scenario(probe, "probe").steps[0]) == step_to_json(parse_scenario(bare, "bare").steps[0]));
            }
            kinds_seen.insert(first.steps[i].action);
            ++steps;
        }
    }
    CHECK(steps > 250);
    CHECK(kinds_seen.size() > 35);  // the library exercises nearly every kind
}

TEST_CASE("every Engine action has a row in the step table, and every row is a scenario action", "[steps]") {
    // The Engine's client actions: its public members, from "// Client actions." on, that answer an ActionResult.
    const std::string header = read_text(fs::path(LOGINSCOPE_ASSETS) / ".." / "core" / "include" / "loginscope" / "engine.hpp");
    const size_t from = header.find("// Client actions."), to = header.find("private:", from);
    REQUIRE(from != std::string::npos);
    REQUIRE(to != std::string::npos);
    const std::string api = header.substr(from, to - from);
    const std::regex action(R"(ActionResult\s+(\w+)\s*\()");
    std::set<std::string> actions;
    for (auto it = std::sregex_iterator(api.begin(), api.end(), action); it != std::sregex_iterator(); ++it)
        actions.insert((*it)[1]);
    REQUIRE(actions.size() > 30);
    std::set<std::string> called;
    for (const StepKind& k : step_kinds()) {
        INFO(k.id);
        called.insert(k.engine_call);
        CHECK(header.find(std::string(" ") + k.engine_call + "(") != std::string::npos);  // a member the Engine has
        CHECK(scenario_actions().count(k.id) == 1);
        CHECK(find_step_kind(k.id) == &k);
        CHECK(std::string(k.label).size() > 0);
        if (k.explore_weight > 0) CHECK(k.explore_flows != 0);
    }
    for (const std::string& a : actions) {
        INFO(a);
        CHECK(called.count(a) == 1);
    }
    CHECK(scenario_actions().size() == step_kinds().size());
    CHECK(find_step_kind("no_such_step") == nullptr);
}

TEST_CASE("apply_step runs a step's own row and refuses an unknown action", "[steps]") {
    EngineConfig cfg;
    cfg.transport = TransportMode::InProcess;
    Engine engine(cfg);
    Step s;
    s.action = "wx_login";
    const ActionResult r = apply_step(engine, s);
    CHECK(r.ok);
    CHECK(r.action == "wx_login");
    s.action = "advance";
    s.ms = 1000;
    CHECK(apply_step(engine, s).ok);
    CHECK(engine.clock().now_ms() >= 1000);
    s.action = "frobnicate";
    CHECK_THROWS_AS(apply_step(engine, s), std::out_of_range);
}
