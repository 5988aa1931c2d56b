// Issue 13: the developer server's 502 after a malformed or cut platform reply quoted its first 64
// bytes — the openid and the start of the session_key (or 43 characters of an access_token) — to
// the client. No reply to a client echoes the platform's bytes; the journal still tells the story.
#include <catch2/catch.hpp>

#include <algorithm>
#include <functional>
#include <regex>
#include <set>

#include "loginscope/engine.hpp"
#include "loginscope/invariants.hpp"

#include "fault_rules.hpp"

using namespace ls;
using namespace ls::test;

namespace {

// Every run of 8 characters inside a quoted value of the platform's replies to the developer server
// (openid, session_key, access_token, phoneNumber …), as delivered: garbled or cut; in univerify the
// platform answers the cloud function, which hands the answer on to the server.
std::set<std::string> platform_pieces(const std::vector<Event>& events) {
    static const std::regex value(R"re(":\s*"([^"]*))re");
    std::set<std::string> out;
    for (const Event& e : events) {
        const bool from_platform = e.actor == Actor::Platform || e.actor == Actor::CloudFunction;
        const bool to_server = e.to == Actor::DevServer || e.to == Actor::CloudFunction;
        if (e.kind != "http.response" || !from_platform || !to_server || !e.http) continue;
        const std::string& body = e.http->response_body;
        for (std::sregex_iterator m(body.begin(), body.end(), value), end; m != end; ++m) {
            const std::string v = (*m)[1];
            for (size_t i = 0; i + 8 <= v.size(); ++i) out.insert(v.substr(i, 8));
        }
    }
    return out;
}

struct Script {
    const char* name;
    Flow flow;
    int nth;  // which platform call of the action the fault hits (1: the first)
    std::function<void(Engine&)> before, act;
};

const std::vector<Script>& scripts() {
    static const std::vector<Script> kScripts = {
        {"wx.login → /api/login → jscode2session", Flow::WeChatMp, 1, [](Engine&) {}, [](Engine& e) { e.login(); }},
        {"/api/session/reset → resetusersessionkey", Flow::WeChatMp, 2, [](Engine& e) { e.login(); },
         [](Engine& e) { e.server_reset_session_key(); }},
        {"uni.login weixin onlyAuthorize → /api/open/login → oauth2/access_token", Flow::UniWeixin, 1,
         [](Engine& e) { e.uni_login_weixin(true); }, [](Engine& e) { e.wechat_auth(true); }},
        {"wx.weixinAppLogin → /api/app/login → cgi-bin/token", Flow::WeChatApp, 1, [](Engine& e) { e.weixin_app_login(); },
         [](Engine& e) { e.wechat_auth(true); }},
        {"wx.weixinAppLogin → /api/app/login → code2verifyinfo", Flow::WeChatApp, 2, [](Engine& e) { e.weixin_app_login(); },
         [](Engine& e) { e.wechat_auth(true); }},
        {"swan login button → /api/baidu/login → jscode2sessionkey", Flow::Swan, 1, [](Engine&) {},
         [](Engine& e) { e.swan_button_login(); }},
        {"univerify → /api/univerify/login → cloud function → getPhoneNumber", Flow::Univerify, 1,
         [](Engine& e) {
             e.pre_login();
             e.univerify_login(UniverifyStyle{});
         },
         [](Engine& e) { e.page_tap_login(); }},
    };
    return kScripts;
}

}  // namespace

TEST_CASE("no reply to the client quotes a malformed or cut platform reply", "[faults][engine][secrets]") {
    const TransportMode transport = GENERATE(TransportMode::InProcess, TransportMode::Http);
    const Hop hop = GENERATE(Hop::PlatformResponse, Hop::DevToPlatform, Hop::DevToCloudFunction);
    const int bytes = GENERATE(-1, 16, 40, 64, 100);  // -1: malformed_json, else cut_body after that many bytes
    for (const Script& s : scripts()) {
        const std::vector<Hop> hops = fault_hops(s.flow);
        if (std::find(hops.begin(), hops.end(), hop) == hops.end()) continue;
        INFO(s.name << ", " << (transport == TransportMode::Http ? "http" : "in_process") << ", " << to_string(hop) << ", "
                    << (bytes < 0 ? std::string("malformed_json") : "cut_body " + std::to_string(bytes)));
        EngineConfig c;
        c.flow = s.flow;
        c.transport = transport;
        c.hang_hold_real_ms = 400;
        Engine e(c);
        s.before(e);
        FaultRule f;
        f.hop = hop;
        f.when = WhenMode::Nth;
        f.n = s.nth;
        f.kind = bytes < 0 ? FaultKind::MalformedJson : FaultKind::CutBody;
        f.bytes = bytes < 0 ? 10 : bytes;
        e.add_fault(f);
        s.act(e);
        const std::vector<Event> events = e.journal().all();
        const std::set<std::string> pieces = platform_pieces(events);
        bool refused = false;
        for (const Event& ev : events) {
            // An answer may carry what the server chose to forward (a user_id); an error never quotes.
            if (ev.kind != "http.response" || ev.actor != Actor::DevServer || ev.to != Actor::Client || !ev.http ||
                ev.http->status == 200)
                continue;
            const std::string& reply = ev.http->response_body;
            INFO("the client got HTTP " << ev.http->status << " " << reply);
            refused = refused || reply.find("bad_platform_reply") != std::string::npos ||
                      reply.find("bad_cloud_function_reply") != std::string::npos;
            for (const std::string& p : pieces) CHECK(reply.find(p) == std::string::npos);
        }
        if (refused) {  // the journal, server-side, still says what went wrong
            bool told = false;
            for (const Event& ev : events)
                told = told || (ev.kind == "login.rejected" && ev.text.find("not JSON") != std::string::npos);
            CHECK(told);
        }
        InvariantChecker checker;
        for (const InvariantViolation& v : checker.check(e, std::nullopt)) {
            INFO(v.invariant << ": " << v.detail);
            CHECK(v.invariant != "secrets-stay-server-side");
        }
    }
}

TEST_CASE("the 502 for a malformed platform reply says what was wrong without its bytes", "[faults][engine][secrets]") {
    EngineConfig c;
    c.transport = TransportMode::InProcess;
    Engine e(c);
    e.add_fault(fault(Hop::PlatformResponse, FaultKind::MalformedJson));
    const ActionResult r = e.login();
    CHECK_FALSE(r.ok);
    CHECK(r.http_status == 502);
    CHECK_THAT(r.detail, Catch::Contains("bad_platform_reply") && Catch::Contains("HTTP 200") && Catch::Contains("bytes") &&
                             Catch::Contains("not JSON"));
}
