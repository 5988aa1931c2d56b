#include "loginscope/admin_api.hpp"
#include "loginscope/platform_pack.hpp"

#include <cstdlib>  // defines __GLIBC__ on glibc
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <utility>

#include <nlohmann/json.hpp>
#ifdef __GLIBC__
#include <malloc.h>
#endif

namespace ls {

using nlohmann::json;

namespace {
// Answers may quote the request (its path), which need not be UTF-8: U+FFFD stands in.
Delivery reply(int status, const json& body) { return {{status, body.dump(2, ' ', false, json::error_handler_t::replace)}}; }
Delivery bad_request(const std::string& why) { return reply(400, {{"error", why}}); }

Delivery apps(Engine& engine) {
    json list = json::array();
    for (auto& a : engine.platform().apps())
        list.push_back({{"appid", a.appid}, {"secret", a.secret}, {"platform", a.platform}, {"name", a.name},
                        {"unionid_bound", a.unionid_bound}});
    const OpenApp o = engine.open_platform().app();
    list.push_back({{"appid", o.appid}, {"secret", o.secret}, {"platform", "uni-weixin"}, {"name", "Demo mobile app (Open Platform)"}});
    const BaiduApp b = engine.baidu_platform().app();
    list.push_back({{"appid", b.app_key}, {"secret", b.app_secret}, {"platform", "swan"}, {"name", "Demo Baidu smart program"}});
    const UniverifyApp u = engine.univerify().app();
    list.push_back({{"appid", u.uni_appid}, {"platform", "univerify"}, {"name", "Demo uni-app (one-click login)"},
                    {"service_enabled", u.service_enabled}, {"account", u.account}});
    for (const PlatformPack& p : platform_packs()) {  // each pack's app: its fields, as registered
        json app = {{"platform", p.id}, {"name", std::string("Demo ") + p.name + " mini program"}};
        for (const auto& [k, v] : engine.pack_platform(p.id)->registered()) app[k] = v;
        list.push_back(app);
    }
    return reply(200, {{"apps", list}});
}

// One code for (appid, user) as if the user had logged in: the code and when it expires, or nullopt
// for an unknown appid.
std::optional<std::pair<std::string, int64_t>> issue_one_code(Engine& engine, const std::string& appid, const std::string& user) {
    if (appid == engine.donut_platform().app().appid) return engine.donut_platform().issue_code(user, 0);  // weixinAppLogin
    if (appid == engine.open_platform().app().appid) return engine.open_platform().issue_code(user, 0);    // uni.login weixin
    if (appid == engine.baidu_platform().app().app_key) return engine.baidu_platform().issue_code(user, 0); // swan (AppKey)
    for (const PlatformPack& p : platform_packs())
        if (auto code = engine.pack_platform(p.id)->admin_code(appid, user)) return code;
    auto code = engine.platform().issue_code(appid, user, 0);
    if (!code) return std::nullopt;
    return std::make_pair(code->code, code->expires_at_ms);
}

// {"appid", "user"?} → {"code", "expires_in"}; with "count": N (1..kMaxCodesPerCall) →
// {"codes": [N codes], "expires_in"}: N logins of the same user in a row, as N single calls would
// make them (each one journaled; for WeChat each rotates the user's session_key, as wx.login does).
Delivery issue_code(Engine& engine, const json& in) {
    constexpr int64_t kMaxCodesPerCall = 10000;
    if (!in.contains("appid") || !in["appid"].is_string()) return bad_request("appid: required string");
    const std::string appid = in["appid"];
    if (in.contains("user") && !in["user"].is_string()) return bad_request("user: must be a string, not " + in["user"].dump());
    const std::string user = in.contains("user") ? in["user"].get<std::string>() : engine.environment().user;
    const bool bulk = in.contains("count");
    if (bulk && !json_integer_within(in["count"], 1, kMaxCodesPerCall))
        return bad_request("count: must be an integer 1.." + std::to_string(kMaxCodesPerCall) + ", not " + in["count"].dump());
    const int64_t count = bulk ? in["count"].get<int64_t>() : 1;
    json codes = json::array();
    int64_t expires_at = 0;
    for (int64_t i = 0; i < count; ++i) {
        auto code = issue_one_code(engine, appid, user);
        if (!code) return bad_request("appid: no such app \"" + appid + "\"");
        codes.push_back(code->first);
        expires_at = code->second;
    }
    const int64_t expires_in = (expires_at - engine.clock().now_ms()) / 1000;
    if (bulk) return reply(200, {{"codes", codes}, {"expires_in", expires_in}});
    return reply(200, {{"code", codes[0]}, {"expires_in", expires_in}});
}

// An access_token as if the user had tapped the one-click page's login button on `number`.
Delivery issue_univerify_token(Engine& engine, const json& in) {
    PhoneLine line = engine.environment().line;
    if (in.contains("number")) {
        if (!in["number"].is_string() || in["number"].get<std::string>().size() < 7) return bad_request("number: must be a phone number string");
        line.number = in["number"];
    }
    const UniverifyToken t = engine.univerify().issue_token(line, 0);
    return reply(200, {{"access_token", t.access_token}, {"openid", t.openid},
                       {"expires_in", (t.expires_at_ms - engine.clock().now_ms()) / 1000}});
}

void release_free_memory();

// The clock only moves forward, and stops at the end of virtual time (clock.hpp): an advance past
// it, after any earlier one, saturates rather than wrapping to a negative now_ms.
Delivery move_clock(Engine& engine, const json& in) {
    const json& v = in.contains("advance_ms") ? in["advance_ms"] : json();
    const bool fits = v.is_number_unsigned() ? v.get<uint64_t>() <= uint64_t(kEndOfTime)
                                             : v.is_number_integer() && v.get<int64_t>() >= 0;
    if (!fits) return bad_request("advance_ms: required integer 0.." + std::to_string(kEndOfTime));
    engine.advance(in["advance_ms"].get<int64_t>());  // forgets the codes, tokens and sessions dead by then
    release_free_memory();
    return reply(200, {{"now_ms", engine.clock().now_ms()}});
}

Delivery faults(Engine& engine, const HttpRequest& req, const json& in) {
    if (req.method == "DELETE") {
        engine.clear_faults();
        return reply(200, {{"ok", true}});
    }
    if (req.method == "POST") {
        try {
            engine.add_fault(fault_rule_from_json(in, "fault"));
        } catch (const std::invalid_argument& e) {
            return bad_request(e.what());
        }
    }
    json list = json::array();
    for (auto& r : engine.faults()) list.push_back(fault_rule_to_json(r));
    return reply(200, {{"faults", list}});
}
// serve answers each connection on its own thread, so glibc spreads the journal, codes and sessions
// over many malloc arenas; what a reset or a clock move frees there stays resident until trimmed
// (the soak saw +120 MB per round without this, flat with it).
void release_free_memory() {
#ifdef __GLIBC__
    malloc_trim(0);
#endif
}

// A query parameter that must be a non-negative integer: its value, `fallback` when absent, nullopt
// when malformed.
std::optional<uint64_t> count_param(const HttpRequest& req, const std::string& name, uint64_t fallback) {
    const auto it = req.query.find(name);
    if (it == req.query.end()) return fallback;
    const std::string& v = it->second;
    if (v.empty() || v.size() > 19 || v.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
    return std::stoull(v);
}

// GET /__admin/events[?since=SEQ][&limit=N]: the events with seq >= SEQ that the journal held when
// the request came, at most N, as a JSON array (one event a line). Streamed kEventsPerPiece events at
// a time, each piece sent when the reader has taken the one before: a reader holds one piece of the
// journal, never a copy of it, however many read at once and however slowly. The next page:
// since = the last seq + 1.
Delivery events(const Journal& journal, const HttpRequest& req) {
    static constexpr uint64_t kEventsPerPiece = 64;
    const auto since = count_param(req, "since", 0);
    if (!since) return bad_request("since: must be a sequence number, an integer >= 0");
    const auto limit = count_param(req, "limit", UINT64_MAX);
    if (!limit) return bad_request("limit: must be an integer >= 0");
    struct Cursor {
        uint64_t next, left, end;  // the next seq to send, how many more may go, the first seq not to
        bool opened = false, any = false;
    };
    auto at = std::make_shared<Cursor>(Cursor{*since, *limit, journal.size()});
    Delivery d{{200, ""}};
    d.stream = [&journal, at](std::string& out) {
        if (!at->opened) {
            out += "[";
            at->opened = true;
        }
        const auto piece = at->left && at->next < at->end ? journal.since(at->next, std::min<uint64_t>(kEventsPerPiece, at->left))
                                                           : std::vector<Event>{};
        for (const Event& e : piece) {
            if (e.seq >= at->end) break;
            out += std::exchange(at->any, true) ? ",\n" : "\n";
            // Events carry bytes from the wire: text that is not UTF-8 is written with U+FFFD.
            out += json(e).dump(-1, ' ', false, json::error_handler_t::replace);
            at->next = e.seq + 1;
            --at->left;
        }
        if (!piece.empty() && piece.back().seq < at->end && at->left && at->next < at->end) return true;
        out += at->any ? "\n]\n" : "]\n";
        return false;
    };
    return d;
}

// The fields each POST endpoint reads: any other is refused naming it, as a scenario file's are, so a
// misspelt field never quietly falls back to a default (POST /__admin/faults: fault_rule_from_json).
std::optional<Delivery> unknown_field(const std::string& path, const json& in) {
    static const std::map<std::string, std::set<std::string>> kFields = {
        {"/__admin/codes", {"appid", "user", "count"}},
        {"/__admin/univerify/tokens", {"number"}},
        {"/__admin/clock", {"advance_ms"}},
        {"/__admin/reset", {}},
    };
    const auto known = kFields.find(path);
    if (known == kFields.end()) return std::nullopt;
    for (auto& [key, value] : in.items())
        if (!known->second.count(key)) return bad_request(key + ": unknown field");
    return std::nullopt;
}

}  // namespace

Service make_admin_service(Engine& engine) {
    return [&engine](const HttpRequest& req) -> Delivery {
        json in = json::object();
        if (req.method == "POST" && !req.body.empty()) {
            in = json::parse(req.body, nullptr, false);
            if (in.is_discarded() || !in.is_object()) return bad_request("body: must be a JSON object");
            if (auto refused = unknown_field(req.path, in)) return *refused;
        }
        const std::string& p = req.path;
        if (p == "/__admin/apps" && req.method == "GET") return apps(engine);
        if (p == "/__admin/codes" && req.method == "POST") return issue_code(engine, in);
        if (p == "/__admin/univerify/tokens" && req.method == "POST") return issue_univerify_token(engine, in);
        if (p == "/__admin/clock" && req.method == "POST") return move_clock(engine, in);
        if (p == "/__admin/events" && req.method == "GET") return events(engine.journal(), req);
        if (p == "/__admin/reset" && req.method == "POST") {
            engine.reset(engine.config().seed);
            release_free_memory();
            return reply(200, {{"ok", true}});
        }
        if (p == "/__admin/faults") return faults(engine, req, in);
        return reply(404, {{"error", "no such admin endpoint"}, {"path", p}});
    };
}

}  // namespace ls
