// Every panel survives 500 headless frames without an ImGui assert (Debian builds ImGui with
// asserts on: a Begin/End or ID-stack mistake aborts the process).
#include "harness.hpp"

#include "gui/panels.hpp"

using namespace ls;
using namespace ls::gui;
using namespace ls::gui::test;

namespace {

constexpr int kFrames = 500;

// A world with history: one good login, one rejected resend, one fault in the book.
void give_history(Headless& h, AppState& s) {
    s.start(make_step("login"));
    REQUIRE(h.wait_idle(s));
    s.start(make_step("resend_code"));
    REQUIRE(h.wait_idle(s));
    FaultRule r;
    r.hop = Hop::PlatformResponse;
    r.kind = FaultKind::PlatformError;
    r.code = "40029";
    s.engine().add_fault(r);
    s.sync();
}

void in_window(Headless& h, const std::function<void()>& panel) {
    for (int i = 0; i < kFrames; ++i)
        h.frame([&] {
            ImGui::SetNextWindowPos(ImVec2(0, 0));
            ImGui::SetNextWindowSize(ImVec2(1000, 600));
            ImGui::Begin("panel_under_test");
            panel();
            ImGui::End();
        });
}

}  // namespace

TEST_CASE("every panel draws 500 frames headless") {
    Headless h;
    AppState s(in_process_config());
    give_history(h, s);
    Engine& e = s.engine();

    SECTION("toolbar") {
        ToolbarView v;
        v.now_ms = e.clock().now_ms();
        v.waiting = Hop::ClientToDev;
        ToolbarLayout layout;
        in_window(h, [&] { draw_toolbar(v, layout); });
    }
    SECTION("setup") {
        const Environment env = e.environment();
        in_window(h, [&] { draw_setup(SetupView{e.config(), env, false}, s.ui.setup); });
    }
    SECTION("phone, logged in and with the failure dialog") {
        PhoneView v;
        v.now_ms = e.clock().now_ms();
        v.env = e.environment();
        v.identity = e.identity();
        v.last = e.last_result();
        in_window(h, [&] { draw_phone(v); });
        REQUIRE(h.has_probe("phone.modal_ok"));
    }
    SECTION("phone, login in flight and paused in step mode") {
        PhoneView v;
        v.busy = true;
        v.running = find_step_kind("login");
        v.waiting = Hop::DevToPlatform;
        in_window(h, [&] { draw_phone(v); });
        REQUIRE(h.probe("phone.toast").text == "登录中...");
        REQUIRE(h.probe("phone.next_step").text == "dev_to_platform");
    }
    SECTION("inspector") {
        s.ui.all_flows = true;
        in_window(h, [&] {
            draw_inspector(InspectorView{s.events(), s.bars(), s.flow_range(s.latest_flow()), s.latest_flow(),
                                         e.identity(), e.clock().now_ms()},
                           s.ui);
        });
    }
    SECTION("timeline") {
        in_window(h, [&] {
            draw_timeline(TimelineData{s.events(), s.bars(), e.clock().now_ms(), s.ui.selected_event}, s.ui.timeline);
        });
    }
    SECTION("sequence") {
        in_window(h, [&] { draw_sequence(SequenceData{s.events(), s.messages(), s.ui.selected_event}); });
        REQUIRE(std::stoul(h.probe("sequence.count").text) > 0);
    }
    SECTION("console") {
        in_window(h, [&] { draw_console(s.console()); });
        REQUIRE_FALSE(h.probe("console.last").text.empty());
    }
    SECTION("faults") {
        in_window(h, [&] { draw_faults(FaultsView{e.faults()}, s.ui.fault_form); });
        REQUIRE(h.has_probe("faults.rule_enabled.0"));
    }
    SECTION("scenario: recording, a replay with a failed step, an export message") {
        Recorder rec;
        rec.start(e.config(), {});
        rec.started(make_step("login"), false);
        ReplayState replay;
        replay.scenario = three_step_replay();
        replay.runs.resize(3);
        replay.runs[0] = StepRun{};
        replay.runs[1] = StepRun{ActionResult{}, {"expected errcode 40163, got none"}};
        replay.next = 2;
        ExportState x;
        x.message = "wrote /tmp/somewhere/journal.json";
        std::vector<RecordingWarning> warnings = {{RecordingWarning::Kind::NotInFormat, "Bundle ID"}};
        in_window(h, [&] { draw_scenario_tab(ScenarioView{rec.recording(), rec.step_count(), warnings, replay, x}, s.ui.session); });
        REQUIRE(h.probe("scenario.replay_state").text == "2");
        REQUIRE(h.has_probe("scenario.save"));
    }
    SECTION("audit tab, with and without a backend; the inspector over a check's exchange") {
        BackendLink link;
        link.profile.name = "shop-api";
        link.profile.flows[Flow::WeChatMp] = FlowProfile{};
        const AuditRun run;
        AuditForm form;
        in_window(h, [&] {
            draw_audit_tab(AuditTabView{nullptr, Flow::WeChatMp, run}, form);
            draw_audit_tab(AuditTabView{&link, Flow::Swan, run, true}, form);
        });
        REQUIRE(h.has_probe("audit.run"));
        AuditCheck c{"wechat-mp/login-works", "a fresh code gets a session", CheckStatus::Fail, "no session in the reply"};
        c.exchange = s.events();
        const std::vector<LifetimeBar> bars = lifetime_bars(c.exchange);
        InspectorView v{c.exchange, bars, std::nullopt, 0, IdentityChain{}, e.clock().now_ms()};
        v.audit = true;
        in_window(h, [&] {
            draw_audit_check_header(c);
            draw_inspector(v, s.ui);
        });
        REQUIRE(h.probe("inspector.audit_check").text == c.id);
        REQUIRE(h.probe("inspector.rows").text == std::to_string(c.exchange.size()));
    }
    SECTION("the whole frame, every bottom tab") {
        for (BottomTab tab : {BottomTab::Timeline, BottomTab::Sequence, BottomTab::Console, BottomTab::Faults, BottomTab::Scenario,
                              BottomTab::Audit}) {
            s.ui.open_tab = tab;
            h.frames(s, kFrames / 6);
        }
    }
}

TEST_CASE("the whole frame draws with the CJK fonts from fontconfig") {
    Headless h(true);
    AppState s(in_process_config());
    h.frames(s, 50);
    s.start(make_step("login"));
    REQUIRE(h.wait_idle(s));
    h.frames(s, 50);
    REQUIRE(h.has_probe("phone.logged_in"));
}

TEST_CASE("the layout fits from 1280x720 up") {
    for (ImVec2 size : {ImVec2(1280, 720), ImVec2(1920, 1080), ImVec2(2560, 1440)}) {
        Headless h(false, size);
        const Layout L = compute_layout(size);
        CHECK(L.setup_size.x >= 250);
        CHECK(L.phone_size.x >= 240);
        CHECK(L.inspector_size.x >= 400);
        CHECK(L.bottom_size.y >= 180);
        CHECK(L.inspector_pos.x + L.inspector_size.x <= size.x + 0.5f);
        CHECK(L.bottom_pos.y + L.bottom_size.y <= size.y + 0.5f);
    }
}
