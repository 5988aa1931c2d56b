// The Baidu smart program in the phone, headless (PLATFORM-FACTS §4): the page's
// <button open-type="login"> logs in at once while the Baidu app is logged in; logged out it opens
// the Baidu account dialog (一键登录 → ok, 取消 → errCode 10004). The OS picks the client_call
// error table the Faults tab offers. A real-window screenshot checks the dialog's Baidu-blue button.
#include "harness.hpp"
#include "screenshot.hpp"

using namespace ls;
using namespace ls::gui;
using namespace ls::gui::test;

namespace {

EngineConfig swan_config(bool baidu_logged_in, const std::string& os = "android") {
    EngineConfig cfg = flow_config(Flow::Swan);
    cfg.env.baidu_logged_in = baidu_logged_in;
    cfg.env.os = os;
    return cfg;
}

void open_baidu_dialog(Headless& h, AppState& s) {
    tap_open_dialog(h, s, "phone.login_button", &Engine::baidu_dialog_open, {"baidu.dialog", "baidu.log_in", "baidu.close"});
    CHECK(h.has_probe("baidu.assumption"));        // the layout is a guess, and says so
    CHECK_FALSE(h.has_probe("phone.login_button"));  // the dialog covers the page
}

// Baidu logged out: the login button has opened the Baidu account dialog.
struct BaiduDialog {
    Headless h;
    AppState s{swan_config(false)};
    BaiduDialog() { open_baidu_dialog(h, s); }
};

}  // namespace

TEST_CASE_METHOD(BaiduDialog, "swan: the Baidu account dialog draws 500 frames over the page") {
    frames_with_dialog(h, s, &Engine::baidu_dialog_open);
    CHECK(h.probe("baidu.dialog").text == "登录百度账号 138****8000");
    CHECK(h.probe("baidu.number").text == "138****8000");
}

TEST_CASE("swan: the login button while Baidu is logged in → ok, no dialog") {
    Headless h;
    AppState s(swan_config(true));
    const ActionResult r = answer_dialog(h, s, "phone.login_button", &Engine::baidu_dialog_open);
    CHECK(r.ok);
    CHECK_FALSE(r.token.empty());
    CHECK(h.has_probe("phone.logged_in"));
    CHECK_FALSE(h.has_probe("baidu.dialog"));
    CHECK(tap_result(h, s, "phone.call_api").ok);  // the token works against the developer server
    tap(h, s, "phone.check_session");  // the logged-in page's swan.checkSession
    REQUIRE(s.engine().last_result());
    CHECK(s.engine().last_result()->action == "swan_check_session");
    CHECK(s.engine().last_result()->ok);
}

TEST_CASE_METHOD(BaiduDialog, "swan: logged out → the dialog → 一键登录 → logged in") {
    const ActionResult r = answer_dialog(h, s, "baidu.log_in", &Engine::baidu_dialog_open);
    CHECK(s.engine().environment().baidu_logged_in);
    CHECK(r.ok);
    CHECK_FALSE(r.token.empty());
    CHECK(h.has_probe("phone.logged_in"));
    CHECK_FALSE(h.has_probe("baidu.dialog"));
    CHECK_FALSE(h.has_probe("phone.error_modal"));
}

TEST_CASE_METHOD(BaiduDialog, "swan: logged out → the dialog → 取消 → errCode 10004 in the error dialog") {
    const ActionResult r = answer_dialog(h, s, "baidu.close", &Engine::baidu_dialog_open);
    CHECK_FALSE(s.engine().environment().baidu_logged_in);
    CHECK_FALSE(r.ok);
    CHECK(r.errcode == 10004);
    CHECK(h.probe("phone.error_modal").text.find("10004") != std::string::npos);
    CHECK_FALSE(h.has_probe("phone.logged_in"));
}

TEST_CASE("swan: the × closes the dialog too, and Setup's checkbox logs Baidu out") {
    Headless h(false, ImVec2(1280, 1000));  // Setup's list of flows grows with every platform: room for the box
    AppState s(swan_config(true));
    h.click(s, "setup.baidu_logged_in");
    REQUIRE_FALSE(s.engine().environment().baidu_logged_in);
    open_baidu_dialog(h, s);
    CHECK(tap_result(h, s, "baidu.close_x").errcode == 10004);
}

TEST_CASE("swan: the toolbar's Baidu calls run") {
    Headless h;
    AppState s(swan_config(true));
    CHECK(tap_result(h, s, "toolbar.swan_is_login_sync").action == "swan_is_login_sync");
    tap(h, s, "toolbar.swan_get_login_code");
    REQUIRE(s.engine().last_result());
    CHECK(s.engine().last_result()->action == "swan_get_login_code");
    CHECK(s.engine().last_result()->ok);
    CHECK(tap_result(h, s, "toolbar.uni_login_baidu").action == "uni_login_baidu");  // before the button's login event: 请登录
    CHECK(tap_result(h, s, "toolbar.swan_check_session").action == "swan_check_session");
    tap(h, s, "toolbar.login");  // the toolbar's Login is the button login
    REQUIRE(s.engine().last_result());
    CHECK(s.engine().last_result()->action == "swan_button_login");
    CHECK(s.engine().last_result()->ok);
    // the toolbar still fits at 1280 px
    h.frame(s);
    CHECK(h.probe("toolbar.reset").max.x <= 1280);
}

TEST_CASE("swan: the OS picks the Faults tab's client_call codes") {
    CHECK(std::string(catalog_platform(Flow::Swan, "ios", Hop::ClientCall)) == "swan-ios");
    CHECK(std::string(catalog_platform(Flow::Swan, "android", Hop::ClientCall)) == "swan-android");
    CHECK(std::string(catalog_platform(Flow::Swan, "ios", Hop::PlatformResponse)) == "swan");
    CHECK(std::string(catalog_platform(Flow::WeChatMp, "ios", Hop::ClientCall)) == "wechat");

    Headless h;
    AppState s(swan_config(true, "ios"));
    s.ui.open_tab = BottomTab::Faults;
    // The tab offers `os`'s own client_call codes, not `foreign` (the other OS's), and Baidu's
    // platform_response codes whatever the OS.
    auto offers = [&](const std::string& os, std::initializer_list<const char*> own, const char* foreign) {
        CHECK(h.probe("setup.os").text == os);
        for (const char* code : own) CHECK(h.has_probe(std::string("faults.preset.client_call.") + code));
        CHECK_FALSE(h.has_probe(std::string("faults.preset.client_call.") + foreign));
        CHECK(h.has_probe("faults.preset.platform_response.invalid_grant"));
    };
    h.frames(s, 3);
    offers("ios", {"10004", "202"}, "1001");
    h.click(s, "faults.preset.android");  // the OS changes: the Android table
    REQUIRE(s.engine().environment().os == "android");
    h.frames(s, 2);
    offers("android", {"1001", "201"}, "10004");

    // a client_call preset fires: iOS 10004 on the button login
    h.click(s, "faults.preset.ios");
    REQUIRE(s.engine().environment().os == "ios");
    h.click(s, "faults.preset.client_call.10002");
    tap(h, s, "phone.login_button");
    REQUIRE(s.engine().last_result());
    CHECK_FALSE(s.engine().last_result()->ok);
    CHECK(s.engine().last_result()->errcode == 10002);
}

TEST_CASE("screenshot: the Baidu account dialog with the blue 一键登录") {
    if (no_display()) return;
    const std::string out = scenario_shot("baidu-dialog", R"({
  "name": "swan: the login button while Baidu is logged out opens the Baidu account dialog",
  "flow": "swan",
  "environment": {"baidu_logged_in": false},
  "steps": [{"action": "swan_button_login", "expect": {"pending": true}}]
})");
    Png png(out);
    constexpr int kPhoneX0 = 270, kPhoneX1 = 530;  // the phone's columns at 1280x720
    CHECK(png.count_near(0x33, 0x88, 0xFF, 6, kPhoneX0, kPhoneX1) > 3000);  // 一键登录, Baidu blue, full width
    CHECK(png.count_near(0xF5, 0xF6, 0xF8, 2, kPhoneX0, kPhoneX1) > 1000);  // the number's row
    std::remove(out.c_str());
}
