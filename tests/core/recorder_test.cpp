// Issue 14: recording is the core's (recorder.hpp), so anything that takes steps on an Engine — the
// GUI, a test, a tool — can write them down as a scenario that replays to the same journal.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "loginscope/recorder.hpp"
#include "loginscope/scenario.hpp"
#include "shipped_scenarios.hpp"

using namespace ls;
using ls::test::shipped_scenarios;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

// What a journal says, event by event (sequence numbers and HTTP bodies aside).
std::vector<std::string> story(const std::vector<Event>& events) {
    std::vector<std::string> out;
    for (const Event& e : events) out.push_back(std::to_string(e.t_ms) + " " + e.kind + " " + e.text);
    return out;
}

Step with_ms(Step s, int64_t ms) {
    s.ms = ms;
    return s;
}

}  // namespace

TEST_CASE("recording every shipped scenario's steps gives a scenario that replays to the same journal and passes", "[recorder]") {
    for (const fs::path& file : shipped_scenarios()) {
        INFO(file.filename().string());
        const Scenario original = load_scenario(file.string());
        EngineConfig world = original.config;
        world.transport = TransportMode::InProcess;
        Engine engine(world);
        for (const FaultRule& r : original.faults) engine.add_fault(r);
        Recorder rec;
        rec.start(world, original.faults, "test");
        for (Step step : original.steps) {
            step.expect = {};  // the recording's expectations are what happens now
            rec.apply(engine, step);
        }
        CHECK(rec.warnings().empty());
        const Scenario recorded = parse_scenario(json::parse(rec.scenario("").dump()), "recorded.json");
        CHECK(recorded.steps.size() == original.steps.size());
        const ScenarioResult replay = run_scenario(recorded, TransportMode::InProcess);
        for (const std::string& f : replay.failures) FAIL_CHECK(f);
        CHECK(replay.passed);
        CHECK(story(replay.events) == story(engine.journal().all()));
    }
}

TEST_CASE("a recording keeps rules added before its first step as the file's faults, and only what a phone change changed", "[recorder]") {
    EngineConfig world;
    world.transport = TransportMode::InProcess;
    Engine engine(world);
    Recorder rec;
    rec.start(world, {}, "test");
    Step fault = make_step("add_fault");
    fault.fault = FaultRule{};
    fault.fault->hop = Hop::DevToPlatform;
    fault.fault->kind = FaultKind::Delay;
    fault.fault->ms = 250;
    rec.apply(engine, fault);
    CHECK(rec.step_count() == 0);
    rec.apply(engine, make_step("login"));
    Step offline = make_step("environment");
    offline.env = engine.environment();
    offline.env->online = false;
    rec.apply(engine, offline);
    const json file = json::parse(rec.scenario("").dump());
    REQUIRE(file["faults"].size() == 1);
    CHECK(file["faults"][0]["ms"] == 250);
    REQUIRE(file["steps"].size() == 2);
    CHECK(file["steps"][0]["note"] == "test: login");
    CHECK(file["steps"][0]["expect"]["ok"] == true);
    CHECK(file["steps"][1]["environment"] == json{{"online", false}});
}

TEST_CASE("a step started while another runs is recorded after it, with a warning that names it", "[recorder]") {
    Recorder rec;
    rec.start(EngineConfig{}, {}, "test");
    const auto login = rec.started(make_step("login"), false);
    REQUIRE(login);
    rec.started(with_ms(make_step("advance"), 60000), true);
    ActionResult ok;
    ok.ok = true;
    rec.finished(*login, ok, UniverifyPageState{});
    REQUIRE(rec.warnings().size() == 1);
    CHECK(rec.warnings()[0].kind == RecordingWarning::Kind::WhileBusy);
    CHECK(rec.warnings()[0].what == "a clock move");
    CHECK(rec.warnings()[0].step == 1);
    const json file = json::parse(rec.scenario("").dump());
    CHECK(file["steps"][0]["expect"]["ok"] == true);
    CHECK(file["steps"][1] == json{{"action", "advance"}, {"ms", 60000}});
}

TEST_CASE("a platform pack's own app is recorded in config.pack_apps and replays against that app", "[recorder][packs]") {
    EngineConfig world;
    world.transport = TransportMode::InProcess;
    world.flow = *flow_from_string("alipay");
    world.app.pack_apps["alipay"] = {{"appid", "2021000000000001"}, {"id_mode", "open_id"}};
    Engine engine(world);
    Recorder rec;
    rec.start(world, {}, "test");
    rec.apply(engine, make_step("my_get_auth_code"));
    CHECK(rec.warnings().empty());  // nothing of the app is left out of the file
    const json file = json::parse(rec.scenario("").dump());
    CHECK(file["config"]["pack_apps"] == json{{"alipay", {{"appid", "2021000000000001"}, {"id_mode", "open_id"}}}});

    const Scenario recorded = parse_scenario(file, "recorded.json");
    CHECK(recorded.config.app.pack_apps == world.app.pack_apps);
    const ScenarioResult replay = run_scenario(recorded, TransportMode::InProcess);
    for (const std::string& f : replay.failures) FAIL_CHECK(f);
    CHECK(replay.passed);
    bool asked_as_that_app = false, answered_open_id = false;
    for (const Event& e : replay.events)
        if (e.http && e.http->target.find("gateway.do") != std::string::npos) {
            asked_as_that_app |= e.http->target.find("app_id=2021000000000001") != std::string::npos;
            answered_open_id |= e.http->response_body.find("\"open_id\"") != std::string::npos;
        }
    CHECK(asked_as_that_app);
    CHECK(answered_open_id);
}
