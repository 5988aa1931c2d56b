// Issue 14: which steps are a login under way is the step table's word (StepKind::login_running),
// not a list of the GUI's own. The phone shows WeChat's loading toast exactly while one of those runs.
#include "harness.hpp"

#include <set>

#include "gui/panels.hpp"
#include "loginscope/platform_pack.hpp"
#include "loginscope/steps.hpp"

using namespace ls;
using namespace ls::gui;
using namespace ls::gui::test;

namespace {
// A platform pack's step: its own row says whether it is a login (the list above predates the packs).
bool pack_step(const std::string& id) {
    for (const PlatformPack& p : platform_packs())
        for (const StepKind& k : p.steps)
            if (id == k.id) return true;
    return false;
}
}  // namespace

TEST_CASE("the phone's loading toast shows while a step the table marks as a login runs, and only then") {
    Headless h;
    // The phone's steps that were a login under way before the table said so (the GUI's own list).
    const std::set<std::string> logins = {"login", "wx_login", "univerify_login", "weixin_app_login", "uni_login_weixin",
                                          "uni_login_apple", "wechat_auth_allow", "apple_continue", "swan_button_login",
                                          "baidu_dialog_log_in"};
    for (const FlowInfo& info : flow_catalog()) {
        const Flow flow = *flow_from_string(info.id);
        for (const StepKind& kind : step_kinds()) {
            if (kind.by != StepBy::Phone) continue;
            INFO(info.id << " " << kind.id);
            if (!pack_step(kind.id)) CHECK(kind.login_running == (logins.count(kind.id) == 1));
            PhoneView v;
            v.flow = flow;
            v.running = &kind;
            v.busy = true;
            h.frame([&] {
                ImGui::SetNextWindowPos(ImVec2(0, 0));
                ImGui::SetNextWindowSize(ImVec2(420, 800));
                ImGui::Begin("phone_under_test", nullptr, ImGuiWindowFlags_NoSavedSettings);
                draw_phone(v);
                ImGui::End();
            });
            CHECK(h.has_probe("phone.toast") == kind.login_running);
        }
    }
}
