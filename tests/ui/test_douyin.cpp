// Douyin, a platform pack, in the window, headless: its page's login button, Douyin's login window
// (the pack's dialog drawn from its PackSheet: 一键登录 logs in, 取消 fails 113001), the logged-in
// page's tt.checkSession, the toolbar's pack buttons and Setup's "Logged in to Douyin" and app fields.
#include "harness.hpp"

#include "loginscope/platform_pack.hpp"

using namespace ls;
using namespace ls::gui;
using namespace ls::gui::test;

namespace {

EngineConfig douyin_config(bool logged_in) {
    EngineConfig cfg = flow_config(*flow_from_string("douyin"));
    cfg.env.pack_settings["douyin_logged_in"] = logged_in;
    return cfg;
}

bool sheet_open(AppState& s) { return s.engine().pack_sheet().has_value(); }

}  // namespace

TEST_CASE("douyin: logged in, the page's button logs in and the logged-in page checks the session") {
    Headless h;
    AppState s(douyin_config(true));
    h.frames(s, 2);
    const ActionResult r = tap_result(h, s, "phone.login_button");
    CHECK(r.ok);
    CHECK_FALSE(r.token.empty());
    CHECK(h.has_probe("phone.logged_in"));
    CHECK_FALSE(h.has_probe("phone.get_phone_number"));  // WeChat's buttons are WeChat's
    const ActionResult check = tap_result(h, s, "phone.check_session");
    CHECK(check.action == "tt_check_session");
    CHECK(check.ok);
    CHECK(tap_result(h, s, "phone.call_api").ok);
}

TEST_CASE("douyin: logged out, Douyin's login window covers the page and 一键登录 logs in") {
    Headless h;
    AppState s(douyin_config(false));
    tap(h, s, "phone.login_button");
    REQUIRE(sheet_open(s));
    h.frames(s, 3);
    CHECK(h.probe("pack_sheet.text").text == "登录抖音 · 登录后即可使用小程序 · 抖音号登录 · 手机号一键登录");
    CHECK(h.has_probe("pack_sheet.assumption"));
    CHECK_FALSE(h.has_probe("phone.login_button"));  // the sheet covers the page
    const ActionResult r = tap_result(h, s, "pack_sheet.douyin_host_log_in");
    CHECK(r.ok);
    CHECK_FALSE(sheet_open(s));
    CHECK(pack_setting(s.engine().environment(), "douyin_logged_in"));
    CHECK(h.has_probe("phone.logged_in"));
}

TEST_CASE("douyin: 取消 in Douyin's login window fails tt.login with host login fail") {
    Headless h;
    AppState s(douyin_config(false));
    tap(h, s, "phone.login_button");
    REQUIRE(sheet_open(s));
    const ActionResult r = tap_result(h, s, "pack_sheet.douyin_host_cancel");
    CHECK(r.errcode == 113001);
    CHECK(r.errMsg == "login:fail host login fail");
    CHECK_FALSE(sheet_open(s));
    CHECK(h.has_probe("phone.error_modal"));
}

TEST_CASE("douyin: the toolbar has the pack's buttons and Setup its setting and app") {
    Headless h(false, ImVec2(1280, 1200));
    AppState s(douyin_config(true));
    h.frames(s, 2);
    for (const char* key : {"toolbar.tt_login_no_force", "toolbar.tt_check_session", "toolbar.uni_login_toutiao", "toolbar.send_code",
                            "setup.douyin.appid", "setup.douyin.secret"})
        CHECK(h.has_probe(key));
    CHECK_FALSE(h.has_probe("toolbar.get_user_profile"));
    const ActionResult anonymous = tap_result(h, s, "toolbar.tt_login_no_force");
    CHECK(anonymous.ok);
    h.click(s, "setup.douyin_logged_in");
    CHECK_FALSE(pack_setting(s.engine().environment(), "douyin_logged_in"));
}
