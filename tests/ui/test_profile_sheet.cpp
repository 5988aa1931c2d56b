// wx.getUserProfile in the phone, headless. Up to base library 2.27.0 the page's 获取头像昵称
// button opens WeChat's authorization sheet; 允许 posts the signed, encrypted profile to the developer server, 拒绝 fails
// with "auth deny"; a call outside the tap handler is refused (PLATFORM-FACTS §1.6, §6.3). The
// inspector spells out the server's checks and the classic race (a newer wx.login's session_key).
// From 2.27.1 (a new world's default) no sheet opens: the anonymous profile, 微信用户, comes back at once.
#include "harness.hpp"
#include "screenshot.hpp"

#include "loginscope/catalog.hpp"

using namespace ls;
using namespace ls::gui;
using namespace ls::gui::test;

namespace {

// The last base library with WeChat's profile sheet.
EngineConfig sheet_config() {
    EngineConfig cfg = in_process_config();
    cfg.env.base_library = "2.27.0";
    return cfg;
}

void log_in(Headless& h, AppState& s) {
    REQUIRE(tap_result(h, s, "phone.login_button").ok);
    REQUIRE(h.has_probe("phone.get_user_profile"));
}

// The page's button: the sheet opens over the dimmed page and getUserProfile waits for a tap.
void open_sheet(Headless& h, AppState& s) {
    tap_open_dialog(h, s, "phone.get_user_profile", &Engine::profile_sheet_open, {"profile.allow", "profile.deny"});
}

// Logged in, with the getUserProfile sheet open.
struct SheetOpen {
    Headless h;
    AppState s{sheet_config()};
    SheetOpen() {
        log_in(h, s);
        open_sheet(h, s);
    }
};

}  // namespace

TEST_CASE_METHOD(SheetOpen, "the getUserProfile sheet draws 500 frames over the logged-in page, which takes no taps") {
    frames_with_dialog(h, s, &Engine::profile_sheet_open);
    CHECK(h.probe("profile.sheet").text == "示例小程序 申请获取以下权限");
    CHECK(h.probe("profile.user").text == "alice");
    CHECK_FALSE(h.has_probe("phone.get_user_profile"));  // the sheet covers the page
    CHECK_FALSE(h.has_probe("phone.relogin_button"));
}

TEST_CASE_METHOD(SheetOpen, "允许: the server verifies the signature, decrypts, and answers 200") {
    const ActionResult r = answer_dialog(h, s, "profile.allow", &Engine::profile_sheet_open);
    CHECK(r.ok);
    CHECK(r.http_status == 200);
    CHECK_FALSE(h.has_probe("profile.sheet"));
    CHECK_FALSE(h.has_probe("phone.error_modal"));
    CHECK(h.has_probe("phone.profile_verified"));
    // the inspector follows the server's verdict and lists every check
    CHECK(h.probe("inspector.selected_kind").text == "open_data.decrypted");
    CHECK(h.probe("inspector.open_data.signature").text == "pass");
    CHECK(h.probe("inspector.open_data.decrypt").text == "pass");
    CHECK(h.probe("inspector.open_data.watermark").text == "pass");
    const std::string json = h.probe("inspector.open_data.json").text;
    CHECK(json.find("\"nickName\": \"alice\"") != std::string::npos);
    CHECK(json.find(s.engine().config().app.appid) != std::string::npos);
    CHECK_FALSE(h.has_probe("inspector.open_data.race"));
}

TEST_CASE("the race: a second wx.login replaces session_key, the server's signature check fails") {
    Headless h;
    AppState s(sheet_config());
    log_in(h, s);
    tap(h, s, "toolbar.wx_login");  // a second code: WeChat's session_key changes, the server's does not
    REQUIRE(s.engine().last_result()->ok);
    CHECK(h.has_probe("inspector.stale"));
    open_sheet(h, s);
    const ActionResult r = tap_result(h, s, "profile.allow");
    CHECK_FALSE(r.ok);
    CHECK(r.http_status == 401);
    CHECK(h.probe("inspector.selected_kind").text == "open_data.signature_mismatch");
    CHECK(h.probe("inspector.open_data.signature").text == "fail");
    CHECK(h.probe("inspector.open_data.decrypt").text == "not reached");
    CHECK(h.probe("inspector.open_data.race").text ==
          "signed with a newer session_key: a later wx.login replaced the key the server holds");
    CHECK(h.probe("phone.error_modal").text.find("signature_mismatch") != std::string::npos);
}

TEST_CASE_METHOD(SheetOpen, "拒绝: getUserProfile fails with auth deny and the sheet closes") {
    const ActionResult r = answer_dialog(h, s, "profile.deny", &Engine::profile_sheet_open);
    CHECK_FALSE(r.ok);
    CHECK(r.errMsg == "getUserProfile:fail auth deny");
    CHECK(h.probe("phone.error_modal").text.find("getUserProfile:fail auth deny") != std::string::npos);
    CHECK_FALSE(h.has_probe("profile.sheet"));
}

TEST_CASE("not from a tap (Setup): the page's button and the toolbar's are refused without a sheet") {
    Headless h(false, ImVec2(1280, 900));  // Setup's option below the environment's, without scrolling
    AppState s(sheet_config());
    log_in(h, s);
    h.click(s, "setup.outside_tap");
    REQUIRE(s.ui.profile_outside_tap);
    tap(h, s, "phone.get_user_profile");
    auto r = s.engine().last_result();
    REQUIRE(r);
    CHECK_FALSE(r->ok);
    CHECK_FALSE(r->pending);
    CHECK(r->errMsg == "getUserProfile:fail can only be invoked by user TAP gesture.");
    CHECK_FALSE(s.engine().profile_sheet_open());
    CHECK(h.probe("phone.error_modal").text.find("TAP gesture") != std::string::npos);
    h.click(s, "phone.modal_ok");
    tap(h, s, "toolbar.get_user_profile");
    r = s.engine().last_result();
    REQUIRE(r);
    CHECK(r->errMsg == "getUserProfile:fail can only be invoked by user TAP gesture.");

    h.click(s, "phone.modal_ok");
    h.click(s, "setup.outside_tap");  // off again: the toolbar's button opens the sheet
    REQUIRE_FALSE(s.ui.profile_outside_tap);
    tap(h, s, "toolbar.get_user_profile");
    CHECK(s.engine().profile_sheet_open());
    CHECK(h.has_probe("profile.allow"));
}

TEST_CASE_METHOD(SheetOpen, "step mode: Next stays clickable over the logged-in page after 允许") {
    h.click(s, "toolbar.step_mode");
    h.click(s, "profile.allow");
    for (int i = 0; i < 50 && s.in_flight(); ++i) {
        for (int k = 0; k < 2000 && s.in_flight() && !s.engine().waiting_at(); ++k) {
            h.frame(s);
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
        if (!s.in_flight()) break;
        const uint64_t before = s.engine().journal().size();
        h.click(s, "phone.next_step");
        for (int k = 0; k < 2000 && s.in_flight() && s.engine().journal().size() == before; ++k) {
            h.frame(s);
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
    }
    REQUIRE(h.wait_idle(s));
    REQUIRE(s.engine().last_result());
    CHECK(s.engine().last_result()->action == "profile_allow");
    CHECK(s.engine().last_result()->ok);
}

TEST_CASE("screenshot: WeChat's authorization sheet with the green 允许 button") {
    if (no_display()) return;
    const std::string out = scenario_shot("profile-sheet", R"({
  "name": "getUserProfile: the authorization sheet is open",
  "flow": "wechat-mp",
  "environment": {"base_library": "2.27.0"},
  "steps": [
    {"action": "login", "expect": {"ok": true}},
    {"action": "get_user_profile", "expect": {"pending": true}}
  ]
})");
    Png png(out);
    constexpr int kPhoneX0 = 270, kPhoneMid = 400, kPhoneX1 = 530;  // the phone's columns at 1280x720
    CHECK(png.count_near(0x07, 0xC1, 0x60, 6, kPhoneMid, kPhoneX1) > 1500);  // 允许, right of centre
    CHECK(png.count_near(0x07, 0xC1, 0x60, 6, kPhoneX0, kPhoneMid) < 600);   // only the icon on the left
    CHECK(png.count_near(0xF2, 0xF2, 0xF2, 3, kPhoneX0, kPhoneMid) > 1500);  // 拒绝, WeUI grey
    std::remove(out.c_str());
}

TEST_CASE("a current base library: 获取头像昵称 opens no sheet, the server verifies 微信用户 with the grey avatar") {
    Headless h;
    AppState s(in_process_config());
    REQUIRE(s.engine().environment().base_library == Environment{}.base_library);
    log_in(h, s);
    const ActionResult r = tap_result(h, s, "phone.get_user_profile");
    CHECK(r.ok);
    CHECK(r.http_status == 200);
    CHECK_FALSE(s.engine().profile_sheet_open());
    CHECK_FALSE(h.has_probe("profile.sheet"));
    CHECK(h.probe("phone.profile_verified").text == "匿名资料「微信用户」，验签通过");
    const std::string json = h.probe("inspector.open_data.json").text;
    CHECK(json.find("\"nickName\": \"微信用户\"") != std::string::npos);
    CHECK(json.find("thirdwx.qlogo.cn") != std::string::npos);
}

TEST_CASE("Setup's base library: choosing 2.27.0 brings WeChat's sheet back, 2.27.1 takes it away") {
    Headless h(false, ImVec2(1280, 1000));  // Setup's list of flows grows with every platform: room for the field
    AppState s(in_process_config());
    h.frames(s, 2);
    REQUIRE(h.probe("setup.base_library").text == Environment{}.base_library);
    h.click(s, "setup.base_library");
    h.click(s, "setup.base_library.2.27.0");
    REQUIRE(h.wait_idle(s));
    CHECK(s.engine().environment().base_library == "2.27.0");
    CHECK(h.probe("setup.base_library").text == "2.27.0");
    log_in(h, s);
    open_sheet(h, s);
    answer_dialog(h, s, "profile.allow", &Engine::profile_sheet_open);

    h.click(s, "setup.base_library");
    h.click(s, "setup.base_library.2.27.1");
    REQUIRE(h.wait_idle(s));
    CHECK(s.engine().environment().base_library == "2.27.1");
    CHECK(tap_result(h, s, "phone.get_user_profile").ok);
    CHECK_FALSE(s.engine().profile_sheet_open());
}

TEST_CASE("手机号快速验证: WeChat's sheet shows the account's number masked, 允许 and the page says it is verified") {
    Headless h;
    AppState s(in_process_config());
    log_in(h, s);
    tap_open_dialog(h, s, "phone.get_phone_number", &Engine::phone_sheet_open, {"phone.allow", "phone.deny"});
    CHECK(h.probe("phone_number.sheet").text == "示例小程序 申请获取并验证你的手机号");
    const std::string masked = s.engine().phone_sheet_number();
    CHECK(masked.find("****") == 3);
    CHECK(h.probe("phone_number.number").text == masked);
    CHECK_FALSE(h.has_probe("phone.get_phone_number"));  // the sheet covers the page
    const ActionResult r = answer_dialog(h, s, "phone.allow", &Engine::phone_sheet_open);
    CHECK(r.ok);
    CHECK(h.probe("phone.number_verified").text == "手机号已验证 " + masked);
    CHECK_FALSE(h.has_probe("phone_number.sheet"));
}

TEST_CASE("手机号快速验证: 拒绝 shows getPhoneNumber:fail user deny") {
    Headless h;
    AppState s(in_process_config());
    log_in(h, s);
    tap_open_dialog(h, s, "phone.get_phone_number", &Engine::phone_sheet_open, {"phone.allow", "phone.deny"});
    const ActionResult r = answer_dialog(h, s, "phone.deny", &Engine::phone_sheet_open);
    CHECK(r.errMsg == "getPhoneNumber:fail user deny");
    CHECK(h.probe("phone.error_modal").text.find("getPhoneNumber:fail user deny") != std::string::npos);
}
