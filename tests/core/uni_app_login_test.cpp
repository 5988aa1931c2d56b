// uni.login in an App with provider weixin and apple (PLATFORM-FACTS §6.1, §6.2).
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "loginscope/crypto.hpp"
#include "loginscope/engine.hpp"

#include "fault_rules.hpp"

using namespace ls;
using namespace ls::test;
using nlohmann::json;

namespace {
EngineConfig config(Flow flow, TransportMode t = TransportMode::InProcess) {
    EngineConfig c;
    c.flow = flow;
    c.transport = t;
    return c;
}

// The JSON payload of the last console line starting with `prefix`.
json last_payload(const Engine& e, const std::string& prefix) {
    json found;
    for (const Event& ev : e.journal().all())
        if (ev.kind == "console" && ev.text.rfind(prefix, 0) == 0) found = json::parse(ev.text.substr(prefix.size()));
    return found;
}

std::string base64url_decode(std::string s) {
    for (auto& c : s) c = c == '-' ? '+' : c == '_' ? '/' : c;
    while (s.size() % 4) s += '=';
    return base64_decode(s).value_or("");
}
}  // namespace

TEST_CASE("uni.login weixin without onlyAuthorize returns WeChat's token response as authResult", "[uni-app]") {
    const TransportMode t = GENERATE(TransportMode::InProcess, TransportMode::Http);
    Engine e(config(Flow::UniWeixin, t));
    REQUIRE(e.uni_login_weixin(false).pending);
    REQUIRE(e.wechat_auth(true).ok);
    const json res = last_payload(e, "uni.login success ");
    CHECK(res["errMsg"] == "login:ok");
    const json& a = res["authResult"];
    for (const char* k : {"access_token", "expires_in", "refresh_token", "openid", "scope", "unionid"}) CHECK(a.contains(k));
    CHECK(a["expires_in"] == 7200);
    CHECK(a["scope"] == "snsapi_userinfo");
    CHECK_FALSE(res.contains("code"));  // undefined in the App's res, so absent
}

TEST_CASE("uni.login weixin with onlyAuthorize returns the code and an empty authResult", "[uni-app]") {
    Engine e(config(Flow::UniWeixin));
    e.uni_login_weixin(true);
    const ActionResult r = e.wechat_auth(true);
    CHECK(r.ok);
    const json res = last_payload(e, "uni.login success ");
    CHECK(res["authResult"] == "");
    CHECK(res["code"].get<std::string>().size() == 32);
    CHECK(r.http_status == 200);  // the developer server exchanged it
}

TEST_CASE("uni.login weixin errors keep uni-app's shape in vue2 and vue3", "[uni-app]") {
    EngineConfig c = config(Flow::UniWeixin);
    c.app.uni_runtime = "vue2";
    Engine v2(c);
    v2.uni_login_weixin(false);
    v2.wechat_auth(false);
    CHECK(last_payload(v2, "uni.login fail ") == json{{"errMsg", "login:fail 用户取消"}, {"errCode", -2}, {"code", -2}});
    Engine v3(config(Flow::UniWeixin));
    v3.uni_login_weixin(false);
    v3.wechat_auth(false);
    CHECK(last_payload(v3, "uni.login fail ") == json{{"errMsg", "login:fail 用户取消"}, {"code", -2}});
}

TEST_CASE("a WeChat errcode in the app's own exchange becomes -100 with innerCode", "[uni-app]") {
    Engine e(config(Flow::UniWeixin));
    e.add_fault(platform_error("40163"));
    e.uni_login_weixin(false);
    const ActionResult r = e.wechat_auth(true);
    CHECK(r.errcode == -100);
    const json res = last_payload(e, "uni.login fail ");
    CHECK(res["code"] == -100);
    CHECK(res["innerCode"] == 40163);
    CHECK(res["errMsg"].get<std::string>().rfind("login:fail code been used, rid: ", 0) == 0);
}

TEST_CASE("Sign in with Apple returns appleInfo with an identityToken for the app's bundle", "[uni-app]") {
    EngineConfig c = config(Flow::UniApple);
    c.env.os = "ios";
    Engine e(c);
    REQUIRE(e.uni_login_apple().pending);
    REQUIRE(e.apple_sheet(true).ok);
    const json info = last_payload(e, "uni.login success ")["appleInfo"];
    for (const char* k : {"user", "state", "email", "fullName", "authorizationCode", "identityToken", "realUserStatus", "scope"})
        CHECK(info.contains(k));
    CHECK(info["email"] != "");
    const std::string jwt = info["identityToken"];
    const json claims = json::parse(base64url_decode(jwt.substr(jwt.find('.') + 1, jwt.rfind('.') - jwt.find('.') - 1)));
    CHECK(claims["aud"] == c.app.apple_bundle_id);
    CHECK(claims["sub"] == info["user"]);
}

// Issue 14: a delay at the Apple sheet's hop was journaled as fired and then ignored — the sheet
// read faults by hand and kept only platform errors. It now goes through the one interpreter of
// client-hop faults, like wx.login's and checkSession's.
TEST_CASE("a delay at the Sign in with Apple sheet moves the clock, as at every client hop", "[uni-app][faults]") {
    EngineConfig c = config(Flow::UniApple);
    c.env.os = "ios";
    Engine e(c);
    REQUIRE(e.uni_login_apple().pending);
    e.add_fault(delay_fault(Hop::Dialog, 7000));
    const int64_t before = e.clock().now_ms();
    CHECK(e.apple_sheet(true).ok);
    CHECK(e.clock().now_ms() - before >= 7000);
    // A platform error there still fails the call with its code.
    REQUIRE(e.uni_login_apple().pending);
    e.add_fault(platform_error("1001", Hop::Dialog));
    const ActionResult r = e.apple_sheet(true);
    CHECK_FALSE(r.ok);
    REQUIRE(e.uni_login_apple().pending);
    CHECK(r.errMsg == e.apple_sheet(false).errMsg);  // 1001: as if the user had cancelled
}

TEST_CASE("Sign in with Apple sends name and email only the first time", "[uni-app]") {
    EngineConfig c = config(Flow::UniApple);
    c.env.os = "ios";
    Engine e(c);
    e.uni_login_apple();
    e.apple_sheet(true);
    e.uni_login_apple();
    e.apple_sheet(true);
    const json info = last_payload(e, "uni.login success ")["appleInfo"];
    CHECK(info["email"] == "");
    CHECK(info["fullName"]["givenName"] == "");
}

// Issue 15: appleInfo.user is the stable identifier of the user for the developer's apps
// (ASAuthorizationAppleIDRequest.user: "portable among apps from a single developer"); only name and
// email are first-time-only.
TEST_CASE("Sign in with Apple gives the same user the same appleInfo.user every time, another user another", "[uni-app]") {
    EngineConfig c = config(Flow::UniApple);
    c.env.os = "ios";
    Engine e(c);
    auto apple_user = [&] {
        e.uni_login_apple();
        e.apple_sheet(true);
        return last_payload(e, "uni.login success ")["appleInfo"]["user"].get<std::string>();
    };
    const std::string first = apple_user();
    CHECK(apple_user() == first);
    Environment bob = e.environment();
    bob.user = "bob";
    e.set_environment(bob);
    const std::string other = apple_user();
    CHECK(other != first);
    CHECK(other.size() == first.size());
    bob.user = c.env.user;
    e.set_environment(bob);
    CHECK(apple_user() == first);
}

TEST_CASE("uni.login apple is rejected outside iOS", "[uni-app]") {
    Engine e(config(Flow::UniApple));  // android by default
    const ActionResult r = e.uni_login_apple();
    CHECK_FALSE(r.ok);
    CHECK(r.errcode == -3);
    CHECK_FALSE(e.apple_sheet_open());
}

TEST_CASE("a delay fault at uni.login weixin's client call moves the virtual clock", "[uni-app]") {
    Engine e(config(Flow::UniWeixin));
    e.add_fault(delay_fault(Hop::ClientCall, 1500));
    const int64_t before = e.clock().now_ms();
    CHECK(e.uni_login_weixin(false).pending);
    CHECK(e.clock().now_ms() - before == 1500);
}
