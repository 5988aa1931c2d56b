// WeChat's server-side session APIs over real loopback HTTP (PLATFORM-FACTS §1.4, §1.5):
// /cgi-bin/token, /wxa/checksession, /wxa/resetusersessionkey.
#include <catch2/catch.hpp>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "loginscope/crypto.hpp"
#include "loginscope/engine.hpp"

using namespace ls;
using nlohmann::json;

namespace {
struct Server {
    Engine engine;
    httplib::Client client;
    Server() : engine(config()), client("127.0.0.1", engine.platform_port()) { client.set_read_timeout(3, 0); }
    static EngineConfig config() {
        EngineConfig c;
        c.transport = TransportMode::Http;
        return c;
    }
    json get(const std::string& path, const httplib::Params& p) {
        auto res = client.Get(path.c_str(), p, httplib::Headers{});
        REQUIRE(res);
        CHECK(res->status == 200);  // WeChat answers errors with HTTP 200
        return json::parse(res->body);
    }
    std::string token() {
        const auto& app = engine.config().app;
        const json j = get("/cgi-bin/token", {{"grant_type", "client_credential"}, {"appid", app.appid}, {"secret", app.secret}});
        REQUIRE(j.contains("access_token"));
        return j["access_token"];
    }
    // A logged-in user: WeChat's view of openid and session_key after wx.login + code2Session.
    std::pair<std::string, std::string> user() {
        const auto code = engine.platform().issue_code(engine.config().app.appid, "alice", 0);
        const auto& app = engine.config().app;
        const json j = get("/sns/jscode2session",
                           {{"appid", app.appid}, {"secret", app.secret}, {"js_code", code->code}, {"grant_type", "authorization_code"}});
        return {j["openid"], j["session_key"]};
    }
    json signed_call(const char* path, const std::string& token, const std::string& openid, const std::string& signature,
                     const std::string& method = "hmac_sha256") {
        return get(path, {{"access_token", token}, {"openid", openid}, {"signature", signature}, {"sig_method", method}});
    }
};
}  // namespace

TEST_CASE("cgi-bin token issues a 2 hour access_token", "[session-api]") {
    Server s;
    const auto& app = s.engine.config().app;
    const json j = s.get("/cgi-bin/token", {{"grant_type", "client_credential"}, {"appid", app.appid}, {"secret", app.secret}});
    CHECK(j["expires_in"] == 7200);
    CHECK(j["access_token"].get<std::string>().size() > 100);
    CHECK_FALSE(j.contains("errcode"));
}

TEST_CASE("cgi-bin token rejects a wrong grant_type appid or secret with the documented codes", "[session-api]") {
    Server s;
    const auto& app = s.engine.config().app;
    CHECK(s.get("/cgi-bin/token", {{"grant_type", "authorization_code"}, {"appid", app.appid}, {"secret", app.secret}})["errcode"] == 40002);
    CHECK(s.get("/cgi-bin/token", {{"grant_type", "client_credential"}, {"appid", "wx0000000000000000"}, {"secret", app.secret}})["errcode"] == 40013);
    const json bad = s.get("/cgi-bin/token", {{"grant_type", "client_credential"}, {"appid", app.appid}, {"secret", "wrong"}});
    CHECK(bad["errcode"] == 40001);
    CHECK(bad["errmsg"].get<std::string>().rfind("invalid credential", 0) == 0);
}

TEST_CASE("checksession accepts hmac_sha256 of the empty body keyed by the session_key string", "[session-api]") {
    Server s;
    const std::string token = s.token();
    const auto [openid, key] = s.user();
    CHECK(s.signed_call("/wxa/checksession", token, openid, hmac_sha256_hex(key, "")) == json{{"errcode", 0}, {"errmsg", "ok"}});
}

TEST_CASE("checksession rejects a wrong signature method or token", "[session-api]") {
    Server s;
    const std::string token = s.token();
    const auto [openid, key] = s.user();
    const std::string sig = hmac_sha256_hex(key, "");
    CHECK(s.signed_call("/wxa/checksession", token, openid, hmac_sha256_hex("other", ""))["errcode"] == 87009);
    CHECK(s.signed_call("/wxa/checksession", token, openid, sig, "md5")["errcode"] == 87008);
    CHECK(s.signed_call("/wxa/checksession", "not-a-token", openid, sig)["errcode"] == 40001);
    // Keyed by the decoded bytes instead of the base64 text is the classic mistake: rejected.
    CHECK(s.signed_call("/wxa/checksession", token, openid, hmac_sha256_hex(*base64_decode(key), ""))["errcode"] == 87009);
}

TEST_CASE("a refreshed access_token leaves the old one valid for 5 minutes only", "[session-api]") {
    Server s;
    const std::string first = s.token();
    const std::string second = s.token();
    REQUIRE(first != second);
    const auto [openid, key] = s.user();
    const std::string sig = hmac_sha256_hex(key, "");
    s.engine.advance(4 * 60 * 1000);
    CHECK(s.signed_call("/wxa/checksession", first, openid, sig)["errcode"] == 0);
    s.engine.advance(60 * 1000);
    CHECK(s.signed_call("/wxa/checksession", first, openid, sig)["errcode"] == 40001);
    CHECK(s.signed_call("/wxa/checksession", second, openid, sig)["errcode"] == 0);
}

TEST_CASE("resetusersessionkey issues a new key and invalidates the old one", "[session-api]") {
    Server s;
    const std::string token = s.token();
    const auto [openid, old_key] = s.user();
    const json j = s.signed_call("/wxa/resetusersessionkey", token, openid, hmac_sha256_hex(old_key, ""));
    REQUIRE(j["errcode"] == 0);
    CHECK(j["openid"] == openid);
    const std::string new_key = j["session_key"];
    CHECK(new_key != old_key);
    CHECK(s.signed_call("/wxa/checksession", token, openid, hmac_sha256_hex(old_key, ""))["errcode"] == 87009);
    CHECK(s.signed_call("/wxa/checksession", token, openid, hmac_sha256_hex(new_key, ""))["errcode"] == 0);
    CHECK(s.engine.platform().current_session_key(s.engine.config().app.appid, "alice") == new_key);
}

TEST_CASE("a reset session_key keeps the old expiry", "[session-api]") {
    Server s;
    const auto [openid, key] = s.user();
    const int64_t idle = s.engine.config().app.policy.session_key_idle_ttl_ms;
    s.engine.advance(idle - 60 * 1000);  // a minute before the key would expire unused
    const std::string token = s.token();  // access_tokens live 2 h: a fresh one
    const json j = s.signed_call("/wxa/resetusersessionkey", token, openid, hmac_sha256_hex(key, ""));
    REQUIRE(j["errcode"] == 0);
    s.engine.advance(2 * 60 * 1000);  // no renewal: the new key expires when the old one would have
    CHECK_FALSE(s.engine.platform().check_session(s.engine.config().app.appid, "alice", 0));
}
