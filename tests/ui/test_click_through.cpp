// Click-throughs: from the phone's login button to the session shown in the inspector, faults
// switched on from the Faults tab, and step mode driven from the phone's Next button.
#include "harness.hpp"

using namespace ls;
using namespace ls::gui;
using namespace ls::gui::test;

TEST_CASE("clicking the phone login button logs in and the inspector shows the session over loopback HTTP") {
    Headless h;
    EngineConfig cfg;
    cfg.transport = TransportMode::Http;
    AppState s(cfg);
    h.click(s, "phone.login_button");
    REQUIRE(h.wait_idle(s));

    const IdentityChain id = s.engine().identity();
    REQUIRE_FALSE(id.token.empty());
    REQUIRE_FALSE(id.openid.empty());
    REQUIRE(s.engine().last_result());
    CHECK(s.engine().last_result()->ok);
    CHECK(h.probe("inspector.token").text == id.token);
    CHECK(h.probe("inspector.openid").text == id.openid);
    CHECK(h.probe("inspector.code").text == id.code);
    CHECK(h.has_probe("phone.logged_in"));
    CHECK_FALSE(h.has_probe("phone.error_modal"));
    CHECK_FALSE(h.has_probe("phone.login_button"));  // the page shows the session instead
}

TEST_CASE("buttons are disabled while an action runs") {
    Headless h;
    AppState s(in_process_config());
    s.engine().set_step_mode(true);
    h.click(s, "toolbar.login");
    h.frames(s, 3);
    REQUIRE(s.in_flight());
    const size_t before = s.events().size();
    h.click(s, "toolbar.check_session");  // disabled: nothing starts, nothing blocks
    CHECK(s.running_step() == find_step_kind("login"));
    CHECK(s.events().size() >= before);
    s.engine().set_step_mode(false);
    REQUIRE(h.wait_idle(s));
    CHECK(s.engine().last_result()->action == "login");
}

// Waits until the worker is paused at a gate it reached after the journal had `before` events
// (a Next click is only taken once the worker has left the previous gate), or has finished.
static void wait_for_gate(Headless& h, AppState& s, uint64_t before) {
    for (int i = 0; i < 5000 && s.in_flight(); ++i) {
        h.frame(s);
        if (s.engine().waiting_at() && s.engine().journal().size() > before) return;
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
}

TEST_CASE("step mode: the phone shows the hop it waits before and Next walks the login through") {
    Headless h;
    AppState s(in_process_config());
    h.click(s, "toolbar.step_mode");
    REQUIRE(s.engine().step_mode());
    h.click(s, "phone.login_button");
    int steps = 0;
    for (wait_for_gate(h, s, 0); s.in_flight() && steps < 50; ++steps) {
        REQUIRE(s.engine().waiting_at());
        h.frames(s, 2);
        CHECK(h.probe("phone.next_step").text == to_string(*s.engine().waiting_at()));
        const uint64_t before = s.engine().journal().size();
        h.click(s, "phone.next_step");
        wait_for_gate(h, s, before);
    }
    REQUIRE(h.wait_idle(s));
    CHECK(steps >= 2);
    REQUIRE(s.engine().last_result());
    CHECK(s.engine().last_result()->ok);
}

TEST_CASE("a preset from the Faults tab changes the next login: code been used (40163)") {
    Headless h;
    AppState s(in_process_config());
    h.click(s, "tab.faults");
    h.click(s, "faults.preset.code_been_used");
    REQUIRE(s.engine().faults().size() == 1);
    h.click(s, "phone.login_button");
    REQUIRE(h.wait_idle(s));

    const auto r = s.engine().last_result();
    REQUIRE(r);
    CHECK_FALSE(r->ok);
    REQUIRE(r->errcode);
    CHECK(*r->errcode == 40163);
    CHECK(r->detail.find("code been used") != std::string::npos);
    CHECK(s.engine().identity().token.empty());
    CHECK(h.probe("phone.error_modal").text.find("40163") != std::string::npos);

    h.click(s, "phone.modal_ok");
    CHECK_FALSE(h.has_probe("phone.error_modal"));
    h.click(s, "phone.login_button");  // a "next call" fault fired once: this login succeeds
    REQUIRE(h.wait_idle(s));
    CHECK(s.engine().last_result()->ok);
}

TEST_CASE("a preset from the Faults tab changes the next login: connection reset client to dev server") {
    Headless h;
    AppState s(in_process_config());
    h.click(s, "tab.faults");
    h.click(s, "faults.preset.reset_client_dev");
    h.click(s, "phone.login_button");
    REQUIRE(h.wait_idle(s));
    const auto r = s.engine().last_result();
    REQUIRE(r);
    CHECK_FALSE(r->ok);
    CHECK(r->errMsg.rfind("request:fail", 0) == 0);
    CHECK_FALSE(r->errcode);
}

TEST_CASE("a fault rule can be switched off and deleted from the Faults tab") {
    Headless h;
    AppState s(in_process_config());
    h.click(s, "tab.faults");
    h.click(s, "faults.preset.system_error");
    h.click(s, "faults.rule_enabled.0");
    REQUIRE(s.engine().faults().size() == 1);
    CHECK_FALSE(s.engine().faults()[0].enabled);
    h.click(s, "phone.login_button");
    REQUIRE(h.wait_idle(s));
    CHECK(s.engine().last_result()->ok);  // the disabled rule did not fire
    h.click(s, "tab.faults");
    h.click(s, "faults.rule_delete.0");
    CHECK(s.engine().faults().empty());
}

TEST_CASE("the clock buttons move virtual time and Reset starts a new world") {
    Headless h;
    AppState s(in_process_config());
    h.click(s, "phone.login_button");
    REQUIRE(h.wait_idle(s));
    const int64_t t0 = s.engine().clock().now_ms();
    h.click(s, "toolbar.plus_1min");
    CHECK(s.engine().clock().now_ms() == t0 + 60000);
    h.click(s, "timeline.plus_5min");
    CHECK(s.engine().clock().now_ms() == t0 + 6 * 60000);
    h.click(s, "toolbar.reset");
    CHECK(s.engine().clock().now_ms() == 0);
    CHECK(s.engine().identity().token.empty());
    h.frames(s, 2);
    CHECK(s.events().size() == s.engine().journal().size());
}
