// Alipay, a platform pack, in the window, headless: the page's login (auth_base, no popup), the
// authorization float drawn from its PackSheet (同意 logs in, 拒绝 shows error 11), the toolbar's
// pack buttons and Setup's app fields and base-product switch.
#include "harness.hpp"

#include "loginscope/platform_pack.hpp"

using namespace ls;
using namespace ls::gui;
using namespace ls::gui::test;

namespace {
EngineConfig alipay_config() { return flow_config(*flow_from_string("alipay")); }
bool float_open(AppState& s) { return s.engine().pack_sheet().has_value(); }
}  // namespace

TEST_CASE("alipay: the page's button logs in silently with auth_base") {
    Headless h;
    AppState s(alipay_config());
    const ActionResult r = tap_result(h, s, "phone.login_button");
    CHECK(r.ok);
    CHECK_FALSE(float_open(s));
    CHECK(h.has_probe("phone.logged_in"));
    CHECK_FALSE(h.has_probe("phone.check_session"));  // Alipay has no session check of its own
    CHECK(tap_result(h, s, "phone.call_api").ok);
}

TEST_CASE("alipay: auth_user opens the float over the page where 同意 logs in and 拒绝 fails with 11") {
    Headless h;
    AppState s(alipay_config());
    tap(h, s, "toolbar.my_get_auth_code_user");
    REQUIRE(float_open(s));
    h.frames(s, 3);
    CHECK(h.probe("pack_sheet.text").text.find("支付宝授权") == 0);
    CHECK(h.has_probe("pack_sheet.alipay_auth_back"));
    CHECK_FALSE(h.has_probe("phone.login_button"));
    CHECK(tap_result(h, s, "pack_sheet.alipay_auth_agree").ok);
    CHECK(h.has_probe("phone.logged_in"));
    tap(h, s, "toolbar.my_get_auth_code_user");
    REQUIRE(float_open(s));
    const ActionResult refused = tap_result(h, s, "pack_sheet.alipay_auth_reject");
    CHECK(refused.errcode == 11);
    CHECK(h.has_probe("phone.error_modal"));
}

TEST_CASE("alipay: Setup shows its app fields and the base-product switch") {
    Headless h(false, ImVec2(1280, 1300));
    AppState s(alipay_config());
    h.frames(s, 2);
    for (const char* key : {"setup.alipay.appid", "setup.alipay.app_public_key", "setup.alipay.app_private_key", "setup.alipay.id_mode",
                            "toolbar.uni_login_alipay", "toolbar.taro_login_alipay"})
        CHECK(h.has_probe(key));
    h.click(s, "setup.alipay_base_product");
    CHECK_FALSE(pack_setting(s.engine().environment(), "alipay_base_product"));
    CHECK(tap_result(h, s, "phone.login_button").errcode == 4);
}

TEST_CASE("alipay: Setup's id mode is a choice of the two, and open_id reaches the gateway's answer") {
    Headless h(false, ImVec2(1280, 1300));
    AppState s(alipay_config());
    h.choose(s, "setup.alipay.id_mode", "user_id", "open_id");
    h.click(s, "setup.apply");
    REQUIRE(pack_app(s.engine().config().app, *find_pack("alipay")).at("id_mode") == "open_id");
    REQUIRE(tap_result(h, s, "phone.login_button").ok);
    bool open_id = false;
    for (const Event& e : s.engine().journal().all())
        if (e.http && e.http->target.find("gateway.do") != std::string::npos)
            open_id |= e.http->response_body.find("\"open_id\"") != std::string::npos;
    CHECK(open_id);
}
