// Replay: a scenario opened in the Scenario tab and stepped through (Next step, Run all) gives the
// same journal, event for event, as `loginscope run` (ls::run_scenario) gives headless.
#include "session_helpers.hpp"

#include "gui/session.hpp"

using namespace ls;
using namespace ls::gui;
using namespace ls::gui::test;

namespace {

std::string asset(const std::string& rel) { return std::string(LOGINSCOPE_ASSETS) + "/scenarios/" + rel; }

void open_by_click(Headless& h, AppState& s, const std::string& file) {
    s.ui.session.open_path = file;
    h.click(s, "tab.scenario");
    h.click(s, "scenario.open");
    INFO(s.replay.error);
    REQUIRE(s.replay.loaded());
}

void wait_step(Headless& h, AppState& s) {
    for (int i = 0; i < 20000 && s.replay.running; ++i) {
        h.frame(s);
        std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
    REQUIRE_FALSE(s.replay.running);
}

}  // namespace

TEST_CASE("Next step walks a scenario one step at a time and Run all finishes it, as loginscope run does") {
    Headless h;
    AppState s(in_process_config());
    const std::string file = asset("wechat-mp/code-reused.json");
    open_by_click(h, s, file);
    CHECK(h.probe("scenario.replay_state").text == "0");
    h.click(s, "scenario.replay_next");
    wait_step(h, s);
    h.frames(s, 2);
    REQUIRE(s.replay.runs[0]);
    CHECK(s.replay.runs[0]->result.ok);
    CHECK(s.replay.next == 1);
    CHECK(h.probe("scenario.replay_state").text == "1");
    CHECK_FALSE(s.engine().identity().token.empty());  // the phone is logged in after step 1

    h.click(s, "scenario.replay_all");
    REQUIRE(wait_replay(h, s));
    CHECK(h.probe("scenario.replay_state").text == "pass");
    const ScenarioResult headless = run_scenario(load_scenario(file));
    REQUIRE(headless.passed);
    require_same_journal(s.engine().journal().all(), headless.events);
}

TEST_CASE("a failing expectation shows as FAIL in the replay") {
    Headless h;
    AppState s(in_process_config());
    const std::string file = write_scenario("replay-fail", R"({"name": "expects the wrong errcode", "flow": "wechat-mp",
        "faults": [{"hop": "platform_response", "what": "platform_error", "code": "40029"}],
        "steps": [{"action": "login", "expect": {"ok": false, "errcode": 40163}}]})");
    open_by_click(h, s, file);
    h.click(s, "scenario.replay_all");
    REQUIRE(wait_replay(h, s));
    CHECK(h.probe("scenario.replay_state").text == "fail");
    REQUIRE(s.replay.runs[0]);
    REQUIRE(s.replay.runs[0]->failures.size() == 1);
    CHECK(s.replay.runs[0]->failures[0].find("40163") != std::string::npos);
    std::remove(file.c_str());
}

TEST_CASE("a scenario that cannot be read says why and opens nothing") {
    Headless h;
    AppState s(in_process_config());
    s.ui.session.open_path = temp_path("no-such-scenario", ".json");
    h.click(s, "tab.scenario");
    h.click(s, "scenario.open");
    CHECK_FALSE(s.replay.loaded());
    CHECK(s.replay.error.find("cannot be read") != std::string::npos);
}

// Every shipped scenario, replayed in the GUI (its own transport, http for most), against run.
TEST_CASE("every shipped scenario replays in the GUI with the journal of loginscope run") {
    Headless h;
    AppState s(in_process_config());
    size_t n = 0;
    for (auto& entry : std::filesystem::recursive_directory_iterator(std::string(LOGINSCOPE_ASSETS) + "/scenarios")) {
        if (entry.path().extension() != ".json") continue;
        const std::string file = entry.path().string();
        INFO(file);
        REQUIRE(open_scenario(s, file));
        replay_all(s);
        REQUIRE(wait_replay(h, s));
        const ScenarioResult headless = run_scenario(load_scenario(file));
        CHECK(s.replay.failed_steps() == 0);
        CHECK(s.replay.final->empty() == headless.passed);
        require_same_journal(s.engine().journal().all(), headless.events);
        ++n;
    }
    CHECK(n > 100);
}
