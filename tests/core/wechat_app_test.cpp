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
