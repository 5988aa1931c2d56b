// The App flows in the phone, headless: wx.weixinAppLogin and uni.login weixin hand off to WeChat's
// authorization page (允许 / 拒绝); uni.login apple opens the Sign in with Apple sheet (继续 / 取消)
// on iOS and fails with -3 elsewhere (PLATFORM-FACTS §2, §6.1, §6.2). Real-window screenshots check
// the WeChat green 允许 and the black 继续.
#include "harness.hpp"
#include "screenshot.hpp"

using namespace ls;
using namespace ls::gui;
using namespace ls::gui::test;

namespace {

EngineConfig app_config(Flow flow) {
    EngineConfig cfg = flow_config(flow);
    if (flow == Flow::UniApple) cfg.env.os = "ios";
    return cfg;
}

void open_wechat_page(Headless& h, AppState& s) {
    tap_open_dialog(h, s, "phone.login_button", &Engine::wechat_auth_open,
                    {"wechat_auth.page", "wechat_auth.allow", "wechat_auth.deny"});
    CHECK_FALSE(h.has_probe("phone.login_button"));  // the page covers the App
}

void open_apple_sheet(Headless& h, AppState& s) {
    tap_open_dialog(h, s, "phone.login_button", &Engine::apple_sheet_open, {"apple.sheet", "apple.continue", "apple.cancel"});
    CHECK_FALSE(h.has_probe("phone.login_button"));
}

// wx.weixinAppLogin has handed off to WeChat's authorization page.
struct DonutPage {
    Headless h;
    AppState s{app_config(Flow::WeChatApp)};
    DonutPage() { open_wechat_page(h, s); }
};

// uni.login apple on iOS: the Sign in with Apple sheet is open.
struct AppleSheet {
    Headless h;
    AppState s{app_config(Flow::UniApple)};
    AppleSheet() { open_apple_sheet(h, s); }
};

}  // namespace

TEST_CASE_METHOD(DonutPage, "WeChat's authorization page draws 500 frames in front of the App") {
    CHECK(h.has_probe("wechat_auth.handoff"));  // the hand-off banner, for a moment
    frames_with_dialog(h, s, &Engine::wechat_auth_open);
    CHECK_FALSE(h.has_probe("wechat_auth.handoff"));
    CHECK(h.probe("wechat_auth.page").text == "示例App 申请获得以下权限");
    CHECK(h.probe("wechat_auth.user").text == "alice");
}

TEST_CASE_METHOD(AppleSheet, "the Sign in with Apple sheet draws 500 frames over the App") {
    frames_with_dialog(h, s, &Engine::apple_sheet_open);
    CHECK(h.probe("apple.sheet").text == "使用 Apple 登录 示例App");
    CHECK(h.probe("apple.user").text == "Alice");
}

TEST_CASE_METHOD(DonutPage, "wechat-app: 允许 → the server exchanges the code and the App is logged in") {
    const ActionResult r = answer_dialog(h, s, "wechat_auth.allow", &Engine::wechat_auth_open);
    CHECK(r.ok);
    CHECK_FALSE(r.token.empty());
    CHECK(h.has_probe("phone.logged_in"));
    CHECK_FALSE(h.has_probe("wechat_auth.page"));
    CHECK_FALSE(h.has_probe("phone.error_modal"));
    CHECK(tap_result(h, s, "phone.call_api").ok);  // the token works against the developer server
}

TEST_CASE_METHOD(DonutPage, "wechat-app: 拒绝 → weixinAppLogin fails and the error dialog says so") {
    const ActionResult r = answer_dialog(h, s, "wechat_auth.deny", &Engine::wechat_auth_open);
    CHECK_FALSE(r.ok);
    CHECK(r.errMsg.rfind("weixinAppLogin:fail", 0) == 0);
    CHECK(h.has_probe("phone.error_modal"));
    CHECK_FALSE(h.has_probe("phone.logged_in"));
}

TEST_CASE("wechat-app: WeChat not installed (Setup) → -700000 in the error dialog, no page") {
    Headless h;
    AppState s(app_config(Flow::WeChatApp));
    h.click(s, "setup.wechat_installed");
    REQUIRE_FALSE(s.engine().environment().wechat_installed);
    const ActionResult r = tap_result(h, s, "toolbar.login");  // the toolbar's Login starts the flow's own login
    CHECK_FALSE(s.engine().wechat_auth_open());
    CHECK_FALSE(r.ok);
    CHECK(r.errcode == -700000);
    const std::string modal = h.probe("phone.error_modal").text;
    CHECK(modal.find("sendOpenReq:fail launch wechat fail") != std::string::npos);
    CHECK(modal.find("-700000") != std::string::npos);
    CHECK_FALSE(h.has_probe("wechat_auth.page"));
}

TEST_CASE("wechat-app: the multi-terminal app's settings apply as a new world (10001015)") {
    Headless h;
    EngineConfig cfg = app_config(Flow::WeChatApp);
    cfg.app.donut.mobile_app = "wrong";
    AppState s(cfg);
    CHECK(tap_result(h, s, "toolbar.login").errcode == 10001015);
    CHECK(h.probe("phone.error_modal").text.find("10001015") != std::string::npos);
}

TEST_CASE("uni-weixin: 允许 without onlyAuthorize → authResult in the App, logged in") {
    Headless h;
    AppState s(app_config(Flow::UniWeixin));
    REQUIRE_FALSE(s.ui.only_authorize);
    open_wechat_page(h, s);
    const ActionResult r = answer_dialog(h, s, "wechat_auth.allow", &Engine::wechat_auth_open);
    CHECK(r.ok);
    CHECK(h.has_probe("phone.logged_in"));
    CHECK_FALSE(h.has_probe("phone.error_modal"));
}

TEST_CASE("uni-weixin: 允许 with onlyAuthorize (Setup) → the server exchanges the code") {
    Headless h(false, ImVec2(1280, 1000));  // Setup's list of flows grows with every platform: room for the box
    AppState s(app_config(Flow::UniWeixin));
    h.click(s, "setup.only_authorize");
    REQUIRE(s.ui.only_authorize);
    open_wechat_page(h, s);
    const ActionResult r = tap_result(h, s, "wechat_auth.allow");
    CHECK(r.ok);
    CHECK_FALSE(r.token.empty());
    CHECK(h.has_probe("phone.logged_in"));
}

TEST_CASE("uni-weixin: 拒绝 → -2, and no appsecret without onlyAuthorize → -7") {
    Headless h;
    EngineConfig cfg = app_config(Flow::UniWeixin);
    AppState s(cfg);
    open_wechat_page(h, s);
    CHECK(tap_result(h, s, "wechat_auth.deny").errcode == -2);
    CHECK(h.has_probe("phone.error_modal"));

    cfg.app.open.appsecret_in_app = false;
    AppState t(cfg);
    tap(h, t, "phone.login_button");
    REQUIRE(t.engine().last_result());
    CHECK(t.engine().last_result()->errcode == -7);
    CHECK_FALSE(t.engine().wechat_auth_open());
}

TEST_CASE_METHOD(AppleSheet, "uni-apple on iOS: 继续 → appleInfo, logged in") {
    const ActionResult r = answer_dialog(h, s, "apple.continue", &Engine::apple_sheet_open);
    CHECK(r.ok);
    CHECK(h.has_probe("phone.logged_in"));
    CHECK_FALSE(h.has_probe("apple.sheet"));
    CHECK_FALSE(h.has_probe("phone.error_modal"));
}

TEST_CASE_METHOD(AppleSheet, "uni-apple on iOS: 取消 → errcode 1001") {
    const ActionResult r = answer_dialog(h, s, "apple.cancel", &Engine::apple_sheet_open);
    CHECK_FALSE(r.ok);
    CHECK(r.errcode == 1001);
    CHECK(h.probe("phone.error_modal").text.find("1001") != std::string::npos);
}

TEST_CASE("uni-apple on Android → -3, no sheet") {
    Headless h;
    EngineConfig cfg = app_config(Flow::UniApple);
    cfg.env.os = "android";
    AppState s(cfg);
    const ActionResult r = answer_dialog(h, s, "toolbar.login", &Engine::apple_sheet_open);
    CHECK_FALSE(r.ok);
    CHECK(r.errcode == -3);
    CHECK(h.has_probe("phone.error_modal"));
    CHECK_FALSE(h.has_probe("apple.sheet"));
}

TEST_CASE("the App flows' fault presets come from their catalogs and fire") {
    for (Flow f : {Flow::WeChatApp, Flow::UniWeixin, Flow::UniApple}) {
        INFO(to_string(f));
        CHECK(std::string(catalog_platform(f)) == to_string(f));
        CHECK_FALSE(fault_presets(f).empty());
    }
    Headless h;
    AppState s(app_config(Flow::UniApple));
    h.frame(s);
    h.click(s, "tab.faults");
    h.click(s, "faults.preset.dialog.1004");
    REQUIRE(s.engine().faults().size() == 1);
    open_apple_sheet(h, s);
    CHECK(tap_result(h, s, "apple.continue").errcode == 1004);
}

TEST_CASE("screenshot: WeChat's authorization page with the green 允许") {
    if (no_display()) return;
    const std::string out = scenario_shot("wechat-auth", R"({
  "name": "wx.weixinAppLogin: WeChat's authorization page is open",
  "flow": "wechat-app",
  "steps": [{"action": "weixin_app_login", "expect": {"pending": true}}]
})");
    Png png(out);
    constexpr int kPhoneX0 = 270, kPhoneX1 = 530;  // the phone's columns at 1280x720
    CHECK(png.count_near(0x07, 0xC1, 0x60, 6, kPhoneX0, kPhoneX1) > 3000);  // 允许, full width
    CHECK(png.count_near(0xF2, 0xF2, 0xF2, 3, kPhoneX0, kPhoneX1) > 2000);  // 拒绝, WeUI grey
    std::remove(out.c_str());
}

TEST_CASE("screenshot: the Sign in with Apple sheet with the black 继续") {
    if (no_display()) return;
    const std::string out = scenario_shot("apple-sheet", R"({
  "name": "uni.login apple: the Sign in with Apple sheet is open",
  "flow": "uni-apple",
  "environment": {"os": "ios"},
  "steps": [{"action": "uni_login_apple", "expect": {"pending": true}}]
})");
    Png png(out);
    constexpr int kPhoneX0 = 270, kPhoneX1 = 530;
    CHECK(png.count_near(0, 0, 0, 3, kPhoneX0, kPhoneX1) > 3000);        // 继续, black, full width
    CHECK(png.count_near(0xF2, 0xF2, 0xF7, 2, kPhoneX0, kPhoneX1) > 2000);  // the grouped rows
    std::remove(out.c_str());
}
