// Record: clicks in the GUI become a scenario file that `loginscope run` (ls::run_scenario) replays
// with the same journal, event for event, and whose expectations pass.
#include "session_helpers.hpp"

#include "loginscope/recorder.hpp"

using namespace ls;
using namespace ls::gui;
using namespace ls::gui::test;

namespace {

EngineConfig http_config() {
    EngineConfig cfg;
    cfg.transport = TransportMode::Http;  // what the GUI runs on
    return cfg;
}

void act(Headless& h, AppState& s, const std::string& probe) {
    h.click(s, probe);
    REQUIRE(h.wait_idle(s));
}

// Saves the recording through the Scenario tab and loads it back as `loginscope run` does.
Scenario save_and_load(Headless& h, AppState& s, const std::string& path) {
    s.ui.session.save_path = path;
    h.click(s, "tab.scenario");
    h.click(s, "scenario.save");
    INFO(s.ui.session.status);
    REQUIRE_FALSE(s.ui.session.status_error);
    return load_scenario(path);
}

void require_replays_the_same(const Scenario& sc, AppState& s) {
    const std::string run = std::string("\"") + LOGINSCOPE_BIN + "\" run " + sc.file + " >/dev/null";
    CHECK(std::system(run.c_str()) == 0);
    const ScenarioResult r = run_scenario(sc);
    INFO((r.failures.empty() ? std::string() : r.failures.front()));
    CHECK(r.passed);
    require_same_journal(s.engine().journal().all(), r.events);
}

}  // namespace

TEST_CASE("a recorded session (calls, phone, clock, faults, flaws) replays headless with the same journal") {
    Headless h(false, ImVec2(1280, 1600));  // tall enough that Setup shows every switch without scrolling
    AppState s(http_config());
    act(h, s, "phone.login_button");  // before the recording: not in the file, and a new world starts
    h.click(s, "tab.scenario");
    h.click(s, "scenario.record");
    REQUIRE(s.recorder.recording());
    CHECK(s.engine().journal().size() == 0);

    h.click(s, "tab.faults");
    h.click(s, "faults.preset.code_been_used");  // before the first step: the file's "faults"
    act(h, s, "phone.login_button");
    REQUIRE_FALSE(s.engine().last_result()->ok);
    h.click(s, "phone.modal_ok");
    h.click(s, "toolbar.plus_1min");
    h.click(s, "setup.online");  // offline
    act(h, s, "toolbar.login");
    CHECK_FALSE(s.engine().last_result()->ok);
    h.click(s, "setup.online");
    h.click(s, "tab.faults");
    h.click(s, "faults.preset.system_error");  // mid-run: an add_fault step
    h.click(s, "faults.preset.quota");
    h.click(s, "faults.rule_delete.1");   // removed: a remove_fault step
    h.click(s, "faults.rule_enabled.1");  // switched off and on again: its call counts are kept
    h.click(s, "faults.rule_enabled.1");
    act(h, s, "toolbar.login");
    act(h, s, "toolbar.login");
    act(h, s, "toolbar.call_api");
    h.click(s, "setup.flaw.leak-session-key");
    act(h, s, "toolbar.wx_login");
    act(h, s, "toolbar.send_code");
    h.click(s, "toolbar.next_expiry");
    act(h, s, "toolbar.check_session");

    TempDir dir("record");
    const Scenario sc = save_and_load(h, s, dir / "recorded.json");
    CHECK(sc.faults.size() == 1);
    CHECK(sc.config.transport == TransportMode::Http);
    std::vector<std::string> actions;
    for (auto& step : sc.steps) actions.push_back(step.action);
    const std::vector<std::string> want = {"login", "advance", "environment", "login", "environment", "add_fault", "add_fault",
                                           "remove_fault", "set_fault_enabled", "set_fault_enabled", "login", "login", "call_api",
                                           "set_flaws", "wx_login", "resend_code", "jump_to_next_expiry", "check_session"};
    CHECK(actions == want);
    REQUIRE(sc.steps[0].expect.errcode);
    CHECK(*sc.steps[0].expect.errcode == 40163);
    CHECK(s.recorder.warnings().empty());
    require_replays_the_same(sc, s);
}

TEST_CASE("a recorded univerify session keeps the one-click page's state as expectations") {
    Headless h(false, ImVec2(1280, 1600));
    EngineConfig cfg = http_config();
    cfg.flow = Flow::Univerify;
    AppState s(cfg);
    h.click(s, "tab.scenario");
    h.click(s, "scenario.record");
    act(h, s, "toolbar.pre_login");
    act(h, s, "toolbar.login");
    REQUIRE(s.engine().univerify_page().open);
    act(h, s, "univerify.checkbox");
    act(h, s, "univerify.login_button");
    act(h, s, "univerify.checkbox");
    act(h, s, "univerify.login_button");

    TempDir dir("record-univerify");
    const Scenario sc = save_and_load(h, s, dir / "univerify.json");
    REQUIRE(sc.steps.size() == 6);
    CHECK(sc.steps[1].action == "univerify_login");
    CHECK(sc.steps[1].expect.pending == true);
    CHECK(sc.steps[1].expect.page_open == true);
    CHECK(sc.steps[3].expect.page_hint.has_value());
    require_replays_the_same(sc, s);
}

TEST_CASE("Save with nothing recorded says so and writes nothing") {
    Headless h;
    AppState s(in_process_config());
    TempDir dir("record-empty");
    s.ui.session.save_path = dir / "none.json";
    s.recorder.start(s.engine().config(), {});
    h.click(s, "tab.scenario");
    CHECK(s.ui.session.status.empty());
    Intents in;
    in.session = SessionCommand::SaveRecording;
    apply_intents(s, in);
    CHECK(s.ui.session.status_error);
    CHECK_FALSE(std::filesystem::exists(dir / "none.json"));
}

TEST_CASE("every flow's Login button takes a step of the table that the phone takes and the parser accepts") {
    for (const FlowInfo& info : flow_catalog()) {
        INFO(info.id);
        const Step step = login_step(*flow_from_string(info.id));
        const StepKind* kind = find_step_kind(step.action);
        REQUIRE(kind);
        CHECK(kind->by == StepBy::Phone);
        CHECK(kind->login_running);
        CHECK(scenario_actions().count(step.action) == 1);
    }
}

TEST_CASE("while recording, the clock cannot run in real time") {
    Headless h;
    AppState s(in_process_config());
    s.engine().clock().set_running(true);
    h.click(s, "tab.scenario");
    h.click(s, "scenario.record");
    CHECK_FALSE(s.engine().clock().running());
    h.click(s, "toolbar.clock_running");
    CHECK_FALSE(s.engine().clock().running());
}

TEST_CASE("a clock move while an action is paused in step mode is recorded after it, with a warning") {
    Headless h;
    AppState s(in_process_config());
    h.click(s, "tab.scenario");
    h.click(s, "scenario.record");
    s.engine().set_step_mode(true);
    h.click(s, "toolbar.login");
    for (int i = 0; i < 2000 && !s.engine().waiting_at(); ++i) h.frame(s);
    REQUIRE(s.engine().waiting_at());
    h.click(s, "toolbar.plus_1min");
    s.engine().set_step_mode(false);
    REQUIRE(h.wait_idle(s));
    REQUIRE(s.recorder.warnings().size() == 1);
    CHECK(recording_warning_text(s.recorder.warnings()[0]).find("a clock move during a running action") == 0);
    const auto j = s.recorder.scenario("");
    REQUIRE(j["steps"].size() == 2);
    CHECK(j["steps"][0]["action"] == "login");
    CHECK(j["steps"][0].contains("expect"));  // filled in when the login ended, after the clock move
    CHECK(j["steps"][1]["action"] == "advance");
}

TEST_CASE("settings the scenario format cannot carry are named when the recording starts") {
    Headless h;
    EngineConfig cfg = flow_config(Flow::UniApple);
    cfg.app.apple_bundle_id = "com.example.other";
    AppState s(cfg);
    h.click(s, "tab.scenario");
    h.click(s, "scenario.record");
    REQUIRE(s.recorder.warnings().size() == 1);
    CHECK(recording_warning_text(s.recorder.warnings()[0]).find("Bundle ID") == 0);
}
