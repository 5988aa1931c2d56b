// UniverifyPlatform on its own clock (PLATFORM-FACTS §5.1, §5.2, §5.8, §5.9): the environment check,
// preLogin results (10 minutes, single use), access tokens (2 minutes, single use) and
// getPhoneNumber with uniCloud's result and error shapes.
#include <catch2/catch.hpp>

#include <functional>
#include <regex>
#include <set>

#include <nlohmann/json.hpp>

#include "loginscope/catalog.hpp"
#include "loginscope/crypto.hpp"
#include "loginscope/univerify.hpp"

using namespace ls;
using nlohmann::json;

namespace {
const std::string kAppid = "__UNI__A1B2C3D";

struct World {
    VirtualClock clock;
    IdGenerator ids{23};
    Journal journal;
    UniverifyPlatform uni{clock, ids, journal};
    PhoneLine line;

    HttpReply ask(const json& body, const std::string& forced = "") {
        HttpRequest r;
        r.method = "POST";
        r.path = "/univerify/getPhoneNumber";
        r.headers["Content-Type"] = "application/json";
        r.body = body.dump();
        return uni.get_phone_number(r, 1, forced);
    }
    HttpReply ask(const UniverifyToken& t, const std::string& appid = kAppid) {
        return ask(json{{"appid", appid}, {"provider", "univerify"}, {"access_token", t.access_token}, {"openid", t.openid}});
    }
    void app(const std::function<void(UniverifyApp&)>& change) {
        UniverifyApp a = uni.app();
        change(a);
        uni.set_app(a);
    }
};

json body(const HttpReply& r) { return json::parse(r.body); }

// The getPhoneNumber error {code, success:false, message} with the catalog's message for `code`.
void check_error(const HttpReply& r, int code) {
    INFO(r.body);
    CHECK(r.status == 200);
    const json j = body(r);
    REQUIRE(j.is_object());
    CHECK(j.size() == 3);
    CHECK(j["code"] == code);
    CHECK(j["success"] == false);
    const CatalogEntry* e = find_catalog_entry("univerify", std::to_string(code), Hop::PlatformResponse);
    REQUIRE(e);
    CHECK(j["message"] == e->message);
    CHECK_FALSE(j.contains("phoneNumber"));
}

int count_kind(const Journal& j, const std::string& kind) {
    int n = 0;
    for (auto& e : j.all()) n += e.kind == kind;
    return n;
}
}  // namespace

// ---- environment check ------------------------------------------------------------------------

TEST_CASE("unsuitable is empty for a normal phone and app", "[univerify][platform]") {
    World w;
    CHECK(w.uni.unsuitable(w.line, true) == "");
    CHECK(w.uni.app().uni_appid == kAppid);
}

TEST_CASE("unsuitable reports each problem with its catalog code", "[univerify][platform]") {
    World w;
    SECTION("no uniAppid gives -7") {
        w.app([](UniverifyApp& a) { a.uni_appid = ""; });
        CHECK(w.uni.unsuitable(w.line, true) == "-7");
    }
    SECTION("service not enabled gives 1000") {
        w.app([](UniverifyApp& a) { a.service_enabled = false; });
        CHECK(w.uni.unsuitable(w.line, true) == "1000");
    }
    SECTION("app not approved gives 40004") {
        w.app([](UniverifyApp& a) { a.approved = false; });
        CHECK(w.uni.unsuitable(w.line, true) == "40004");
    }
    SECTION("no SIM gives 30005") {
        w.line.sim_present = false;
        CHECK(w.uni.unsuitable(w.line, true) == "30005");
    }
    SECTION("cellular data off gives 20202") {
        w.line.cellular_data = false;
        CHECK(w.uni.unsuitable(w.line, true) == "20202");
    }
    SECTION("offline gives 30001") { CHECK(w.uni.unsuitable(w.line, false) == "30001"); }
    for (const char* code : {"-7", "1000", "40004", "30005", "20202", "30001"})
        CHECK(find_catalog_entry("univerify", code, Hop::ClientCall));
}

TEST_CASE("unsuitable reports the carrier's source-IP code when the gateway check fails", "[univerify][platform]") {
    World w;
    w.line.gateway_ok = false;
    const auto [carrier, code] = GENERATE(std::make_pair(Carrier::ChinaMobile, std::string("40101")),
                                          std::make_pair(Carrier::ChinaUnicom, std::string("40201")),
                                          std::make_pair(Carrier::ChinaTelecom, std::string("40301")));
    w.line.carrier = carrier;
    INFO("carrier " << carrier_info(carrier).id);
    CHECK(w.uni.unsuitable(w.line, true) == code);
    CHECK(find_catalog_entry("univerify", code, Hop::ClientCall));
}

TEST_CASE("unsuitable checks uniAppid service approval SIM data network gateway in that order", "[univerify][platform]") {
    World w;
    REQUIRE(std::string(find_assumption("univerify.check_order")->value) ==
            "uniAppid, service, approval, SIM, data, network, gateway");
    w.line = PhoneLine{false, false, Carrier::ChinaUnicom, "13800138000", false};
    w.app([](UniverifyApp& a) {
        a.uni_appid = "";
        a.service_enabled = false;
        a.approved = false;
    });
    // Everything is wrong; fix one problem at a time and the next in the order shows.
    CHECK(w.uni.unsuitable(w.line, false) == "-7");
    w.app([](UniverifyApp& a) { a.uni_appid = kAppid; });
    CHECK(w.uni.unsuitable(w.line, false) == "1000");
    w.app([](UniverifyApp& a) { a.service_enabled = true; });
    CHECK(w.uni.unsuitable(w.line, false) == "40004");
    w.app([](UniverifyApp& a) { a.approved = true; });
    CHECK(w.uni.unsuitable(w.line, false) == "30005");
    w.line.sim_present = true;
    CHECK(w.uni.unsuitable(w.line, false) == "20202");
    w.line.cellular_data = true;
    CHECK(w.uni.unsuitable(w.line, false) == "30001");
    CHECK(w.uni.unsuitable(w.line, true) == "40201");
    w.line.gateway_ok = true;
    CHECK(w.uni.unsuitable(w.line, true) == "");
}

// ---- preLogin ---------------------------------------------------------------------------------

TEST_CASE("a preLogin result is taken once", "[univerify][platform]") {
    World w;
    w.uni.remember_prelogin(w.line, 1);
    CHECK(w.uni.take_prelogin(w.line, 1));
    CHECK_FALSE(w.uni.take_prelogin(w.line, 1));
}

TEST_CASE("take_prelogin rejects a line that never pre-fetched", "[univerify][platform]") {
    World w;
    CHECK_FALSE(w.uni.take_prelogin(w.line, 1));
    w.uni.remember_prelogin(w.line, 1);
    PhoneLine other = w.line;
    other.number = "13900139000";
    CHECK_FALSE(w.uni.take_prelogin(other, 1));
    CHECK(w.uni.take_prelogin(w.line, 1));
}

TEST_CASE("a preLogin result lives 10 minutes", "[univerify][platform]") {
    World w;
    const int64_t ten_min = 10 * 60 * 1000;
    CHECK(UniverifyPolicy{}.prelogin_ttl_ms == ten_min);
    SECTION("just before 10 minutes it is live") {
        w.uni.remember_prelogin(w.line, 1);
        w.clock.advance(ten_min - 1);
        CHECK(w.uni.take_prelogin(w.line, 1));
    }
    SECTION("at 10 minutes it is expired") {
        w.uni.remember_prelogin(w.line, 1);
        w.clock.advance(ten_min);
        CHECK_FALSE(w.uni.take_prelogin(w.line, 1));
    }
    SECTION("a newer preLogin replaces the older one") {
        w.uni.remember_prelogin(w.line, 1);
        w.clock.advance(9 * 60 * 1000);
        w.uni.remember_prelogin(w.line, 2);
        w.clock.advance(5 * 60 * 1000);  // 14 min after the first, 5 after the second
        CHECK(w.uni.take_prelogin(w.line, 3));
    }
}

TEST_CASE("remember_prelogin journals a 10 minute lifetime with the masked number", "[univerify][platform]") {
    World w;
    w.clock.set(1000);
    w.uni.remember_prelogin(w.line, 4);
    const auto ev = w.journal.all();
    REQUIRE(ev.size() == 1);
    CHECK(ev[0].kind == "prelogin.ok");
    CHECK(ev[0].flow == 4u);
    CHECK(ev[0].actor == Actor::Platform);
    CHECK(ev[0].links.at("phone") == "138****8000");
    REQUIRE(ev[0].starts);
    CHECK(ev[0].starts->from_ms == 1000);
    CHECK(ev[0].starts->until_ms == 1000 + 10 * 60 * 1000);
    CHECK(ev[0].text.find("13800138000") == std::string::npos);
    CHECK(w.uni.next_expiry(1000) == 1000 + 10 * 60 * 1000);
}

// ---- access tokens and getPhoneNumber ---------------------------------------------------------

TEST_CASE("getPhoneNumber answers code 0 success true and the full number once", "[univerify][platform]") {
    World w;
    const UniverifyToken t = w.uni.issue_token(w.line, 1);
    const HttpReply r = w.ask(t);
    INFO(r.body);
    CHECK(r.status == 200);
    const json j = body(r);
    CHECK(j == json{{"code", 0}, {"success", true}, {"phoneNumber", "13800138000"}});
    CHECK(count_kind(w.journal, "exchange.ok") == 1);
}

TEST_CASE("getPhoneNumber rejects a used access_token with 5000", "[univerify][platform]") {
    World w;
    const UniverifyToken t = w.uni.issue_token(w.line, 1);
    REQUIRE(body(w.ask(t))["code"] == 0);
    check_error(w.ask(t), 5000);
}

TEST_CASE("getPhoneNumber rejects an access_token after 2 minutes with 5000", "[univerify][platform]") {
    World w;
    CHECK(UniverifyPolicy{}.token_ttl_ms == 2 * 60 * 1000);
    SECTION("at 2 minutes") {
        const UniverifyToken t = w.uni.issue_token(w.line, 1);
        CHECK(t.expires_at_ms == 2 * 60 * 1000);
        w.clock.advance(2 * 60 * 1000);
        check_error(w.ask(t), 5000);
    }
    SECTION("just before 2 minutes it still works") {
        const UniverifyToken t = w.uni.issue_token(w.line, 1);
        w.clock.advance(2 * 60 * 1000 - 1);
        CHECK(body(w.ask(t))["code"] == 0);
    }
}

TEST_CASE("getPhoneNumber rejects a wrong openid with 5000", "[univerify][platform]") {
    World w;
    const UniverifyToken t = w.uni.issue_token(w.line, 1);
    check_error(w.ask(json{{"appid", kAppid}, {"provider", "univerify"}, {"access_token", t.access_token},
                           {"openid", std::string(64, 'a')}}),
                5000);
    // The token was not consumed by the failed attempt.
    CHECK(body(w.ask(t))["code"] == 0);
}

TEST_CASE("getPhoneNumber rejects an unknown access_token with 5000", "[univerify][platform]") {
    World w;
    const UniverifyToken t = w.uni.issue_token(w.line, 1);
    check_error(w.ask(json{{"appid", kAppid}, {"provider", "univerify"},
                           {"access_token", base64_encode(std::string(32, 'f') + "||2|v2|2")}, {"openid", t.openid}}),
                5000);
}

TEST_CASE("getPhoneNumber rejects missing fields with 4001", "[univerify][platform]") {
    World w;
    const UniverifyToken t = w.uni.issue_token(w.line, 1);
    const json full{{"appid", kAppid}, {"provider", "univerify"}, {"access_token", t.access_token}, {"openid", t.openid}};
    for (const char* k : {"provider", "access_token", "openid"}) {
        INFO("without " << k);
        json j = full;
        j.erase(k);
        check_error(w.ask(j), 4001);
    }
    SECTION("a provider other than univerify") {
        json j = full;
        j["provider"] = "weixin";
        check_error(w.ask(j), 4001);
    }
    SECTION("a body that is not a JSON object") {
        HttpRequest r;
        r.method = "POST";
        r.path = "/univerify/getPhoneNumber";
        r.body = "access_token=x";
        check_error(w.uni.get_phone_number(r, 1), 4001);
    }
    SECTION("a non-string access_token") {
        json j = full;
        j["access_token"] = 12;
        check_error(w.ask(j), 4001);
    }
    CHECK(body(w.ask(full))["code"] == 0);  // none of that consumed the token
}

TEST_CASE("getPhoneNumber rejects a wrong appid with 4003", "[univerify][platform]") {
    World w;
    const UniverifyToken t = w.uni.issue_token(w.line, 1);
    check_error(w.ask(t, "__UNI__OTHER01"), 4003);
}

TEST_CASE("getPhoneNumber rejects an empty appid with -7", "[univerify][platform]") {
    World w;
    const UniverifyToken t = w.uni.issue_token(w.line, 1);
    check_error(w.ask(t, ""), -7);
    json j{{"provider", "univerify"}, {"access_token", t.access_token}, {"openid", t.openid}};
    check_error(w.ask(j), -7);
}

TEST_CASE("getPhoneNumber rejects an app without the service with 1000", "[univerify][platform]") {
    World w;
    const UniverifyToken t = w.uni.issue_token(w.line, 1);
    w.app([](UniverifyApp& a) { a.service_enabled = false; });
    check_error(w.ask(t), 1000);
}

TEST_CASE("getPhoneNumber rejects an abnormal owner account with 1001", "[univerify][platform]") {
    World w;
    const UniverifyToken t = w.uni.issue_token(w.line, 1);
    w.app([](UniverifyApp& a) { a.account = "abnormal"; });
    check_error(w.ask(t), 1001);
}

TEST_CASE("getPhoneNumber rejects an owner account without balance with 1002", "[univerify][platform]") {
    World w;
    const UniverifyToken t = w.uni.issue_token(w.line, 1);
    w.app([](UniverifyApp& a) { a.account = "no_balance"; });
    check_error(w.ask(t), 1002);
}

TEST_CASE("getPhoneNumber answers a forced code with that error", "[univerify][platform]") {
    World w;
    const std::string code = GENERATE(as<std::string>{}, "-7", "1000", "1001", "1002", "4001", "4003", "5000");
    INFO("forced " << code);
    const UniverifyToken t = w.uni.issue_token(w.line, 1);
    check_error(w.ask(json{{"appid", kAppid}, {"provider", "univerify"}, {"access_token", t.access_token}, {"openid", t.openid}},
                      code),
                std::stoi(code));
}

// serve's admin API accepts a platform_error rule with any platform's code (faults name a code, the
// platform answers it), so getPhoneNumber can be forced to answer Baidu's text code "invalid_grant".
TEST_CASE("getPhoneNumber forced with another platform's text code answers code -1", "[univerify][platform]") {
    World w;
    const UniverifyToken t = w.uni.issue_token(w.line, 1);
    const HttpReply r =
        w.ask(json{{"appid", kAppid}, {"provider", "univerify"}, {"access_token", t.access_token}, {"openid", t.openid}}, "invalid_grant");
    INFO(r.body);
    CHECK(r.status == 200);
    const json j = body(r);
    CHECK(j["code"] == -1);
    CHECK(j["success"] == false);
    CHECK(j["message"] == "其他错误");
}

TEST_CASE("error_reply has the documented error shape for every server code", "[univerify][platform]") {
    World w;
    REQUIRE(std::string(find_assumption("univerify.server_error_shape")->value) ==
            R"({"code":N,"success":false,"message":"…"})");
    for (auto* e : catalog_for("univerify", Hop::PlatformResponse)) {
        INFO(e->code);
        check_error(w.uni.error_reply(e->code), std::stoi(e->code));
    }
    CHECK(catalog_for("univerify", Hop::PlatformResponse).size() == 7);
}

TEST_CASE("getPhoneNumber journals the masked number never the full one", "[univerify][platform]") {
    World w;
    const UniverifyToken t = w.uni.issue_token(w.line, 1);
    REQUIRE(body(w.ask(t))["code"] == 0);
    for (auto& e : w.journal.all()) {
        INFO(e.kind << ": " << e.text);
        CHECK(e.text.find("13800138000") == std::string::npos);
        for (auto& [k, v] : e.links) CHECK(v.find("13800138000") == std::string::npos);
    }
    bool ok = false;
    for (auto& e : w.journal.all())
        if (e.kind == "exchange.ok") {
            ok = true;
            CHECK(e.links.at("phone") == "138****8000");
            CHECK(e.ends == t.access_token);
        }
    CHECK(ok);
}

// ---- identifier formats -----------------------------------------------------------------------

TEST_CASE("access_token is base64 of 32 hex then ||2|v2|2", "[univerify][platform]") {
    World w;
    for (int i = 0; i < 5; ++i) {
        const UniverifyToken t = w.uni.issue_token(w.line, 1);
        INFO(t.access_token);
        const auto raw = base64_decode(t.access_token);
        REQUIRE(raw);
        CHECK(std::regex_match(*raw, std::regex(R"(^[0-9a-f]{32}\|\|2\|v2\|2$)")));
        CHECK(t.access_token.size() == 56);  // like the doc sample ZGI4NjkxZWE4…fHwyfHYyfDI=
    }
    // The doc sample decodes the same way.
    CHECK(base64_decode("ZGI4NjkxZWE4YjAyNGUzMjhiMmZiNDcwODBjYjc5MDF8fDJ8djJ8Mg==") ==
          std::string("db8691ea8b024e328b2fb47080cb7901||2|v2|2"));
}

TEST_CASE("every access_token is new", "[univerify][platform]") {
    World w;
    std::set<std::string> seen;
    for (int i = 0; i < 20; ++i) seen.insert(w.uni.issue_token(w.line, 1).access_token);
    CHECK(seen.size() == 20);
}

TEST_CASE("openid has the doc sample's 68 characters and is stable per app and number", "[univerify][platform]") {
    World w;
    const UniverifyToken a = w.uni.issue_token(w.line, 1);
    const UniverifyToken b = w.uni.issue_token(w.line, 2);
    // the doc sample's shape (§5.3): 208E2FBE…2A14 (32 upper-case hex) then 124262bf…7636 (36 lower-case)
    CHECK(std::regex_match(a.openid, std::regex("^[0-9A-F]{32}[0-9a-f]{36}$")));
    CHECK(a.openid == b.openid);
    CHECK(a.access_token != b.access_token);

    PhoneLine other = w.line;
    other.number = "13900139000";
    const UniverifyToken c = w.uni.issue_token(other, 3);
    CHECK(c.openid.size() == 68);
    CHECK(c.openid != a.openid);

    w.app([](UniverifyApp& x) { x.uni_appid = "__UNI__OTHER01"; });
    const UniverifyToken d = w.uni.issue_token(w.line, 4);
    CHECK(d.openid.size() == 68);
    CHECK(d.openid != a.openid);

    w.app([](UniverifyApp& x) { x.uni_appid = kAppid; });
    CHECK(w.uni.issue_token(w.line, 5).openid == a.openid);
    // A different carrier on the same number is the same phone number to the app.
    PhoneLine moved = w.line;
    moved.carrier = Carrier::ChinaTelecom;
    CHECK(w.uni.issue_token(moved, 6).openid == a.openid);
}

TEST_CASE("issue_token journals a 2 minute access_token lifetime", "[univerify][platform]") {
    World w;
    w.clock.set(5000);
    const UniverifyToken t = w.uni.issue_token(w.line, 7);
    const auto ev = w.journal.all();
    REQUIRE(ev.size() == 1);
    CHECK(ev[0].kind == "univerify.token");
    CHECK(ev[0].links.at("access_token") == t.access_token);
    CHECK(ev[0].links.at("openid") == t.openid);
    REQUIRE(ev[0].starts);
    CHECK(ev[0].starts->subject == "access_token");
    CHECK(ev[0].starts->until_ms == 5000 + 2 * 60 * 1000);
    CHECK(t.expires_at_ms == 5000 + 2 * 60 * 1000);
    CHECK(w.uni.next_expiry(5000) == 5000 + 2 * 60 * 1000);
}

TEST_CASE("reset forgets preLogin results and tokens", "[univerify][platform]") {
    World w;
    w.uni.remember_prelogin(w.line, 1);
    const UniverifyToken t = w.uni.issue_token(w.line, 1);
    w.uni.reset();
    CHECK_FALSE(w.uni.take_prelogin(w.line, 1));
    check_error(w.ask(t), 5000);
    CHECK_FALSE(w.uni.next_expiry(0));
}

TEST_CASE("a policy with other lifetimes is honoured", "[univerify][platform]") {
    VirtualClock clock;
    IdGenerator ids{3};
    Journal journal;
    UniverifyPolicy p;
    p.prelogin_ttl_ms = 1000;
    p.token_ttl_ms = 500;
    UniverifyPlatform uni(clock, ids, journal, p);
    PhoneLine line;
    uni.remember_prelogin(line, 1);
    const UniverifyToken t = uni.issue_token(line, 1);
    CHECK(t.expires_at_ms == 500);
    clock.advance(1000);
    CHECK_FALSE(uni.take_prelogin(line, 1));
}
