// Whatever lies on top of the phone's page owns every tap beneath it (issue 12, defect 1): the failure
// dialog over the logged-in page, whose buttons sit right under 确定, in every flow. ImGui 1.86 lets a
// disabled item take the hover from a later one it overlaps, so the page under an overlay must make
// no items at all.
#include "harness.hpp"

#include "imgui_internal.h"

using namespace ls;
using namespace ls::gui;
using namespace ls::gui::test;

namespace {

// Answers whatever dialog the flow shows (allow, continue, log in) until the page or a failure shows.
void answer_dialogs(Headless& h, AppState& s) {
    for (int hops = 0; hops < 4 && !h.has_probe("phone.error_modal"); ++hops) {
        if (h.has_probe("univerify.checkbox") && h.probe("univerify.checkbox").text == "unchecked")
            tap(h, s, "univerify.checkbox");
        const char* next = h.has_probe("wechat_auth.allow")        ? "wechat_auth.allow"
                           : h.has_probe("apple.continue")         ? "apple.continue"
                           : h.has_probe("baidu.log_in")           ? "baidu.log_in"
                           : h.has_probe("univerify.login_button") ? "univerify.login_button"
                                                                   : nullptr;
        if (!next) break;
        tap(h, s, next);
    }
}

void log_in(Headless& h, AppState& s) {
    tap(h, s, "phone.login_button");
    answer_dialogs(h, s);
    REQUIRE(h.has_probe("phone.logged_in"));
}

}  // namespace

TEST_CASE("the failure dialog over the logged-in page is dismissed by clicking 确定, in every flow") {
    for (Flow flow : {Flow::WeChatMp, Flow::Taro, Flow::WeChatApp, Flow::Swan, Flow::UniWeixin, Flow::Univerify}) {
        INFO("flow " << to_string(flow));
        Headless h(true);
        AppState s(flow_config(flow));
        s.ui.only_authorize = true;  // uni-weixin: the server exchanges the code, so offline fails it
        log_in(h, s);
        Environment offline = s.engine().environment();
        offline.online = false;
        s.engine().set_environment(offline);
        tap(h, s, "phone.relogin_button");
        answer_dialogs(h, s);
        REQUIRE(h.has_probe("phone.error_modal"));

        // The mouse over 确定 hovers 确定, not a page button drawn under the dialog.
        const Probe ok = h.probe("phone.modal_ok");
        ImGui::GetIO().MousePos = ok.center();
        h.frames(s, 2);
        CHECK(ImGui::GetCurrentContext()->HoveredId == ok.id);

        tap(h, s, "phone.modal_ok");
        CHECK(s.ui.error_dismissed);
        CHECK_FALSE(h.has_probe("phone.error_modal"));
        CHECK((h.has_probe("phone.relogin_button") || h.has_probe("phone.login_button")));  // the page takes taps again
    }
}
