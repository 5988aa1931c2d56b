// Alipay as a platform pack, on the engine: my.getAuthCode's scopes and float, its failures' shape,
// uni.login on Alipay (vue2 / vue3) and Taro.login, the built-in server's signed exchange over real
// loopback HTTP, and what the rest of LoginScope reads from the pack.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "loginscope/alipay.hpp"
#include "loginscope/backend.hpp"
#include "loginscope/engine.hpp"
#include "loginscope/explore.hpp"
#include "loginscope/narration.hpp"
#include "loginscope/platform_pack.hpp"
#include "loginscope/steps.hpp"

using namespace ls;
using nlohmann::json;

namespace {

EngineConfig alipay_config(TransportMode transport = TransportMode::InProcess) {
    EngineConfig c;
    c.flow = *flow_from_string("alipay");
    c.transport = transport;
    return c;
}

ActionResult apply(Engine& e, const char* step) { return apply_step(e, make_step(step)); }

// The last console line that starts with `prefix`, parsed from its first '{'.
json last_res(Engine& e, const std::string& prefix) {
    json out;
    for (const std::string& line : console_lines(e.journal().all())) {
        const size_t at = line.find("] ");
        const std::string text = line.substr(at + 2);
        if (text.rfind(prefix, 0) == 0) out = json::parse(text.substr(text.find('{')));
    }
    return out;
}

}  // namespace

TEST_CASE("auth_base: a silent code, exchanged by the built-in server's RSA2-signed request, logs in", "[alipay][pack]") {
    Engine e(alipay_config(TransportMode::Http));
    const ActionResult r = apply(e, "my_get_auth_code");
    REQUIRE(r.ok);
    CHECK_FALSE(r.token.empty());
    CHECK(e.overlay() == PhoneOverlay::None);  // no popup
    const json res = last_res(e, "my.getAuthCode success");
    CHECK(res["authSuccessScopes"] == json::array({"auth_base"}));
    CHECK(res["authErrorScopes"] == json::object());
    CHECK_FALSE(res.contains("errMsg"));  // Alipay's own result carries none
    // The exchange on the wire: signed, verified, and the session's openid is Alipay's user_id.
    bool signed_request = false;
    for (const Event& ev : e.journal().all())
        if (ev.http && ev.http->target.find("/gateway.do") != std::string::npos && ev.kind == "http.request")
            signed_request = ev.http->target.find("sign=") != std::string::npos && ev.http->target.rfind("https://openapi.alipay.com", 0) == 0;
    CHECK(signed_request);
    const std::string user_id = e.identity().openid;
    CHECK(user_id.rfind("2088", 0) == 0);
    CHECK(user_id.size() == 16);
}

TEST_CASE("auth_user: the float waits and 同意 logs in while 拒绝 is 11 and the back key 10", "[alipay][pack]") {
    Engine e(alipay_config());
    CHECK(apply(e, "my_get_auth_code_user").pending);
    CHECK(e.overlay() == PhoneOverlay::PackSheet);
    REQUIRE(e.pack_sheet());
    CHECK(e.pack_sheet()->buttons.size() == 3);
    const ActionResult agreed = apply(e, "alipay_auth_agree");
    CHECK(agreed.ok);
    CHECK(last_res(e, "my.getAuthCode success")["authSuccessScopes"] == json::array({"auth_user"}));

    REQUIRE(apply(e, "my_get_auth_code_user").pending);
    const ActionResult refused = apply(e, "alipay_auth_reject");
    CHECK(refused.errcode == 11);
    CHECK(refused.errMsg == "用户取消授权");
    CHECK(last_res(e, "my.getAuthCode fail") == json{{"error", 11}, {"errorMessage", "用户取消授权"}});

    REQUIRE(apply(e, "my_get_auth_code_user").pending);
    CHECK(apply(e, "alipay_auth_back").errcode == 10);
    CHECK(e.overlay() == PhoneOverlay::None);
    CHECK(apply(e, "alipay_auth_agree").detail == "Alipay's authorization float is not showing");
}

TEST_CASE("uni.login on Alipay: vue3 renames authCode, vue2 adds code, a failure keeps only errMsg", "[alipay][pack]") {
    for (const char* runtime : {"vue3", "vue2"}) {
        EngineConfig c = alipay_config();
        c.app.uni_runtime = runtime;
        Engine e(c);
        REQUIRE(apply(e, "uni_login_alipay").pending);
        REQUIRE(apply(e, "alipay_auth_agree").ok);
        const json ok = last_res(e, "uni.login success");
        INFO(runtime << ": " << ok.dump());
        CHECK(ok["errMsg"] == "login:ok");
        CHECK(ok.contains("code"));
        CHECK(ok.contains("authCode") == (std::string(runtime) == "vue2"));
        REQUIRE(apply(e, "uni_login_alipay").pending);
        const ActionResult failed = apply(e, "alipay_auth_reject");
        CHECK(failed.errMsg == "login:fail 用户取消授权");
        CHECK_FALSE(failed.errcode);  // the number is gone
        CHECK(last_res(e, "uni.login fail") == json{{"errMsg", "login:fail 用户取消授权"}});
    }
}

TEST_CASE("Taro.login on Alipay forces auth_base and keeps authCode beside code", "[alipay][pack]") {
    Engine e(alipay_config());
    const ActionResult r = apply(e, "taro_login_alipay");
    CHECK(r.ok);
    CHECK(e.overlay() == PhoneOverlay::None);
    const json res = last_res(e, "Taro.login success");
    CHECK(res["authSuccessScopes"] == json::array({"auth_base"}));
    CHECK(res["code"] == res["authCode"]);
    CHECK_FALSE(last_res(e, "Taro.login then").empty());
}

TEST_CASE("an app without the base product gets 4 with its signature, offline is 12", "[alipay][pack]") {
    EngineConfig c = alipay_config();
    c.env.pack_settings["alipay_base_product"] = false;
    Engine e(c);
    CHECK(apply(e, "my_get_auth_code").errcode == 4);
    CHECK(last_res(e, "my.getAuthCode fail")["signature"] == "N22104");
    Environment env = e.environment();
    env.pack_settings["alipay_base_product"] = true;
    env.online = false;
    e.set_environment(env);
    CHECK(apply(e, "my_get_auth_code").errcode == 12);
}

TEST_CASE("the Alipay app's key pair and Alipay's public key sign and verify for real", "[alipay][pack]") {
    Engine e(alipay_config(TransportMode::Http));
    const PackApp app = e.pack_platform("alipay")->registered();
    const auto sign = rsa_sign(app.at("app_private_key"), "probe", "RSA2");
    REQUIRE(sign);
    CHECK(rsa_verify(app.at("app_public_key"), "probe", *sign, "RSA2"));
    CHECK_FALSE(rsa_verify(app.at("alipay_public_key"), "probe", *sign, "RSA2"));
    // An app registered with another public key refuses the built-in server's requests: isv.invalid-signature.
    EngineConfig other = alipay_config(TransportMode::Http);
    other.app.pack_apps["alipay"]["app_public_key"] = rsa_generate().public_pem;
    Engine refusing(other);
    const ActionResult r = apply(refusing, "my_get_auth_code");
    CHECK_FALSE(r.ok);
    CHECK(r.http_status == 401);
    CHECK(r.detail.find("isv.invalid-signature") != std::string::npos);
}

TEST_CASE("openid mode: the session's identity is the per-app open_id", "[alipay][pack]") {
    EngineConfig c = alipay_config();
    c.app.pack_apps["alipay"]["id_mode"] = "open_id";
    Engine e(c);
    REQUIRE(apply(e, "my_get_auth_code").ok);
    const std::string id = e.identity().openid;
    CHECK(id.size() == 47);
    CHECK(id[0] == '0');
}

TEST_CASE("explore finds nothing in a correct Alipay world and catches a reused code", "[alipay][pack][explore]") {
    ExploreOptions o;
    o.flow = *flow_from_string("alipay");
    o.runs = 40;
    o.seed = 3;
    CHECK(explore(o).findings.empty());
    o.flaws = {Flaw::AcceptReusedCode};
    o.runs = 80;
    const ExploreReport r = explore(o);
    REQUIRE_FALSE(r.findings.empty());
    CHECK(r.findings.front().violation.invariant == "code-single-use");
}

TEST_CASE("Alipay's events narrate in both languages", "[alipay][pack][narration]") {
    Engine e(alipay_config());
    apply(e, "my_get_auth_code_user");
    apply(e, "alipay_auth_agree");
    apply(e, "resend_code");
    const Flow flow = *flow_from_string("alipay");
    for (const char* kind : {"alipay.auth_float_opened", "code.issued", "exchange.ok", "exchange.error"}) {
        INFO(kind);
        const auto& events = e.journal().all();
        const auto it = std::find_if(events.begin(), events.end(), [&](const Event& ev) { return ev.kind == kind; });
        REQUIRE(it != events.end());
        CHECK(narrate(*it, flow, Lang::En).find("Alipay") != std::string::npos);
        CHECK(narrate(*it, flow, Lang::Zh).find("支付宝") != std::string::npos);
    }
}

TEST_CASE("a backend profile's alipay app registers its appid and, as its secret, the app public key", "[alipay][pack]") {
    const std::string key = rsa_generate().public_pem;
    const json profile = {{"name", "shop-api"},
                          {"apps", json::array({{{"platform", "alipay"}, {"appid", "2021009999999999"}, {"secret", key}}})},
                          {"flows", {{"alipay", {{"login", {{"method", "POST"}, {"url", "http://127.0.0.1:1/login"}, {"json", {{"code", "{{code}}"}}}}},
                                                 {"session", "/token"}}}}}};
    const BackendProfile p = parse_backend_profile(profile);
    const EngineConfig attached = backend_engine_config(alipay_config(), p, 0, 250);
    const PackApp app = pack_app(attached.app, *find_pack("alipay"));
    CHECK(app.at("appid") == "2021009999999999");
    CHECK(app.at("app_public_key") == key);
    Engine e(attached);
    CHECK(e.pack_platform("alipay")->registered().at("app_public_key") == key);
}
