// `serve`'s admin API over a real loopback server, beside the real /sns/jscode2session.
#include <catch2/catch.hpp>

#include <algorithm>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "loginscope/platform_pack.hpp"
#include "loginscope/admin_api.hpp"
#include "loginscope/catalog.hpp"
#include "loginscope/engine.hpp"

using namespace ls;
using nlohmann::json;

namespace {
struct Served {
    Engine engine;
    httplib::Client client;
    explicit Served(EngineConfig c = make_config()) : engine(c), client("127.0.0.1", engine.platform_port()) {
        engine.set_admin_service(make_admin_service(engine));
        client.set_read_timeout(3, 0);
        client.set_connection_timeout(2, 0);
    }
    static EngineConfig make_config() {
        EngineConfig c;
        c.transport = TransportMode::Http;
        c.hang_hold_real_ms = 600;
        return c;
    }
    json post(const std::string& path, const std::string& body, int expect_status = 200) {
        auto res = client.Post(path.c_str(), body, "application/json");
        REQUIRE(res);
        INFO(path << " → " << res->status << " " << res->body);
        CHECK(res->status == expect_status);
        return json::parse(res->body, nullptr, false);
    }
    json get(const std::string& path, int expect_status = 200) {
        auto res = client.Get(path.c_str());
        REQUIRE(res);
        INFO(path << " → " << res->status << " " << res->body);
        CHECK(res->status == expect_status);
        return json::parse(res->body, nullptr, false);
    }
    std::string code() {
        const json j = post("/__admin/codes", json{{"appid", engine.config().app.appid}}.dump());
        return j["code"];
    }
    json exchange(const std::string& code) {
        const auto& app = engine.config().app;
        httplib::Params p{{"appid", app.appid}, {"secret", app.secret}, {"js_code", code}, {"grant_type", "authorization_code"}};
        auto res = client.Get("/sns/jscode2session", p, httplib::Headers{});
        REQUIRE(res);
        CHECK(res->status == 200);  // WeChat answers errors with HTTP 200 too
        return json::parse(res->body);
    }
};
}  // namespace

TEST_CASE("GET /__admin/apps lists the demo app", "[admin]") {
    Served s;
    REQUIRE(s.engine.platform_port() > 0);
    const json j = s.get("/__admin/apps");
    REQUIRE(j["apps"].is_array());
    // mini program, multi-terminal app, Open Platform app, Baidu, univerify, then each platform pack's app
    REQUIRE(j["apps"].size() == 5 + platform_packs().size());
    CHECK(j["apps"][0]["appid"] == s.engine.config().app.appid);
    CHECK(j["apps"][0]["secret"] == s.engine.config().app.secret);
    CHECK(j["apps"][0]["platform"] == "wechat");
}

TEST_CASE("POST /__admin/codes issues a 5 minute code that exchanges exactly once", "[admin]") {
    Served s;
    const json j = s.post("/__admin/codes", json{{"appid", s.engine.config().app.appid}}.dump());
    CHECK(j["expires_in"] == 300);
    const std::string code = j["code"];
    CHECK(code.size() == 32);
    const json ok = s.exchange(code);
    INFO(ok.dump());
    CHECK_FALSE(ok.contains("errcode"));
    CHECK(ok.contains("openid"));
    CHECK(ok.contains("session_key"));
    CHECK(s.exchange(code)["errcode"] == 40163);
}

TEST_CASE("POST /__admin/codes for another user gives that user's openid", "[admin]") {
    Served s;
    const std::string appid = s.engine.config().app.appid;
    const json a = s.exchange(s.post("/__admin/codes", json{{"appid", appid}, {"user", "u1"}}.dump())["code"]);
    const json b = s.exchange(s.post("/__admin/codes", json{{"appid", appid}, {"user", "u2"}}.dump())["code"]);
    CHECK(a["openid"] != b["openid"]);
}

TEST_CASE("POST /__admin/clock advancing 5 minutes expires a fresh code", "[admin]") {
    Served s;
    const std::string code = s.code();
    const int64_t before = s.engine.clock().now_ms();
    const json j = s.post("/__admin/clock", R"({"advance_ms": 300000})");
    CHECK(j["now_ms"] == before + 300000);
    CHECK(s.exchange(code)["errcode"] == 40029);
}

// Issue 13: after any earlier advance, INT64_MAX wrapped now_ms negative and an expired code redeemed.
TEST_CASE("POST /__admin/clock with the largest advance stops at the end of virtual time and revives no code", "[admin]") {
    Served s;
    const std::string used = s.code(), expired = s.code();
    REQUIRE_FALSE(s.exchange(used).contains("errcode"));
    s.post("/__admin/clock", R"({"advance_ms": 300000})");
    REQUIRE(s.exchange(expired)["errcode"] == 40029);
    const json j = s.post("/__admin/clock", R"({"advance_ms": 9223372036854775807})");
    CHECK(j["now_ms"] == INT64_MAX);
    CHECK(s.exchange(expired)["errcode"] == 40029);
    // A day past its expiry a used code is forgotten (codes.dead_memory_ms) and answers as never
    // issued: refused still, never redeemed again.
    CHECK(s.exchange(used)["errcode"] == 40029);
    // At the end of virtual time every lifetime has ended: a new code is born expired.
    CHECK(s.post("/__admin/codes", json{{"appid", s.engine.config().app.appid}}.dump())["expires_in"] == 0);
    CHECK(s.exchange(s.code())["errcode"] == 40029);
    CHECK(s.post("/__admin/clock", R"({"advance_ms": 1})")["now_ms"] == INT64_MAX);
}

TEST_CASE("POST /__admin/clock refuses an advance_ms beyond a signed 64-bit integer naming the field", "[admin]") {
    Served s;
    for (const char* body : {R"({"advance_ms": 9223372036854775808})", R"({"advance_ms": 18446744073709551615})",
                             R"({"advance_ms": 1e300})"}) {
        INFO(body);
        const std::string error = s.post("/__admin/clock", body, 400)["error"];
        CHECK_THAT(error, Catch::Contains("advance_ms") && Catch::Contains("9223372036854775807"));
    }
    CHECK(s.engine.clock().now_ms() == 0);
}

TEST_CASE("POST /__admin/faults adds a rule that then fires", "[admin]") {
    Served s;
    const json list = s.post("/__admin/faults", R"({"hop": "platform_response", "what": "platform_error", "code": "-1"})");
    REQUIRE(list["faults"].size() == 1);
    CHECK(list["faults"][0]["code"] == "-1");
    CHECK(s.get("/__admin/faults")["faults"].size() == 1);
    const std::string code = s.code();
    const json bad = s.exchange(code);
    CHECK(bad["errcode"] == -1);
    CHECK_THAT(bad["errmsg"].get<std::string>(), Catch::StartsWith("system error, rid: "));
    CHECK_FALSE(s.exchange(code).contains("errcode"));  // -1 kept the code; the rule fired once
}

// The admin API takes any platform's code (the hop decides which endpoint answers it), so WeChat's
// numeric errcode may be forced to a text code such as the Open Platform's "invalid_grant": found by
// the admin fuzzer, which once crashed serve with it.
TEST_CASE("POST /__admin/faults with another platform's text code makes jscode2session answer errcode -1", "[admin]") {
    Served s;
    s.post("/__admin/faults", R"({"hop": "platform_response", "what": "platform_error", "code": "invalid_grant"})");
    const json bad = s.exchange(s.code());
    CHECK(bad["errcode"] == -1);
    CHECK(bad["errmsg"].is_string());
}

TEST_CASE("errcode_number keeps numeric codes and gives -1 for text", "[admin][catalog]") {
    CHECK(errcode_number("40163") == 40163);
    CHECK(errcode_number("-1") == -1);
    CHECK(errcode_number("10001000") == 10001000);
    CHECK(errcode_number("invalid_grant") == -1);
    CHECK(errcode_number("") == -1);
    CHECK(errcode_number("12ab") == -1);
    CHECK(errcode_number("99999999999999") == -1);
}

TEST_CASE("DELETE /__admin/faults clears the rules", "[admin]") {
    Served s;
    s.post("/__admin/faults", R"({"hop": "platform_response", "when": "every", "what": "platform_error", "code": "-1"})");
    auto res = s.client.Delete("/__admin/faults");
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(s.engine.faults().empty());
    CHECK_FALSE(s.exchange(s.code()).contains("errcode"));
}

TEST_CASE("admin requests with bad JSON are rejected with 400 naming the field", "[admin]") {
    Served s;
    CHECK_THAT(s.post("/__admin/codes", "{not json", 400)["error"].get<std::string>(), Catch::Contains("body"));
    CHECK_THAT(s.post("/__admin/codes", "[1,2]", 400)["error"].get<std::string>(), Catch::Contains("body"));
    CHECK_THAT(s.post("/__admin/codes", "{}", 400)["error"].get<std::string>(), Catch::Contains("appid"));
    CHECK_THAT(s.post("/__admin/codes", R"({"appid": 5})", 400)["error"].get<std::string>(), Catch::Contains("appid"));
    CHECK_THAT(s.post("/__admin/codes", R"({"appid": "wxnope"})", 400)["error"].get<std::string>(), Catch::Contains("wxnope"));
    CHECK_THAT(s.post("/__admin/clock", R"({"advance_ms": "soon"})", 400)["error"].get<std::string>(), Catch::Contains("advance_ms"));
    CHECK_THAT(s.post("/__admin/clock", R"({"advance_ms": -5})", 400)["error"].get<std::string>(), Catch::Contains("advance_ms"));
    CHECK_THAT(s.post("/__admin/faults", R"({"hop": "moon", "what": "hang"})", 400)["error"].get<std::string>(),
               Catch::Contains("hop"));
    CHECK_THAT(s.post("/__admin/faults", R"({"hop": "platform_response", "what": "platform_error", "code": "1"})", 400)["error"]
                   .get<std::string>(),
               Catch::Contains("code"));
    CHECK(s.engine.faults().empty());
    CHECK(s.engine.clock().now_ms() == 0);
}

// Found by a probe of `serve`: {"user":123} silently issued the default user's code, and a fault
// rule with a misspelt field was added without it. Admin bodies are read as strictly as scenario files.
TEST_CASE("admin requests refuse an unknown field or a user that is not a string, naming the field", "[admin]") {
    Served s;
    const std::string appid = s.engine.config().app.appid;
    const auto error = [&](const std::string& path, const json& body) {
        return s.post(path, body.dump(), 400)["error"].get<std::string>();
    };
    CHECK(error("/__admin/codes", {{"appid", appid}, {"user", 123}}) == "user: must be a string, not 123");
    CHECK(error("/__admin/codes", {{"appid", appid}, {"usr", "bob"}}) == "usr: unknown field");
    CHECK(error("/__admin/codes", {{"appid", appid}, {"count", 2}, {"users", json::array({"a"})}}) == "users: unknown field");
    CHECK(error("/__admin/codes", {{"appid", appid}, {"count", 18446744073709551615ULL}}) ==
          "count: must be an integer 1..10000, not 18446744073709551615");
    CHECK(error("/__admin/clock", {{"advance_ms", 1000}, {"jump", true}}) == "jump: unknown field");
    CHECK(error("/__admin/univerify/tokens", {{"numbr", "13800138000"}}) == "numbr: unknown field");
    CHECK(error("/__admin/reset", {{"seed", 7}}) == "seed: unknown field");
    CHECK(error("/__admin/faults", {{"hop", "client_to_dev"}, {"what", "hang"}, {"when", "probability"}, {"propability", 0.1}}) ==
          "fault.propability: unknown field");
    CHECK(s.engine.faults().empty());
    CHECK(s.engine.clock().now_ms() == 0);
    for (const Event& e : s.engine.journal().all()) CHECK(e.kind != "code.issued");
    // The fields each endpoint does read still work, an empty body for reset included.
    CHECK(s.post("/__admin/codes", json{{"appid", appid}, {"user", "bob"}, {"count", 2}}.dump())["codes"].size() == 2);
    CHECK(s.post("/__admin/reset", "{}")["ok"] == true);
    CHECK(s.post("/__admin/reset", "")["ok"] == true);
}

TEST_CASE("an unknown admin endpoint answers 404", "[admin]") {
    Served s;
    CHECK(s.get("/__admin/nothing", 404)["path"] == "/__admin/nothing");
    CHECK(s.get("/sns/unknown", 404).is_object());
}

TEST_CASE("GET /__admin/events returns the journal and POST /__admin/reset clears it", "[admin]") {
    Served s;
    const std::string code = s.code();
    s.exchange(code);
    const json ev = s.get("/__admin/events");
    REQUIRE(ev.is_array());
    std::vector<std::string> kinds;
    for (auto& e : ev) kinds.push_back(e["kind"]);
    CHECK(std::find(kinds.begin(), kinds.end(), "code.issued") != kinds.end());
    CHECK(std::find(kinds.begin(), kinds.end(), "exchange.ok") != kinds.end());
    s.post("/__admin/clock", R"({"advance_ms": 1000})");
    CHECK(s.post("/__admin/reset", "")["ok"] == true);
    CHECK(s.get("/__admin/events").empty());
    CHECK(s.engine.clock().now_ms() == 0);
    CHECK(s.exchange(code)["errcode"] == 40029);  // the platform forgot the code
}

TEST_CASE("GET /__admin/apps also lists the univerify app", "[admin][univerify]") {
    Served s;
    const json j = s.get("/__admin/apps");
    const auto& apps = j["apps"];
    const auto uni = std::find_if(apps.begin(), apps.end(), [](const json& a) { return a["platform"] == "univerify"; });
    REQUIRE(uni != apps.end());
    CHECK((*uni)["appid"] == s.engine.config().app.univerify.uni_appid);
}

TEST_CASE("an admin univerify token buys the phone number once at getPhoneNumber", "[admin][univerify]") {
    Served s;
    const json t = s.post("/__admin/univerify/tokens", R"({"number":"13912345678"})");
    REQUIRE(t.contains("access_token"));
    CHECK(t["expires_in"] == 120);
    const std::string body = json{{"appid", s.engine.config().app.univerify.uni_appid}, {"provider", "univerify"},
                                  {"access_token", t["access_token"]}, {"openid", t["openid"]}}.dump();
    const json first = s.post("/univerify/getPhoneNumber", body);
    CHECK(first == json{{"code", 0}, {"success", true}, {"phoneNumber", "13912345678"}});
    const json again = s.post("/univerify/getPhoneNumber", body);
    CHECK(again["code"] == 5000);
    CHECK(again["success"] == false);
}

TEST_CASE("an admin univerify token request with a bad number is rejected naming the field", "[admin][univerify]") {
    Served s;
    const json j = s.post("/__admin/univerify/tokens", R"({"number":42})", 400);
    CHECK(j["error"].get<std::string>().rfind("number:", 0) == 0);
}

TEST_CASE("POST /__admin/codes for the multi-terminal app issues a code2verifyinfo code", "[admin][wechat-app]") {
    Served s;
    const DonutApp& app = s.engine.config().app.donut;
    const json c = s.post("/__admin/codes", json{{"appid", app.appid}}.dump());
    CHECK(c["expires_in"] == 300);
    auto tok = s.client.Get("/cgi-bin/token", httplib::Params{{"grant_type", "client_credential"}, {"appid", app.appid}, {"secret", app.appsecret}},
                            httplib::Headers{});
    REQUIRE(tok);
    const std::string token = json::parse(tok->body)["access_token"];
    auto res = s.client.Get("/donut/code2verifyinfo",
                            httplib::Params{{"access_token", token}, {"appid", app.appid}, {"appsecret", app.appsecret},
                                            {"code", c["code"]}, {"grant_type", "authorization_code"}},
                            httplib::Headers{});
    REQUIRE(res);
    CHECK(json::parse(res->body)["errcode"] == 0);
}

TEST_CASE("POST /__admin/codes for the Open Platform mobile app issues a 10 minute oauth2 code", "[admin][uni-app]") {
    Served s;
    const OpenApp& app = s.engine.config().app.open;
    const json c = s.post("/__admin/codes", json{{"appid", app.appid}}.dump());
    CHECK(c["expires_in"] == 600);
    auto res = s.client.Get("/sns/oauth2/access_token",
                            httplib::Params{{"appid", app.appid}, {"secret", app.secret}, {"code", c["code"]}, {"grant_type", "authorization_code"}},
                            httplib::Headers{});
    REQUIRE(res);
    const json j = json::parse(res->body);
    CHECK(j["expires_in"] == 7200);
    CHECK(j.contains("openid"));
}

TEST_CASE("POST /__admin/codes with the Baidu AppKey issues a jscode2sessionkey code", "[admin][swan]") {
    Served s;
    const BaiduApp& app = s.engine.config().app.baidu;
    const json c = s.post("/__admin/codes", json{{"appid", app.app_key}}.dump());
    CHECK(c["expires_in"] == 600);
    const std::string form = "code=" + c["code"].get<std::string>() + "&client_id=" + app.app_key + "&sk=" + app.app_secret;
    auto res = s.client.Post("/oauth/jscode2sessionkey", form, "application/x-www-form-urlencoded");
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(json::parse(res->body).contains("session_key"));
    auto again = s.client.Post("/oauth/jscode2sessionkey", form, "application/x-www-form-urlencoded");
    REQUIRE(again);
    CHECK(again->status == 400);
    CHECK(json::parse(again->body)["error"] == "invalid_grant");
}

TEST_CASE("jscode2sessionkey rejects a missing field and a wrong sk in Baidu's OAuth shape", "[admin][swan]") {
    Served s;
    const BaiduApp& app = s.engine.config().app.baidu;
    auto missing = s.client.Post("/oauth/jscode2sessionkey", "code=x&client_id=" + app.app_key, "application/x-www-form-urlencoded");
    REQUIRE(missing);
    CHECK(missing->status == 400);
    CHECK(json::parse(missing->body)["error"] == "invalid_request");
    auto wrong = s.client.Post("/oauth/jscode2sessionkey", "code=x&client_id=" + app.app_key + "&sk=nope", "application/x-www-form-urlencoded");
    REQUIRE(wrong);
    const json j = json::parse(wrong->body);
    CHECK(j["error"] == "invalid_client");
    CHECK(j["error_description"] == "unknown client id");
}
