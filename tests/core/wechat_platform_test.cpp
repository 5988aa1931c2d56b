// WeChatPlatform on its own clock: GET /sns/jscode2session exactly as PLATFORM-FACTS §1.2 says,
// codes (§1.1) and session keys / checkSession (§1.3).
#include <catch2/catch.hpp>

#include <atomic>
#include <map>
#include <regex>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "loginscope/catalog.hpp"
#include "loginscope/code_store.hpp"
#include "loginscope/crypto.hpp"
#include "loginscope/wechat_platform.hpp"

using namespace ls;
using nlohmann::json;

namespace {
const std::string kApp = "wxaaaaaaaaaaaaaaaa", kSecret = "secret-a";
const std::string kOther = "wxbbbbbbbbbbbbbbbb", kOtherSecret = "secret-b";

struct World {
    VirtualClock clock;
    IdGenerator ids{17};
    Journal journal;
    WeChatPlatform wx{clock, ids, journal};
    World() {
        wx.register_app({kApp, kSecret, "A", true});
        wx.register_app({kOther, kOtherSecret, "B", false});
    }
    std::string code(const std::string& user = "alice", const std::string& app = kApp) {
        auto c = wx.issue_code(app, user, 1);
        REQUIRE(c);
        return c->code;
    }
    HttpReply exchange(const std::string& code, const std::string& app = kApp, const std::string& secret = kSecret) {
        HttpRequest r;
        r.path = "/sns/jscode2session";
        r.query = {{"appid", app}, {"secret", secret}, {"js_code", code}, {"grant_type", "authorization_code"}};
        return wx.jscode2session(r, 1);
    }
    HttpReply raw(std::map<std::string, std::string> q) {
        HttpRequest r;
        r.path = "/sns/jscode2session";
        r.query = std::move(q);
        return wx.jscode2session(r, 1);
    }
};

json body(const HttpReply& r) { return json::parse(r.body); }
int errcode(const HttpReply& r) {
    const json j = body(r);
    return j.contains("errcode") ? j["errcode"].get<int>() : 0;
}
}  // namespace

TEST_CASE("a code exchanged within 5 minutes returns openid and session_key", "[wechat]") {
    World w;
    const std::string c = w.code();
    w.clock.set(5 * 60 * 1000 - 1);  // 4:59.999
    const HttpReply r = w.exchange(c);
    CHECK(r.status == 200);
    const json j = body(r);
    INFO(r.body);
    CHECK_FALSE(j.contains("errcode"));
    CHECK_FALSE(j.contains("errmsg"));
    REQUIRE(j.contains("openid"));
    REQUIRE(j.contains("session_key"));
    CHECK(std::regex_match(j["openid"].get<std::string>(), std::regex("^o[0-9A-Za-z]{27}$")));
    auto key = base64_decode(j["session_key"]);
    REQUIRE(key);
    CHECK(key->size() == 16);
    CHECK(j["openid"] == w.wx.openid_of(kApp, "alice"));
    CHECK(j["session_key"] == w.wx.current_session_key(kApp, "alice"));
}

TEST_CASE("a code exchanged at exactly 5 minutes is rejected with 40029", "[wechat]") {
    World w;
    const std::string c = w.code();
    w.clock.set(5 * 60 * 1000);
    const HttpReply r = w.exchange(c);
    CHECK(r.status == 200);
    CHECK(errcode(r) == 40029);
}

TEST_CASE("a code is single use: the second exchange answers 40163", "[wechat]") {
    World w;
    const std::string c = w.code();
    REQUIRE(errcode(w.exchange(c)) == 0);
    const HttpReply r = w.exchange(c);
    CHECK(errcode(r) == 40163);
    CHECK_FALSE(body(r).contains("openid"));
}

TEST_CASE("an unknown code is rejected with 40029", "[wechat]") {
    World w;
    w.code();
    CHECK(errcode(w.exchange("0123456789abcdefghijABCDEFGHIJ01")) == 40029);
}

TEST_CASE("another app's code is rejected with 40029 and stays usable by its app", "[wechat]") {
    World w;
    const std::string c = w.code("alice", kOther);
    CHECK(errcode(w.exchange(c)) == 40029);
    CHECK(errcode(w.exchange(c, kOther, kOtherSecret)) == 0);
}

TEST_CASE("codes leave the platform at their expiry and answer as before for a day after it", "[wechat][memory]") {
    World w;
    std::vector<std::string> codes;
    for (int i = 0; i < 1000; ++i) codes.push_back(w.code("user" + std::to_string(i)));
    REQUIRE(errcode(w.exchange(codes[0])) == 0);
    CHECK(w.wx.codes_held() == 999);
    const int64_t expiry = 5 * 60 * 1000, memory = dead_code_memory_ms();
    w.clock.set(expiry);
    w.wx.sweep();
    CHECK(w.wx.codes_held() == 0);
    CHECK(errcode(w.exchange(codes[0])) == 40163);  // used: as before
    CHECK(errcode(w.exchange(codes[1])) == 40029);  // expired: as before, and the journal says so
    CHECK_THAT(w.journal.all().back().text, Catch::Contains("code expired"));
    CHECK(errcode(w.exchange(codes[0], kOther, kOtherSecret)) == 40029);  // another app's: unknown, as before
    w.clock.set(expiry + memory - 1);
    CHECK(errcode(w.exchange(codes[0])) == 40163);
    CHECK(w.wx.code_used_at(codes[0]) == 0);
    // A day past its expiry a code is forgotten (assumptions(): codes.dead_memory_ms): it answers as
    // one never issued.
    w.clock.set(expiry + memory);
    CHECK(errcode(w.exchange(codes[0])) == 40029);
    CHECK_THAT(w.journal.all().back().text, Catch::Contains("no such code"));
    CHECK_FALSE(w.wx.code_used_at(codes[0]));
}

TEST_CASE("missing parameters are rejected with 41002 41004 41008", "[wechat]") {
    World w;
    const std::string c = w.code();
    CHECK(errcode(w.raw({{"secret", kSecret}, {"js_code", c}, {"grant_type", "authorization_code"}})) == 41002);
    CHECK(errcode(w.raw({{"appid", kApp}, {"js_code", c}, {"grant_type", "authorization_code"}})) == 41004);
    CHECK(errcode(w.raw({{"appid", kApp}, {"secret", kSecret}, {"grant_type", "authorization_code"}})) == 41008);
    CHECK(errcode(w.raw({{"appid", ""}, {"secret", kSecret}, {"js_code", c}, {"grant_type", "authorization_code"}})) == 41002);
    // None of these consumed the code.
    CHECK(errcode(w.exchange(c)) == 0);
}

TEST_CASE("a wrong or missing grant_type is rejected with 40002", "[wechat]") {
    World w;
    const std::string c = w.code();
    CHECK(errcode(w.raw({{"appid", kApp}, {"secret", kSecret}, {"js_code", c}, {"grant_type", "client_credential"}})) == 40002);
    CHECK(errcode(w.raw({{"appid", kApp}, {"secret", kSecret}, {"js_code", c}})) == 40002);
    CHECK(errcode(w.exchange(c)) == 0);
}

TEST_CASE("an unknown appid is rejected with 40013", "[wechat]") {
    World w;
    const std::string c = w.code();
    CHECK(errcode(w.exchange(c, "wxnotregistered000", kSecret)) == 40013);
}

TEST_CASE("a wrong secret is rejected with 40125 without consuming the code", "[wechat]") {
    World w;
    const std::string c = w.code();
    CHECK(errcode(w.exchange(c, kApp, "wrong")) == 40125);
    CHECK(errcode(w.exchange(c, kApp, kOtherSecret)) == 40125);
    CHECK(errcode(w.exchange(c)) == 0);
}

TEST_CASE("a high-risk user's code is rejected with 40226 and not consumed", "[wechat]") {
    World w;
    const std::string c = w.code("mallory");
    w.wx.set_high_risk("mallory", true);
    CHECK(errcode(w.exchange(c)) == 40226);
    CHECK(errcode(w.exchange(c)) == 40226);  // still 40226, not 40163
    w.wx.set_high_risk("mallory", false);
    CHECK(errcode(w.exchange(c)) == 0);
}

TEST_CASE("the 101st exchange by one user within a calendar minute is rejected with 45011", "[wechat]") {
    World w;
    w.clock.set(60000 * 10 + 1000);  // 09:10:01 — inside one calendar minute
    std::vector<std::string> codes;
    for (int i = 0; i < 102; ++i) codes.push_back(w.code("alice"));
    for (int i = 0; i < 100; ++i) {
        INFO("call " << i + 1);
        REQUIRE(errcode(w.exchange(codes[size_t(i)])) == 0);
    }
    const HttpReply r = w.exchange(codes[100]);
    CHECK(errcode(r) == 45011);
    CHECK(r.status == 200);
    // Other users are not limited by alice's calls.
    CHECK(errcode(w.exchange(w.code("bob"))) == 0);
    // The next calendar minute works again, and the rejected code was not consumed.
    w.clock.set(60000 * 11);
    CHECK(errcode(w.exchange(codes[100])) == 0);
    CHECK(errcode(w.exchange(codes[101])) == 0);
}

TEST_CASE("the quota window is the calendar minute and not a sliding minute", "[wechat]") {
    World w;
    w.clock.set(59000);
    std::vector<std::string> codes;
    for (int i = 0; i < 101; ++i) codes.push_back(w.code("alice"));
    for (int i = 0; i < 100; ++i) REQUIRE(errcode(w.exchange(codes[size_t(i)])) == 0);
    w.clock.set(60000);  // one second later, but a new minute
    CHECK(errcode(w.exchange(codes[100])) == 0);
}

TEST_CASE("error replies are HTTP 200 with errmsg ending in a rid", "[wechat]") {
    World w;
    const std::string c = w.code();
    REQUIRE(errcode(w.exchange(c)) == 0);
    struct Case { HttpReply reply; int code; std::string message; };
    std::vector<Case> cases;
    cases.push_back({w.exchange(c), 40163, "code been used"});
    cases.push_back({w.exchange("nosuchcode"), 40029, "invalid code"});
    cases.push_back({w.exchange(c, "wxnotregistered000", "x"), 40013, "invalid appid"});
    cases.push_back({w.exchange(c, kApp, "x"), 40125, "invalid appsecret"});
    w.wx.set_high_risk("carol", true);
    cases.push_back({w.exchange(w.code("carol")), 40226, "code blocked"});
    cases.push_back({w.wx.error_reply("-1"), -1, "system error"});
    cases.push_back({w.wx.error_reply("45011"), 45011, "api minute-quota reach limit mustslower retry next minute"});
    for (auto& k : cases) {
        INFO(k.reply.body);
        CHECK(k.reply.status == 200);
        const json j = body(k.reply);
        CHECK(j["errcode"].get<int>() == k.code);
        CHECK(std::regex_match(j["errmsg"].get<std::string>(),
                               std::regex("^" + k.message + ", rid: [0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$")));
        CHECK_FALSE(j.contains("openid"));
        CHECK_FALSE(j.contains("session_key"));
    }
}

TEST_CASE("unionid is returned only when the app is bound to an Open Platform account", "[wechat]") {
    World w;
    const json bound = body(w.exchange(w.code("alice", kApp)));
    const json unbound = body(w.exchange(w.code("alice", kOther), kOther, kOtherSecret));
    REQUIRE(bound.contains("unionid"));
    CHECK(std::regex_match(bound["unionid"].get<std::string>(), std::regex("^o[0-9A-Za-z]{27}$")));
    CHECK_FALSE(unbound.contains("unionid"));
    // openid is per app; the user's unionid is the same for every bound app.
    CHECK(bound["openid"] != unbound["openid"]);
}

TEST_CASE("openid and unionid are stable for a user across logins", "[wechat]") {
    World w;
    const json a = body(w.exchange(w.code("alice")));
    const json b = body(w.exchange(w.code("alice")));
    const json bob = body(w.exchange(w.code("bob")));
    CHECK(a["openid"] == b["openid"]);
    CHECK(a["unionid"] == b["unionid"]);
    CHECK(a["session_key"] != b["session_key"]);
    CHECK(bob["openid"] != a["openid"]);
    CHECK(bob["unionid"] != a["unionid"]);
}

TEST_CASE("a second wx.login replaces the session_key", "[wechat]") {
    World w;
    auto first = w.wx.issue_code(kApp, "alice", 1);
    REQUIRE(first);
    const std::string k1 = w.wx.current_session_key(kApp, "alice");
    CHECK(k1 == first->session_key);
    CHECK(w.wx.check_session(kApp, "alice", 1));
    auto second = w.wx.issue_code(kApp, "alice", 2);
    REQUIRE(second);
    const std::string k2 = w.wx.current_session_key(kApp, "alice");
    CHECK(k2 == second->session_key);
    CHECK(k2 != k1);
    CHECK(w.wx.check_session(kApp, "alice", 2));
    // The older code still exchanges (it is unused and young) but returns the key it was issued with.
    const json j = body(w.exchange(first->code));
    CHECK(j["session_key"] == k1);
}

TEST_CASE("check_session fails after the idle TTL without use", "[wechat]") {
    World w;
    WeChatPolicy p;
    p.session_key_idle_ttl_ms = 60 * 60 * 1000;
    w.wx.set_policy(p);
    w.code();
    w.clock.set(p.session_key_idle_ttl_ms - 1);
    CHECK(w.wx.check_session(kApp, "alice", 1));  // alive, and this use restarts the idle period
    w.clock.advance(p.session_key_idle_ttl_ms - 1);
    CHECK(w.wx.check_session(kApp, "alice", 1));
    w.clock.advance(p.session_key_idle_ttl_ms);
    CHECK_FALSE(w.wx.check_session(kApp, "alice", 1));
    CHECK(w.wx.current_session_key(kApp, "alice").empty());
    CHECK_FALSE(w.wx.check_session(kApp, "alice", 1));
    // A new login brings a live key back.
    w.code();
    CHECK(w.wx.check_session(kApp, "alice", 1));
}

TEST_CASE("check_session fails for a user who never logged in", "[wechat]") {
    World w;
    CHECK_FALSE(w.wx.check_session(kApp, "nobody", 1));
}

TEST_CASE("issue_code rejects an unknown app", "[wechat]") {
    World w;
    CHECK_FALSE(w.wx.issue_code("wxnotregistered000", "alice", 1));
}

TEST_CASE("a forced platform error is answered in the catalog's wire shape", "[wechat]") {
    World w;
    const std::string c = w.code();
    HttpRequest r;
    r.path = "/sns/jscode2session";
    r.query = {{"appid", kApp}, {"secret", kSecret}, {"js_code", c}, {"grant_type", "authorization_code"}};
    const HttpReply rep = w.wx.jscode2session(r, 1, "-1");
    CHECK(errcode(rep) == -1);
    CHECK_THAT(body(rep)["errmsg"].get<std::string>(), Catch::StartsWith("system error, rid: "));
}

TEST_CASE("the journal records code issue and exchange with linked ids", "[wechat]") {
    World w;
    const std::string c = w.code();
    w.exchange(c);
    w.exchange(c);
    const auto ev = w.journal.all();
    std::vector<std::string> kinds;
    for (auto& e : ev) kinds.push_back(e.kind);
    CHECK(kinds == std::vector<std::string>{"code.issued", "session_key.issued", "exchange.ok", "exchange.error"});
    REQUIRE(ev[0].starts);
    CHECK(ev[0].starts->id == c);
    CHECK(ev[0].starts->until_ms == 5 * 60 * 1000);
    CHECK(ev[2].ends == c);
    CHECK(ev[3].links.at("errcode") == "40163");
}

TEST_CASE("reset forgets codes and sessions", "[wechat]") {
    World w;
    const std::string c = w.code();
    w.wx.reset();
    CHECK(errcode(w.exchange(c)) == 40029);
    CHECK(w.wx.current_session_key(kApp, "alice").empty());
    CHECK(w.wx.apps().size() == 2);  // registered apps stay
}

TEST_CASE("codes raced by threads are each exchanged exactly once, and the journal tells it in order", "[wechat]") {
    // serve's I/O threads meet in jscode2session; a used code is only marked there (it is compacted
    // at its expiry), so a second presenter must still meet "been used", whoever wins the lock.
    World w;
    std::vector<std::string> codes;
    for (int i = 0; i < 200; ++i) codes.push_back(w.code("user" + std::to_string(i % 10)));
    std::atomic<int> ok{0}, used{0}, other{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&] {
            for (const std::string& c : codes) {
                const int err = errcode(w.exchange(c));
                (err == 0 ? ok : err == 40163 ? used : other)++;
            }
        });
    for (auto& t : threads) t.join();
    CHECK(ok == 200);
    CHECK(used == 3 * 200);
    CHECK(other == 0);
    // Per code: its one success comes before every "been used" in the journal.
    std::map<std::string, bool> exchanged;
    for (const Event& e : w.journal.all()) {
        if (e.hop != Hop::PlatformResponse) continue;
        const std::string c = e.links.value("code");
        if (e.kind == "exchange.ok") {
            CHECK_FALSE(exchanged[c]);
            exchanged[c] = true;
        } else {
            CHECK(exchanged[c]);
        }
    }
    CHECK(exchanged.size() == 200);
    w.clock.set(5 * 60 * 1000 + 1);  // expired: the used codes are now compact records, still "used"
    CHECK(errcode(w.exchange(codes.front())) == 40163);
}
