// Faults injected into a running login, in-process and over real loopback HTTP. What the client
// sees must be what the fault would cause in the real world, and the same in both transports.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "loginscope/catalog.hpp"
#include "loginscope/engine.hpp"

#include "fault_rules.hpp"

using namespace ls;
using namespace ls::test;
using nlohmann::json;

namespace {
EngineConfig config(TransportMode t, uint64_t seed = 3) {
    EngineConfig c;
    c.seed = seed;
    c.transport = t;
    c.hang_hold_real_ms = 400;
    return c;
}

const char* name(TransportMode t) { return t == TransportMode::Http ? "http" : "in_process"; }

int count_kind(Engine& e, const std::string& kind) {
    int n = 0;
    for (auto& ev : e.journal().all()) n += ev.kind == kind;
    return n;
}

// The developer server's JSON error name ("platform_timeout", …) from the client's detail line.
std::string dev_error(const ActionResult& r) { return r.detail; }

#define BOTH_TRANSPORTS                                                          \
    const TransportMode transport = GENERATE(TransportMode::InProcess, TransportMode::Http); \
    INFO("transport " << name(transport))
}  // namespace

// ---- platform errors at platform_response -----------------------------------------------------

TEST_CASE("an injected platform error fails the login with that errcode", "[faults][engine]") {
    BOTH_TRANSPORTS;
    const std::string code = GENERATE(as<std::string>{}, "40163", "40029", "-1", "45011", "40226");
    INFO("errcode " << code);
    Engine e(config(transport));
    e.add_fault(platform_error(code));
    const ActionResult r = e.login();
    CHECK_FALSE(r.ok);
    REQUIRE(r.errcode);
    CHECK(*r.errcode == std::stoi(code));
    CHECK(r.http_status == 401);
    CHECK(r.errMsg == "request:ok");  // the request itself worked: the dev server answered 401
    CHECK(r.token.empty());
    CHECK(count_kind(e, "fault.fired") == 1);
    CHECK(count_kind(e, "token.issued") == 0);
}

TEST_CASE("after an injected error that keeps the code the same code can still be exchanged", "[faults][engine]") {
    BOTH_TRANSPORTS;
    // wechat.code2session.errors_keep_code: -1 45011 40226 do not consume the code.
    const std::string code = GENERATE(as<std::string>{}, "-1", "45011", "40226");
    INFO("errcode " << code);
    Engine e(config(transport));
    e.add_fault(platform_error(code));
    const ActionResult first = e.login();
    REQUIRE_FALSE(first.ok);
    const ActionResult again = e.send_code();
    INFO(again.detail);
    CHECK(again.ok);
    CHECK(again.code == first.code);
    CHECK_FALSE(again.token.empty());
}

TEST_CASE("after an injected 40163 the code is used up as the platform said", "[faults][engine]") {
    // 40163 "code been used": WeChat answers it because the code is consumed; a resend of the same
    // code must not succeed afterwards (it would on the real platform only if 40163 were a lie).
    BOTH_TRANSPORTS;
    Engine e(config(transport));
    e.add_fault(platform_error("40163"));
    REQUIRE_FALSE(e.login().ok);
    const ActionResult again = e.send_code();
    CHECK_FALSE(again.ok);
    CHECK(again.errcode == 40163);
}

TEST_CASE("after an injected 40029 the code stays invalid", "[faults][engine]") {
    // 40029 "invalid code": the platform does not know this code (or it expired); resending it
    // cannot turn it into a valid one. errors_keep_code lists -1 45011 40226 … but not 40029.
    BOTH_TRANSPORTS;
    Engine e(config(transport));
    e.add_fault(platform_error("40029"));
    REQUIRE_FALSE(e.login().ok);
    const ActionResult again = e.send_code();
    CHECK_FALSE(again.ok);
    REQUIRE(again.errcode);
    CHECK(*again.errcode != 0);
}

TEST_CASE("a next-call fault fires once: the second login succeeds", "[faults][engine]") {
    BOTH_TRANSPORTS;
    Engine e(config(transport));
    e.add_fault(platform_error("-1"));
    CHECK_FALSE(e.login().ok);
    CHECK(e.login().ok);
    CHECK(count_kind(e, "fault.fired") == 1);
    REQUIRE(e.faults().size() == 1);
    CHECK_FALSE(e.faults()[0].enabled);
}

TEST_CASE("an nth fault fires on that exchange only", "[faults][engine]") {
    BOTH_TRANSPORTS;
    Engine e(config(transport));
    e.add_fault(platform_error("-1", Hop::PlatformResponse, WhenMode::Nth, 2));
    CHECK(e.login().ok);
    CHECK(e.login().errcode == -1);
    CHECK(e.login().ok);
}

TEST_CASE("a one-shot fault is spent once its call has passed, every-call and reset ones are not", "[faults][engine]") {
    Engine e(config(TransportMode::InProcess));
    FaultRule next = platform_error("-1");
    FaultRule nth = platform_error("45011", Hop::PlatformResponse, WhenMode::Nth, 2);
    FaultRule first = platform_error("40029", Hop::PlatformResponse, WhenMode::FirstN, 3);
    FaultRule every = platform_error("40226");
    every.when = WhenMode::Every;
    every.enabled = false;
    for (const FaultRule& r : {next, nth, first, every}) e.add_fault(r);
    auto spent = [&] {
        std::vector<bool> out;
        for (const FaultRule& r : e.faults()) out.push_back(r.spent());
        return out;
    };
    CHECK(spent() == std::vector<bool>{false, false, false, false});
    CHECK(e.login().errcode == -1);  // call 1: the next-call rule fires (the others count the call)
    CHECK(spent() == std::vector<bool>{true, false, false, false});
    CHECK(e.faults()[0].fired == 1);
    CHECK(e.faults()[1].calls == 1);
    CHECK(e.login().errcode == 45011);  // call 2: the 2nd-call rule
    CHECK(spent() == std::vector<bool>{true, true, false, false});
    CHECK(e.login().errcode == 40029);  // call 3: the last of the first three
    CHECK(spent() == std::vector<bool>{true, true, true, false});
    CHECK(e.faults()[2].fired == 1);  // calls 1 and 2 went to the rules before it
    e.set_fault_enabled(0, true);       // a next-call rule switched on again is armed, not spent
    CHECK_FALSE(e.faults()[0].spent());
    e.reset(3);  // a reset re-arms every rule
    CHECK(spent() == std::vector<bool>{false, false, false, false});
}

TEST_CASE("a disabled fault does not fire", "[faults][engine]") {
    Engine e(config(TransportMode::InProcess));
    FaultRule f = platform_error("-1");
    f.when = WhenMode::Every;
    e.add_fault(f);
    e.set_fault_enabled(0, false);
    CHECK(e.login().ok);
    e.set_fault_enabled(0, true);
    CHECK_FALSE(e.login().ok);
    e.remove_fault(0);
    CHECK(e.login().ok);
    e.add_fault(f);
    e.clear_faults();
    CHECK(e.faults().empty());
    CHECK(e.login().ok);
}

// ---- the client → developer server hop ------------------------------------------------------

TEST_CASE("a connection reset on client_to_dev fails wx.request with connection closed", "[faults][engine][http]") {
    // wechat.request.fail_errmsg: a reset, an empty reply and a cut body all read as "connection
    // closed" (cpp-httplib cannot tell them apart, and the in-process transport says the same).
    BOTH_TRANSPORTS;
    Engine e(config(transport));
    e.add_fault(fault(Hop::ClientToDev, FaultKind::ConnectionReset));
    const ActionResult r = e.login();
    CHECK_FALSE(r.ok);
    CHECK(r.errMsg == "request:fail connection closed");
    CHECK(r.http_status == 0);
    CHECK_FALSE(r.errcode);
    // The request never reached the developer server: the code is still good.
    CHECK(count_kind(e, "exchange.ok") == 0);
    CHECK(e.send_code().ok);
}

TEST_CASE("an empty reply on client_to_dev fails wx.request with connection closed", "[faults][engine][http]") {
    BOTH_TRANSPORTS;
    Engine e(config(transport));
    e.add_fault(fault(Hop::ClientToDev, FaultKind::EmptyReply));
    const ActionResult r = e.login();
    CHECK_FALSE(r.ok);
    CHECK(r.errMsg == "request:fail connection closed");
    CHECK(r.http_status == 0);
    CHECK(e.send_code().ok);
}

TEST_CASE("a hang on client_to_dev fails wx.request with timeout after the request timeout", "[faults][engine][http]") {
    BOTH_TRANSPORTS;
    Engine e(config(transport));
    e.add_fault(fault(Hop::ClientToDev, FaultKind::Hang));
    REQUIRE(e.wx_login().ok);
    const int64_t before = e.clock().now_ms();
    const ActionResult r = e.send_code();
    CHECK_FALSE(r.ok);
    CHECK(r.errMsg == "request:fail timeout");
    const int64_t latency = e.environment().latency_ms;
    CHECK(e.clock().now_ms() - before == assumed_int("wechat.request.default_timeout_ms") + 2 * latency);
}

TEST_CASE("a cut body on client_to_dev loses the token although the server issued it", "[faults][engine][http]") {
    BOTH_TRANSPORTS;
    Engine e(config(transport));
    FaultRule f = fault(Hop::ClientToDev, FaultKind::CutBody);
    f.bytes = 5;
    e.add_fault(f);
    const ActionResult r = e.login();
    CHECK_FALSE(r.ok);
    CHECK(r.errMsg == "request:fail connection closed");
    CHECK(r.token.empty());
    CHECK(count_kind(e, "token.issued") == 1);
    // The code was consumed by that exchange: a resend is rejected.
    const ActionResult again = e.send_code();
    CHECK_FALSE(again.ok);
    CHECK(again.errcode == 40163);
}

TEST_CASE("malformed JSON from the developer server is reported and not trusted", "[faults][engine][http]") {
    BOTH_TRANSPORTS;
    Engine e(config(transport));
    e.add_fault(fault(Hop::ClientToDev, FaultKind::MalformedJson));
    const ActionResult r = e.login();
    CHECK_FALSE(r.ok);
    CHECK(r.errMsg == "request:ok");
    CHECK(r.http_status == 200);
    CHECK(r.token.empty());
    CHECK_THAT(r.detail, Catch::Contains("not JSON"));
}

TEST_CASE("an HTTP status fault on client_to_dev reaches the client as that status", "[faults][engine][http]") {
    BOTH_TRANSPORTS;
    Engine e(config(transport));
    FaultRule f = fault(Hop::ClientToDev, FaultKind::HttpStatus);
    f.status = 503;
    e.add_fault(f);
    const ActionResult r = e.login();
    CHECK_FALSE(r.ok);
    CHECK(r.http_status == 503);
    CHECK(r.errMsg == "request:ok");
    CHECK(count_kind(e, "exchange.ok") == 0);
    CHECK(e.send_code().ok);
}

TEST_CASE("duplicate delivery on client_to_dev shows 40163 although the server made a session", "[faults][engine][http]") {
    BOTH_TRANSPORTS;
    Engine e(config(transport));
    e.add_fault(fault(Hop::ClientToDev, FaultKind::DuplicateDelivery));
    const ActionResult r = e.login();
    CHECK_FALSE(r.ok);
    CHECK(r.errcode == 40163);
    CHECK(r.http_status == 401);
    CHECK(count_kind(e, "token.issued") == 1);
    CHECK(count_kind(e, "request.duplicated") == 1);
    CHECK(count_kind(e, "exchange.ok") == 1);
    // The server holds a session for this user that the client never got a token for.
    CHECK_FALSE(e.identity().server_session_key.empty());
    CHECK(e.identity().token.empty());
}

// ---- the developer server → platform hops ---------------------------------------------------

TEST_CASE("a hang on the platform leg makes the developer server answer 504 platform_timeout", "[faults][engine][http]") {
    BOTH_TRANSPORTS;
    const Hop hop = GENERATE(Hop::DevToPlatform, Hop::PlatformResponse);
    INFO("hop " << to_string(hop));
    Engine e(config(transport));
    e.add_fault(fault(hop, FaultKind::Hang));
    const ActionResult r = e.login();
    CHECK_FALSE(r.ok);
    CHECK(r.http_status == 504);
    CHECK(r.errMsg == "request:ok");
    CHECK_THAT(dev_error(r), Catch::Contains("platform_timeout"));
}

TEST_CASE("a hang on the platform leg costs the dev server's exchange timeout in virtual time", "[faults][engine][http]") {
    BOTH_TRANSPORTS;
    Engine ok(config(transport));
    REQUIRE(ok.login().ok);
    Engine e(config(transport));
    e.add_fault(fault(Hop::DevToPlatform, FaultKind::Hang));
    e.login();
    // The failed login skips nothing the good one does before the exchange and adds the timeout.
    CHECK(e.clock().now_ms() == ok.clock().now_ms() + e.config().app.exchange_timeout_ms);
}

TEST_CASE("a reset or empty reply on the platform leg makes the developer server answer 502", "[faults][engine][http]") {
    BOTH_TRANSPORTS;
    const Hop hop = GENERATE(Hop::DevToPlatform, Hop::PlatformResponse);
    const FaultKind kind = GENERATE(FaultKind::ConnectionReset, FaultKind::EmptyReply);
    INFO("hop " << to_string(hop) << " fault " << to_string(kind));
    Engine e(config(transport));
    e.add_fault(fault(hop, kind));
    const ActionResult r = e.login();
    CHECK_FALSE(r.ok);
    CHECK(r.http_status == 502);
    CHECK_THAT(dev_error(r), Catch::Contains("platform_unreachable"));
}

TEST_CASE("a reset on dev_to_platform never reaches WeChat: the code is still good", "[faults][engine][http]") {
    BOTH_TRANSPORTS;
    Engine e(config(transport));
    e.add_fault(fault(Hop::DevToPlatform, FaultKind::ConnectionReset));
    REQUIRE_FALSE(e.login().ok);
    CHECK(count_kind(e, "exchange.ok") == 0);
    CHECK(e.send_code().ok);
}

TEST_CASE("a reset on platform_response comes after WeChat consumed the code", "[faults][engine][http]") {
    // A fault on the response leg acts on the reply: WeChat already processed the request, so the
    // code is used although the developer server never heard back (a resend answers 40163).
    BOTH_TRANSPORTS;
    Engine e(config(transport));
    e.add_fault(fault(Hop::PlatformResponse, FaultKind::ConnectionReset));
    REQUIRE_FALSE(e.login().ok);
    CHECK(count_kind(e, "exchange.ok") == 1);
    const ActionResult again = e.send_code();
    CHECK_FALSE(again.ok);
    CHECK(again.errcode == 40163);
}

TEST_CASE("a cut body from the platform consumes the code and fails the login with 502", "[faults][engine][http]") {
    BOTH_TRANSPORTS;
    Engine e(config(transport));
    FaultRule f = fault(Hop::PlatformResponse, FaultKind::CutBody);
    f.bytes = 12;
    e.add_fault(f);
    const ActionResult r = e.login();
    CHECK_FALSE(r.ok);
    CHECK(r.http_status == 502);
    CHECK(count_kind(e, "exchange.ok") == 1);
    const ActionResult again = e.send_code();
    CHECK(again.errcode == 40163);
}

TEST_CASE("malformed JSON from the platform consumes the code: a resend gets 40163", "[faults][engine][http]") {
    BOTH_TRANSPORTS;
    Engine e(config(transport));
    e.add_fault(fault(Hop::PlatformResponse, FaultKind::MalformedJson));
    const ActionResult r = e.login();
    CHECK_FALSE(r.ok);
    CHECK(r.http_status == 502);
    CHECK_THAT(dev_error(r), Catch::Contains("bad_platform_reply"));
    const ActionResult again = e.send_code();
    CHECK_FALSE(again.ok);
    CHECK(again.errcode == 40163);
    CHECK(again.http_status == 401);
}

TEST_CASE("an HTTP status from the platform gateway makes the developer server answer 502", "[faults][engine][http]") {
    BOTH_TRANSPORTS;
    const Hop hop = GENERATE(Hop::DevToPlatform, Hop::PlatformResponse);
    INFO("hop " << to_string(hop));
    Engine e(config(transport));
    FaultRule f = fault(hop, FaultKind::HttpStatus);
    f.status = 503;
    e.add_fault(f);
    const ActionResult r = e.login();
    CHECK_FALSE(r.ok);
    CHECK(r.http_status == 502);
    CHECK_THAT(dev_error(r), Catch::Contains("platform_http_status"));
    // The journal shows the gateway's 503 on the platform leg.
    bool saw = false;
    for (auto& ev : e.journal().all())
        if (ev.kind == "http.response" && ev.actor == Actor::Platform && ev.http) saw = saw || ev.http->status == 503;
    CHECK(saw);
}

TEST_CASE("a 5 minute clock jump on dev_to_platform expires the code: 40029", "[faults][engine]") {
    BOTH_TRANSPORTS;
    Engine e(config(transport));
    FaultRule f = fault(Hop::DevToPlatform, FaultKind::ClockJump);
    f.ms = 5 * 60 * 1000;
    e.add_fault(f);
    const ActionResult r = e.login();
    CHECK_FALSE(r.ok);
    CHECK(r.errcode == 40029);
    CHECK(e.clock().now_ms() > e.identity().code_expires_at_ms);
}

// Issue 13: a clock_jump of INT64_MAX after any earlier advance wrapped the clock negative, and a
// code that had expired was exchanged.
TEST_CASE("a clock jump of INT64_MAX stops at the end of virtual time and revives no expired code", "[faults][engine]") {
    BOTH_TRANSPORTS;
    const Hop hop = GENERATE(Hop::ClientToDev, Hop::DevToPlatform, Hop::PlatformResponse);
    INFO("hop " << to_string(hop));
    Engine e(config(transport));
    REQUIRE(e.wx_login().ok);
    e.advance(5 * 60 * 1000);
    FaultRule f = fault(hop, FaultKind::ClockJump);
    f.ms = INT64_MAX;
    e.add_fault(f);
    const ActionResult r = e.send_code();
    CHECK_FALSE(r.ok);
    CHECK(r.errcode == 40029);
    CHECK(e.clock().now_ms() == INT64_MAX);
    CHECK(count_kind(e, "exchange.ok") == 0);
}

TEST_CASE("a delay shorter than the timeout only moves the clock", "[faults][engine]") {
    BOTH_TRANSPORTS;
    const Hop hop = GENERATE(Hop::ClientCall, Hop::ClientToDev, Hop::DevToPlatform, Hop::PlatformResponse);
    INFO("hop " << to_string(hop));
    Engine ok(config(transport));
    REQUIRE(ok.login().ok);
    Engine e(config(transport));
    e.add_fault(delay_fault(hop, 1234));
    const ActionResult r = e.login();
    CHECK(r.ok);
    CHECK(e.clock().now_ms() == ok.clock().now_ms() + 1234);
}

TEST_CASE("a delay as long as the exchange timeout acts as a hang", "[faults][engine]") {
    BOTH_TRANSPORTS;
    Engine e(config(transport));
    e.add_fault(delay_fault(Hop::DevToPlatform, e.config().app.exchange_timeout_ms));
    const ActionResult r = e.login();
    CHECK_FALSE(r.ok);
    CHECK(r.http_status == 504);
}

TEST_CASE("a delay at client_call as long as the login timeout fails wx.login with timeout", "[faults][engine]") {
    Engine e(config(TransportMode::InProcess));
    e.add_fault(delay_fault(Hop::ClientCall, 2000));
    LoginOptions opt;
    opt.timeout_ms = 2000;
    const ActionResult r = e.login(opt);
    CHECK(r.errMsg == "login:fail timeout");
    CHECK(e.clock().now_ms() == 2000);
}

TEST_CASE("a probability fault is reproducible with the same seed", "[faults][engine]") {
    auto outcomes = [](uint64_t seed) {
        Engine e(config(TransportMode::InProcess));
        FaultRule f = platform_error("-1");
        f.when = WhenMode::Probability;
        f.probability = 0.5;
        f.seed = seed;
        e.add_fault(f);
        std::string s;
        for (int i = 0; i < 24; ++i) s += e.login().ok ? '.' : 'x';
        return s;
    };
    const std::string a = outcomes(4), b = outcomes(4), c = outcomes(5);
    CHECK(a == b);
    CHECK(a != c);
    CHECK(a.find('x') != std::string::npos);
    CHECK(a.find('.') != std::string::npos);
}

TEST_CASE("a platform error at client_call fails wx.login with that errMsg", "[faults][engine]") {
    Engine e(config(TransportMode::InProcess));
    e.add_fault(platform_error("login:fail system error", Hop::ClientCall));
    const ActionResult r = e.login();
    CHECK_FALSE(r.ok);
    CHECK(r.errMsg == "login:fail system error");
}

TEST_CASE("an injected checkSession failure fails check_session", "[faults][engine]") {
    Engine e(config(TransportMode::InProcess));
    REQUIRE(e.login().ok);
    e.add_fault(platform_error("checkSession:fail session time out, need relogin", Hop::SessionCheck));
    const ActionResult r = e.check_session();
    CHECK_FALSE(r.ok);
    CHECK(r.errMsg == "checkSession:fail session time out, need relogin");
    CHECK(e.check_session().ok);
}

TEST_CASE("every fault firing is journaled with its description", "[faults][engine]") {
    Engine e(config(TransportMode::InProcess));
    e.add_fault(platform_error("40226"));
    e.login();
    bool saw = false;
    for (auto& ev : e.journal().all())
        if (ev.kind == "fault.fired") {
            saw = true;
            CHECK(ev.hop == Hop::PlatformResponse);
            CHECK_THAT(ev.text, Catch::Contains("40226"));
            CHECK(ev.links.at("fault") == "platform_error");
        }
    CHECK(saw);
}
