// The Faults tab tells the truth about its rules: a used-up one-shot rule is shown used and not
// counted as active, a flow switch carries over only the rules the new flow has (and says which it
// dropped), and a phone fault armed for the next call is undone once that call has happened.
#include "harness.hpp"

#include "imgui_internal.h"
#include "gui/panels.hpp"

using namespace ls;
using namespace ls::gui;
using namespace ls::gui::test;

namespace {

// The Faults tab's label as the tab bar shows it ("Faults (2)").
std::string faults_tab_label() {
    ImGuiContext& g = *ImGui::GetCurrentContext();
    for (int i = 0; i < g.TabBars.GetMapSize(); ++i)
        if (ImGuiTabBar* bar = g.TabBars.TryGetMapData(i))
            for (ImGuiTabItem& tab : bar->Tabs) {
                const std::string name = bar->GetTabName(&tab);
                if (name.find("###faults") != std::string::npos) return name.substr(0, name.find("###"));
            }
    FAIL("no Faults tab");
    return "";
}

// Picks a flow in Setup's flow list as a click would (the list's rows are found by their ImGui ID).
void pick_flow(Headless& h, AppState& s, const char* id) {
    h.frames(s, 2);
    ImGuiWindow* setup = ImGui::FindWindowByName("##setup");
    REQUIRE(setup != nullptr);
    ImGui::ActivateItem(ImHashStr((std::string("###flow.") + id).c_str(), 0, setup->ID));
    h.frames(s, 3);
    if (h.has_probe("setup.switch_flow.confirm")) h.click(s, "setup.switch_flow.confirm");  // the journal has events
    REQUIRE(std::string(to_string(s.engine().config().flow)) == id);
}

}  // namespace

TEST_CASE("a used-up one-shot fault is shown used and not counted as active", "[faults]") {
    Headless h(false, ImVec2(1366, 768));
    AppState s(in_process_config());
    open_tab(h, s, "tab.faults");
    CHECK(faults_tab_label() == "Faults");
    h.click(s, "faults.preset.code_been_used");  // platform_response × next call × 40163
    h.click(s, "faults.preset.quota");           // platform_response × next call × 45011
    FaultRule second;
    second.hop = Hop::ClientToDev;
    second.when = WhenMode::Nth;
    second.n = 1;
    second.kind = FaultKind::Delay;
    second.ms = 200;
    s.engine().add_fault(second);  // client_to_dev × call #1 × delay: used up by the first request
    h.frames(s, 2);
    CHECK(faults_tab_label() == "Faults (3)");
    CHECK(h.probe("faults.active").text == "3");

    tap(h, s, "toolbar.login");  // 40163 fires; the delay's call passes; 45011 waits for the next exchange
    CHECK(s.engine().last_result()->errcode == 40163);
    h.frames(s, 2);
    CHECK(faults_tab_label() == "Faults (1)");
    CHECK(h.probe("faults.active").text == "1");
    CHECK(h.probe("faults.rule.0").text == "used");
    CHECK(h.probe("faults.rule_enabled.0").text == "off");  // its "next call" switch is off after that call
    CHECK(h.probe("faults.rule.1").text == "active");
    CHECK(h.probe("faults.rule_enabled.1").text == "on");
    CHECK(h.probe("faults.rule.2").text == "used");

    tap(h, s, "toolbar.login");  // 45011 fires
    CHECK(s.engine().last_result()->errcode == 45011);
    h.frames(s, 2);
    CHECK(faults_tab_label() == "Faults");
    CHECK(h.probe("faults.rule.1").text == "used");
    CHECK(h.probe("faults.rule_enabled.1").text == "off");

    h.click(s, "faults.rule_enabled.0");  // a used next-call rule can be armed again
    CHECK(h.probe("faults.rule.0").text == "active");
    CHECK(faults_tab_label() == "Faults (1)");
}

TEST_CASE("a flow switch carries over only the faults the new flow has, and says which it dropped", "[faults]") {
    Headless h(false, ImVec2(1366, 768));
    AppState s(in_process_config());
    open_tab(h, s, "tab.faults");
    h.click(s, "faults.preset.code_been_used");    // WeChat's 40163: Baidu has no such code
    h.click(s, "faults.preset.reset_client_dev");  // a connection reset happens in every flow
    REQUIRE(s.engine().faults().size() == 2);
    pick_flow(h, s, "swan");
    const std::vector<FaultRule> kept = s.engine().faults();
    REQUIRE(kept.size() == 1);
    CHECK(kept[0].kind == FaultKind::ConnectionReset);
    CHECK(kept[0].hop == Hop::ClientToDev);
    h.click(s, "tab.faults");
    const std::string note = h.probe("faults.dropped").text;
    CHECK(note.find("40163") != std::string::npos);
    CHECK(note.find("Baidu") != std::string::npos);
    CHECK(faults_tab_label() == "Faults (1)");
    // A Baidu login meets no WeChat error.
    tap(h, s, "toolbar.login");
    CHECK(s.engine().last_result()->detail.find("40163") == std::string::npos);

    SECTION("a used rule carried over is armed again in the new world") {
        pick_flow(h, s, "wechat-mp");  // the reset fired in the Baidu login: carried over armed
        REQUIRE(s.engine().faults().size() == 1);
        CHECK(s.engine().faults()[0].enabled);
        CHECK_FALSE(s.engine().faults()[0].spent());
    }
}

TEST_CASE("a phone fault armed for the next call is undone once that call has happened", "[faults]") {
    Headless h(false, ImVec2(1366, 768));
    AppState s(flow_config(Flow::WeChatApp));
    open_tab(h, s, "tab.faults");
    h.click(s, "faults.preset.wechat_missing");
    CHECK_FALSE(s.engine().environment().wechat_installed);
    CHECK(h.probe("faults.preset.wechat_missing").text == "on");
    h.click(s, "tab.timeline");  // the call happens whichever tab is open
    tap(h, s, "toolbar.login");
    REQUIRE(s.engine().last_result());
    CHECK_FALSE(s.engine().last_result()->ok);  // that call met it
    h.frames(s, 2);
    CHECK(s.engine().environment().wechat_installed);  // and it is over
    CHECK(s.ui.setup.env.wechat_installed);             // Setup shows the phone as it is
    h.click(s, "tab.faults");
    CHECK(h.probe("faults.preset.wechat_missing").text == "off");
    tap(h, s, "toolbar.login");  // the next login reaches WeChat's authorization page
    CHECK(s.engine().wechat_auth_open());

    SECTION("clicked again before the call, it is undone at once") {
        h.click(s, "faults.preset.offline");
        CHECK_FALSE(s.engine().environment().online);
        h.click(s, "faults.preset.offline");
        CHECK(s.engine().environment().online);
        CHECK(h.probe("faults.preset.offline").text == "off");
    }
    SECTION("it undoes only what it changed") {
        h.click(s, "faults.preset.offline");
        Intents in;  // meanwhile Setup changes the latency
        Environment env = s.engine().environment();
        env.latency_ms = 120;
        in.environment = env;
        apply_intents(s, in);
        tap(h, s, "toolbar.login");
        h.frames(s, 2);
        CHECK(s.engine().environment().online);
        CHECK(s.engine().environment().latency_ms == 120);
    }
}
