// The developer-server flaw switches in Setup: one checkbox per flaw of flaw_catalog(), switched
// live on the engine (no new world).
#include "harness.hpp"

using namespace ls;
using namespace ls::gui;
using namespace ls::gui::test;

TEST_CASE("a flaw checkbox in Setup switches the flaw on the running engine and off again") {
    Headless h(false, ImVec2(1280, 1600));  // Setup tall enough to show the switches without scrolling
    AppState s(in_process_config());
    h.frames(s, 2);
    for (const FlawInfo& f : flaw_catalog()) REQUIRE(h.has_probe(std::string("setup.flaw.") + f.id));
    const Engine* before = &s.engine();
    h.click(s, "setup.flaw.leak-session-key");
    CHECK(&s.engine() == before);  // the same world
    CHECK(s.engine().flaws() == FlawSet{Flaw::LeakSessionKey});
    CHECK(s.engine().journal().all().back().kind == "flaw.switched");
    tap(h, s, "phone.login_button");
    bool leaked = false;
    for (const Event& e : s.engine().journal().all()) leaked |= e.kind == "flaw.session_key_leaked";
    CHECK(leaked);
    h.click(s, "setup.flaw.log-secret");
    CHECK(s.engine().flaws() == FlawSet{Flaw::LeakSessionKey, Flaw::LogSecret});
    h.click(s, "setup.flaw.leak-session-key");
    CHECK(s.engine().flaws() == FlawSet{Flaw::LogSecret});
}

TEST_CASE("flaws switched on survive a new world from Setup's Apply") {
    Headless h(false, ImVec2(1280, 1600));
    AppState s(in_process_config());
    h.frames(s, 2);  // Setup reads the app config into its form
    h.click(s, "setup.flaw.trust-client-openid");
    s.ui.setup.app.token_ttl_ms = 60000;  // as if typed into "Token TTL min"
    REQUIRE(s.engine().config().app.token_ttl_ms != 60000);
    h.click(s, "setup.apply");
    REQUIRE(s.engine().config().app.token_ttl_ms == 60000);  // a new world from the form
    CHECK(s.engine().flaws() == FlawSet{Flaw::TrustClientOpenid});
}
