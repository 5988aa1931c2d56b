// The multi-terminal app's server API over real loopback HTTP (PLATFORM-FACTS §2):
// GET /donut/code2verifyinfo?access_token=… with appid, appsecret, code, grant_type.
#include <catch2/catch.hpp>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "loginscope/code_store.hpp"
#include "loginscope/engine.hpp"

using namespace ls;
using nlohmann::json;

namespace {
struct Donut {
    Engine engine;
    httplib::Client client;
    DonutApp app;
    explicit Donut(DonutApp a = {}) : engine(config(a)), client("127.0.0.1", engine.platform_port()), app(a) {
        client.set_read_timeout(3, 0);
    }
    static EngineConfig config(const DonutApp& a) {
        EngineConfig c;
        c.transport = TransportMode::Http;
        c.flow = Flow::WeChatApp;
        c.app.donut = a;
        return c;
    }
    json get(const std::string& path, const httplib::Params& p) {
        auto res = client.Get(path.c_str(), p, httplib::Headers{});
        REQUIRE(res);
        CHECK(res->status == 200);
        return json::parse(res->body);
    }
    std::string token() {
        return get("/cgi-bin/token", {{"grant_type", "client_credential"}, {"appid", app.appid}, {"secret", app.appsecret}})["access_token"];
    }
    std::string code() { return engine.donut_platform().issue_code("alice", 0).first; }
    httplib::Params params(const std::string& code) {
        return {{"access_token", token()}, {"appid", app.appid}, {"appsecret", app.appsecret}, {"code", code},
                {"grant_type", "authorization_code"}};
    }
};
}  // namespace

TEST_CASE("code2verifyinfo answers login_info and user_info for a weixinAppLogin code", "[wechat-app]") {
    Donut d;
    const json j = d.get("/donut/code2verifyinfo", d.params(d.code()));
    CHECK(j["errcode"] == 0);
    CHECK(j["login_info"]["type"] == "weixinApp");
    CHECK(j["login_info"]["appid"] == d.app.appid);
    CHECK(j["user_info"]["openapp_info"]["appid"] == d.app.mobile_appid);
    CHECK(j["user_info"]["openapp_info"]["openid"].get<std::string>().size() == 28);
    CHECK(j["user_info"]["user_id"].get<std::string>().size() > 0);
}

TEST_CASE("code2verifyinfo rejects secret sent instead of appsecret with 10001003", "[wechat-app]") {
    Donut d;
    auto p = d.params(d.code());
    p.erase("appsecret");
    p.emplace("secret", d.app.appsecret);
    const json j = d.get("/donut/code2verifyinfo", p);
    CHECK(j["errcode"] == 10001003);
    CHECK(j["errmsg"].get<std::string>().rfind("appsecret错误 rid: ", 0) == 0);  // observed: no comma before rid
}

TEST_CASE("code2verifyinfo rejects POST with 43001", "[wechat-app]") {
    Donut d;
    std::string query;
    for (auto& [k, v] : d.params(d.code())) query += (query.empty() ? "?" : "&") + k + "=" + v;
    auto res = d.client.Post(("/donut/code2verifyinfo" + query).c_str(), "", "application/json");
    REQUIRE(res);
    CHECK(json::parse(res->body)["errcode"] == 43001);
}

TEST_CASE("code2verifyinfo rejects a missing access_token and a wrong appid or grant_type", "[wechat-app]") {
    Donut d;
    auto no_token = d.params(d.code());
    no_token.erase("access_token");
    CHECK(d.get("/donut/code2verifyinfo", no_token)["errcode"] == 40001);
    auto wrong_app = d.params(d.code());
    wrong_app.erase("appid");
    wrong_app.emplace("appid", "wx5f0d3c8a9b1e2d47");  // the mini program's, not the multi-terminal app's
    CHECK(d.get("/donut/code2verifyinfo", wrong_app)["errcode"] == 10001002);
    auto grant = d.params(d.code());
    grant.erase("grant_type");
    grant.emplace("grant_type", "client_credential");
    CHECK(d.get("/donut/code2verifyinfo", grant)["errcode"] == 10001004);
}

TEST_CASE("code2verifyinfo codes live 5 minutes and are accepted once", "[wechat-app]") {
    Donut d;
    const std::string code = d.code();
    d.engine.advance(299 * 1000);
    CHECK(d.get("/donut/code2verifyinfo", d.params(code))["errcode"] == 0);
    CHECK(d.get("/donut/code2verifyinfo", d.params(code))["errcode"] == 10001001);
    const std::string late = d.code();
    d.engine.advance(300 * 1000);
    CHECK(d.get("/donut/code2verifyinfo", d.params(late))["errcode"] == 10001000);
}

TEST_CASE("an expired code2verifyinfo code answers 10001000 for a day, then as never issued", "[wechat-app][memory]") {
    Donut d;
    const std::string code = d.code();
    d.engine.advance(300 * 1000);
    CHECK(d.get("/donut/code2verifyinfo", d.params(code))["errcode"] == 10001000);
    d.engine.advance(dead_code_memory_ms() - 1);
    CHECK(d.get("/donut/code2verifyinfo", d.params(code))["errcode"] == 10001000);
    d.engine.advance(1);  // assumptions(): codes.dead_memory_ms
    CHECK(d.get("/donut/code2verifyinfo", d.params(code))["errcode"] == 10001001);
}

TEST_CASE("code2verifyinfo answers 10001005 when identity management is off", "[wechat-app]") {
    DonutApp a;
    a.identity_management = false;
    Donut d(a);
    CHECK(d.get("/donut/code2verifyinfo", d.params(d.code()))["errcode"] == 10001005);
}

TEST_CASE("jscode2session does not accept a weixinAppLogin code", "[wechat-app]") {
    Donut d;
    const auto& mp = d.engine.config().app;
    const json j = d.get("/sns/jscode2session",
                         {{"appid", mp.appid}, {"secret", mp.secret}, {"js_code", d.code()}, {"grant_type", "authorization_code"}});
    CHECK(j["errcode"] == 40029);
}

TEST_CASE("one user has one identity across WeChat's APIs: openapp_info agrees with sns/oauth2, one unionid for every app", "[wechat-app][identity]") {
    // §2: openapp_info is the bound mobile app's identity, so /sns/oauth2/access_token for that
    // mobile app must give the same openid; a unionid is per user per Open Platform account, and the
    // demo apps are one account (/__admin/apps), so the mini program's code2Session agrees too.
    Donut d;
    const json verify = d.get("/donut/code2verifyinfo", d.params(d.code()));
    const json openapp = verify["user_info"]["openapp_info"];
    REQUIRE(openapp["appid"] == d.app.mobile_appid);

    const OpenApp mobile;
    REQUIRE(mobile.appid == d.app.mobile_appid);
    const std::string open_code = d.engine.open_platform().issue_code("alice", 0).first;
    const json oauth = d.get("/sns/oauth2/access_token", {{"appid", mobile.appid}, {"secret", mobile.secret}, {"code", open_code},
                                                           {"grant_type", "authorization_code"}});
    REQUIRE(oauth.contains("openid"));
    CHECK(oauth["openid"] == openapp["openid"]);
    CHECK(oauth["unionid"] == openapp["unionid"]);

    const AppConfig mp;
    const auto mp_code = d.engine.platform().issue_code(mp.appid, "alice", 0);
    REQUIRE(mp_code);
    const json session = d.get("/sns/jscode2session", {{"appid", mp.appid}, {"secret", mp.secret}, {"js_code", mp_code->code},
                                                       {"grant_type", "authorization_code"}});
    REQUIRE(session.contains("unionid"));
    CHECK(session["unionid"] == openapp["unionid"]);
    CHECK(session["openid"] != openapp["openid"]);  // an openid is per app

    // Another user is another identity everywhere.
    const std::string bob_code = d.engine.open_platform().issue_code("bob", 0).first;
    const json bob = d.get("/sns/oauth2/access_token", {{"appid", mobile.appid}, {"secret", mobile.secret}, {"code", bob_code},
                                                         {"grant_type", "authorization_code"}});
    CHECK(bob["unionid"] != openapp["unionid"]);
    CHECK(bob["openid"] != openapp["openid"]);
}
