// Issue 14: which steps are a login under way is the step table's word (StepKind::login_running),
// not a list of the GUI's own. The phone shows WeChat's loading toast exactly while one of those runs.
#include "harness.hpp"

#include <set>

#include "gui/panels.hpp"
#include "gui/recorder.hpp"
#include "loginscope/steps.hpp"

using namespace ls;
using namespace ls::gui;
using namespace ls::gui::test;

TEST_CASE("the phone's loading toast shows while a step the table marks as a login runs, and only then") {
    Headless h;
    // The GUI actions that were a login under way before the table said so.
    const std::set<ClientAction> logins = {ClientAction::Login, ClientAction::WxLogin, ClientAction::UniLogin,
                                           ClientAction::WeixinAppLogin, ClientAction::UniLoginWeixin,
                                           ClientAction::UniLoginApple, ClientAction::WechatAuthAllow,
                                           ClientAction::AppleContinue, ClientAction::BaiduLogIn};
    for (const FlowInfo& info : flow_catalog()) {
        const Flow flow = *flow_from_string(info.id);
        for (int a = int(ClientAction::Login); a <= int(ClientAction::BaiduClose); ++a) {
            const auto action = ClientAction(a);
            INFO(info.id << " " << to_string(action));
            const StepKind* kind = find_step_kind(scenario_action(action, flow));
            REQUIRE(kind);
            CHECK(kind->login_running == (logins.count(action) == 1));
            PhoneView v;
            v.flow = flow;
            v.action = action;
            v.busy = true;
            h.frame([&] {
                ImGui::SetNextWindowPos(ImVec2(0, 0));
                ImGui::SetNextWindowSize(ImVec2(420, 800));
                ImGui::Begin("phone_under_test", nullptr, ImGuiWindowFlags_NoSavedSettings);
                draw_phone(v);
                ImGui::End();
            });
            CHECK(h.has_probe("phone.toast") == kind->login_running);
        }
    }
}
