// Issue 14: the phone shows one overlay at a time (Engine::overlay), the flow's own, and none once
// it is answered.
#include <catch2/catch.hpp>

#include "loginscope/engine.hpp"
#include "loginscope/steps.hpp"

using namespace ls;

namespace {

struct OverlayCase {
    Flow flow;
    std::vector<const char*> steps;  // taken in order; the last opens the overlay
    PhoneOverlay opens;
    const char* answer;  // the tap that closes it
};

Engine engine_for(Flow flow) {
    EngineConfig cfg;
    cfg.flow = flow;
    cfg.transport = TransportMode::InProcess;
    if (const char* os = flow_catalog()[size_t(flow)].default_os; *os) cfg.env.os = os;
    cfg.env.baidu_logged_in = false;  // swan: the login button opens the Baidu app's dialog
    cfg.env.base_library = "2.27.0";  // mini programs: the last base library with WeChat's profile sheet
    return Engine(cfg);
}

}  // namespace

TEST_CASE("each flow's dialog is the phone's one overlay while it is open, and none after the tap that answers it", "[overlay]") {
    const std::vector<OverlayCase> cases = {
        {Flow::WeChatMp, {"login", "get_user_profile"}, PhoneOverlay::ProfileSheet, "profile_deny"},
        {Flow::Taro, {"login", "get_user_profile"}, PhoneOverlay::ProfileSheet, "profile_allow"},
        {Flow::WeChatApp, {"weixin_app_login"}, PhoneOverlay::WechatAuth, "wechat_auth_deny"},
        {Flow::UniWeixin, {"uni_login_weixin"}, PhoneOverlay::WechatAuth, "wechat_auth_allow"},
        {Flow::UniApple, {"uni_login_apple"}, PhoneOverlay::AppleSheet, "apple_cancel"},
        {Flow::Swan, {"swan_button_login"}, PhoneOverlay::BaiduDialog, "baidu_dialog_close"},
        {Flow::Univerify, {"pre_login", "univerify_login"}, PhoneOverlay::UniverifyPage, "page_tap_close"},
    };
    for (const OverlayCase& c : cases) {
        INFO(to_string(c.flow));
        Engine e = engine_for(c.flow);
        CHECK(e.overlay() == PhoneOverlay::None);
        for (const char* id : c.steps) apply_step(e, make_step(id));
        CHECK(e.overlay() == c.opens);
        apply_step(e, make_step(c.answer));
        CHECK(e.overlay() == PhoneOverlay::None);
    }
}

TEST_CASE("a dialog another flow's step left open is not the phone's overlay", "[overlay]") {
    Engine e = engine_for(Flow::Univerify);
    apply_step(e, make_step("login"));
    apply_step(e, make_step("get_user_profile"));  // WeChat's sheet has no place on the one-click App
    REQUIRE(e.profile_sheet_open());
    CHECK(e.overlay() == PhoneOverlay::None);
}
