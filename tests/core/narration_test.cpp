// The teaching content (issue 7): narration of every journal event kind in English and Chinese,
// the flaws in Chinese, the glossary and its scanner, and the curated demos of every flow.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "loginscope/demos.hpp"
#include "loginscope/developer_server.hpp"
#include "loginscope/explore.hpp"
#include "loginscope/faults.hpp"
#include "loginscope/flaws.hpp"
#include "loginscope/glossary.hpp"
#include "loginscope/narration.hpp"
#include "loginscope/open_data.hpp"
#include "loginscope/scenario.hpp"

using namespace ls;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

// The code points of a UTF-8 string (invalid bytes become U+FFFD).
std::vector<char32_t> code_points(const std::string& s) {
    std::vector<char32_t> out;
    for (size_t i = 0; i < s.size();) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        const size_t n = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
        if (n == 0 || i + n > s.size()) {
            out.push_back(0xFFFD);
            ++i;
            continue;
        }
        char32_t cp = n == 1 ? c : c & (0xFF >> (n + 1));
        for (size_t k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
        out.push_back(cp);
        i += n;
    }
    return out;
}

bool has_cjk_ideograph(const std::string& s) {
    for (char32_t c : code_points(s))
        if ((c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF)) return true;
    return false;
}

// Any CJK character or CJK punctuation (full-width comma, brackets, ideographic full stop…).
bool has_any_cjk(const std::string& s) {
    for (char32_t c : code_points(s))
        if ((c >= 0x2E80 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFF00 && c <= 0xFFEF)) return true;
    return false;
}

// Sentences: ". " "? " "! " or the end; in Chinese 。？！.
int sentences_en(const std::string& s) {
    int n = 0;
    for (size_t i = 0; i < s.size(); ++i)
        if ((s[i] == '.' || s[i] == '?' || s[i] == '!') && (i + 1 == s.size() || s[i + 1] == ' ')) ++n;
    return n;
}
int sentences_zh(const std::string& s) {
    int n = 0;
    for (char32_t c : code_points(s))
        if (c == U'。' || c == U'？' || c == U'！') ++n;
    return n;
}

// English texts stay plain ASCII: the GUI's Latin font needs no extra glyphs for them.
bool ascii(const std::string& s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

std::vector<Flow> all_flows() {
    std::vector<Flow> out;
    for (const FlowInfo& f : flow_catalog()) out.push_back(*flow_from_string(f.id));
    return out;
}

Event event(const std::string& kind, Links links = {}, std::string text = "") {
    Event e;
    e.kind = kind;
    e.links = std::move(links);
    e.text = std::move(text);
    return e;
}

Event http_event(const std::string& kind, const std::string& target) {
    Event e = event(kind);
    e.http = std::make_shared<HttpRecord>(HttpRecord{"GET", target, "", 200, "{}", ""});
    return e;
}

std::set<std::string> kinds_of(const std::vector<Event>& events) {
    std::set<std::string> out;
    for (const Event& e : events) out.insert(e.kind);
    return out;
}

std::vector<fs::path> shipped_scenarios() {
    std::vector<fs::path> files;
    for (auto& e : fs::recursive_directory_iterator(fs::path(LOGINSCOPE_ASSETS) / "scenarios"))
        if (e.is_regular_file() && e.path().extension() == ".json") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    return files;
}

// ---- random walks: explore's own runs, played to the end with the journal kept -------------------

// Runs `runs` of explore's random runs of `steps` steps on fresh in-process engines (every step,
// where explore stops at the first violation); the kinds they journaled.
std::set<std::string> walk(Flow flow, const FlawSet& flaws, int runs, int steps, uint64_t seed) {
    std::set<std::string> seen;
    ExploreOptions o;
    o.flow = flow;
    o.flaws = flaws;
    o.seed = seed;
    o.max_steps = steps;
    for (int run = 0; run < runs; ++run) {
        const Scenario s = parse_scenario(json::parse(explore_run_scenario(o, run).dump()), "walk.json");
        Engine engine(s.config);
        for (const Step& step : s.steps) apply_step(engine, step);
        const std::set<std::string> k = kinds_of(engine.journal().all());
        seen.insert(k.begin(), k.end());
    }
    return seen;
}

// Short scenarios for what random walks rarely reach; each is played with every flaw setting.
const char* kPinned[] = {
    // a client claims another user's openid (ignored, or believed with trust-client-openid)
    R"({"name": "claim", "flow": "wechat-mp", "transport": "in_process", "steps": [
        {"action": "environment", "environment": {"user": "bob"}}, {"action": "login"},
        {"action": "environment", "environment": {"user": "alice"}}, {"action": "wx_login"},
        {"action": "send_code", "claim_openid_of": "bob"}]})",
    // flaws switched mid-run
    R"({"name": "switch", "flow": "wechat-mp", "transport": "in_process", "steps": [
        {"action": "set_flaws", "flaws": ["log-secret"]}, {"action": "login"}]})",
    // cgi-bin/token refused: the second platform call answers 40001
    R"({"name": "token", "flow": "wechat-mp", "transport": "in_process",
        "faults": [{"hop": "platform_response", "when": "nth", "n": 2, "what": "platform_error", "code": "40001"}],
        "steps": [{"action": "login"}, {"action": "server_check_session"}]})",
};

// The developer server given open data whose signature is right but whose ciphertext is not.
std::set<std::string> tampered_open_data() {
    VirtualClock clock;
    IdGenerator ids(1);
    Journal journal;
    const std::string key = "HyVFkGl5F5OQWJZZaNzBBg==";
    DeveloperServerConfig cfg;
    cfg.appid = "wx5f0d3c8a9b1e2d47";
    cfg.secret = "3c1f0e9d8b7a69584736251403f2e1d0";
    DeveloperServer dev(
        clock, ids, journal, cfg,
        [&](const HttpRequest&, uint32_t) {
            return TransportResult{HttpReply{200, json{{"openid", "oGZUI0egBJY1zhBYw2KhdUfwVJJE"}, {"session_key", key}}.dump()}, ""};
        },
        [](const HttpRequest&, uint32_t) { return TransportResult{std::nullopt, "connection refused"}; });
    HttpRequest login;
    login.method = "POST";
    login.path = "/api/login";
    login.body = json{{"code", "0716AVll20uHk94SLDml27etM946AVlq"}}.dump();
    const HttpReply token = dev.handle(login, 1);
    REQUIRE(token.status == 200);
    const std::string raw = R"({"nickName":"Band"})";
    HttpRequest profile;
    profile.method = "POST";
    profile.path = "/api/profile";
    profile.headers["Authorization"] = "Bearer " + json::parse(token.body)["token"].get<std::string>();
    profile.body = json{{"rawData", raw}, {"signature", open_data_signature(raw, key)}, {"encryptedData", "AAAA"},
                        {"iv", "r7BXXKkLb8qrSNn05n0qiA=="}}.dump();
    CHECK(dev.handle(profile, 1).status == 401);
    return kinds_of(journal.all());
}

std::string list(const std::set<std::string>& s) {
    std::string out;
    for (auto& x : s) out += "\n  " + x;
    return out;
}

}  // namespace

// ---- the kind table and the narration ---------------------------------------------------------

TEST_CASE("event_kinds lists each kind once and the table narrates only those kinds", "[narration]") {
    const std::vector<std::string>& kinds = event_kinds();
    const std::set<std::string> unique(kinds.begin(), kinds.end());
    CHECK(unique.size() == kinds.size());
    CHECK(kinds.size() >= 55);
    std::set<std::string> general;  // kinds with a row for any context
    for (const NarrationEntry& row : narration_table()) {
        INFO(row.kind << " [" << row.context << "]");
        CHECK(unique.count(row.kind));
        if (std::string(row.context).empty()) CHECK(general.insert(row.kind).second);  // one general row per kind
    }
    for (const std::string& k : kinds) {
        INFO(k);
        CHECK(general.count(k));
    }
}

TEST_CASE("every table row is a short text in English and in natural Chinese", "[narration]") {
    for (const NarrationEntry& row : narration_table()) {
        const std::string en = row.en, zh = row.zh;
        INFO(row.kind << " [" << row.context << "]\n" << en << "\n" << zh);
        CHECK(!en.empty());
        CHECK(!zh.empty());
        CHECK(en != zh);
        CHECK_FALSE(has_any_cjk(en));
        CHECK(ascii(en));
        CHECK(has_cjk_ideograph(zh));
        CHECK(sentences_en(en) >= 1);
        CHECK(sentences_en(en) <= 3);
        CHECK(sentences_zh(zh) >= 1);
        CHECK(sentences_zh(zh) <= 3);
        CHECK(en.size() <= 480);
    }
}

TEST_CASE("every event kind narrates in both languages for every flow", "[narration]") {
    for (const std::string& kind : event_kinds())
        for (Flow flow : all_flows()) {
            const Event e = event(kind);
            const std::string en = narrate(e, flow, Lang::En), zh = narrate(e, flow, Lang::Zh);
            INFO(kind << " in " << to_string(flow) << "\n" << en << "\n" << zh);
            CHECK(!en.empty());
            CHECK(!zh.empty());
            CHECK(en != zh);
            CHECK_FALSE(has_any_cjk(en));
            CHECK(has_cjk_ideograph(zh));
        }
}

TEST_CASE("narration is more specific by flow, endpoint, errcode and api text", "[narration]") {
    const Event code = event("code.issued");
    CHECK(narrate(code, Flow::WeChatMp, Lang::En) != narrate(code, Flow::Swan, Lang::En));
    CHECK(narrate(code, Flow::WeChatMp, Lang::En) != narrate(code, Flow::UniWeixin, Lang::En));
    CHECK(narrate(code, Flow::WeChatMp, Lang::En) == narrate(code, Flow::Taro, Lang::En));
    const Event ok = event("exchange.ok");
    CHECK(narrate(ok, Flow::WeChatMp, Lang::En) != narrate(ok, Flow::Univerify, Lang::En));
    CHECK(contains(narrate(ok, Flow::Univerify, Lang::En), "phone number"));
    CHECK(contains(narrate(ok, Flow::WeChatMp, Lang::En), "unionid"));
    CHECK(contains(narrate(ok, Flow::WeChatMp, Lang::En), "Open Platform"));
    CHECK(contains(narrate(ok, Flow::WeChatMp, Lang::Zh), "开放平台"));

    // Endpoints: the same kind says different things for code2Session and for our own /api/login.
    const Event to_wechat = http_event("http.request", "https://api.weixin.qq.com/sns/jscode2session?appid=wx1&secret=***&js_code=abc");
    const Event to_dev = http_event("http.request", "https://dev.example.test/api/login");
    const Event to_check = http_event("http.request", "https://api.weixin.qq.com/wxa/checksession?access_token=t&openid=o");
    const Event generic = event("http.request");
    const std::string a = narrate(to_wechat, Flow::WeChatMp, Lang::En), b = narrate(to_dev, Flow::WeChatMp, Lang::En),
                      c = narrate(to_check, Flow::WeChatMp, Lang::En), d = narrate(generic, Flow::WeChatMp, Lang::En);
    CHECK(contains(a, "code2Session"));
    CHECK(contains(a, "AppSecret"));
    CHECK(contains(b, "code"));
    CHECK(contains(c, "HMAC-SHA256"));
    CHECK(std::set<std::string>{a, b, c, d}.size() == 4);
    const Event answer = http_event("http.response", "https://api.weixin.qq.com/sns/jscode2session?appid=wx1");
    CHECK(contains(narrate(answer, Flow::WeChatMp, Lang::En), "never the phone"));
    const Event baidu = http_event("http.request", "https://spapi.baidu.com/oauth/jscode2sessionkey");
    CHECK(contains(narrate(baidu, Flow::Swan, Lang::En), "client_id"));
    const Event phone = http_event("http.request", "unicloud:/univerify/getPhoneNumber");
    CHECK(contains(narrate(phone, Flow::Univerify, Lang::En), "getPhoneNumber"));

    // Error codes: the lesson of the code, not only "it failed".
    const std::string reused = narrate(event("exchange.error", {{"errcode", "40163"}}), Flow::WeChatMp, Lang::En);
    CHECK(contains(reused, "40163"));
    CHECK(contains(reused, "single use"));
    CHECK(contains(narrate(event("exchange.error", {{"errcode", "40029"}}), Flow::WeChatMp, Lang::En), "5 minutes"));
    CHECK(contains(narrate(event("exchange.error", {{"error", "invalid_grant"}}), Flow::Swan, Lang::En), "10 minutes"));
    CHECK(contains(narrate(event("action.fail", {{"errcode", "30003"}}), Flow::Univerify, Lang::En), "preLogin"));
    // The same number means different things on different platforms.
    CHECK(narrate(event("action.fail", {{"errcode", "1001"}}), Flow::UniApple, Lang::En) !=
          narrate(event("action.fail", {{"errcode", "1001"}}), Flow::Univerify, Lang::En));
    CHECK(narrate(event("action.fail", {{"errcode", "-1"}}), Flow::WeChatApp, Lang::En) !=
          narrate(event("action.fail"), Flow::WeChatApp, Lang::En));

    CHECK(contains(narrate(event("action.fail", {}, "uni_login_baidu failed: uni.login on Baidu before the login button's @login event"),
                           Flow::Swan, Lang::En),
                   "login button"));

    // The api call is told by what was called.
    const std::string login = narrate(event("api.call", {}, "wx.login()"), Flow::WeChatMp, Lang::En);
    const std::string check = narrate(event("api.call", {}, "wx.checkSession()"), Flow::WeChatMp, Lang::En);
    const std::string pre = narrate(event("api.call", {}, "uni.preLogin({provider: 'univerify'})"), Flow::Univerify, Lang::En);
    const std::string page = narrate(event("api.call", {}, "uni.login({provider: 'univerify', univerifyStyle: {fullScreen: false, …}})"),
                                     Flow::Univerify, Lang::En);
    CHECK(contains(login, "wx.login"));
    CHECK(contains(check, "session_key"));
    CHECK(contains(pre, "10 minutes"));
    CHECK(contains(page, "one-click page"));
    CHECK(std::set<std::string>{login, check, pre, page}.size() == 4);

    // A kind the table does not know still gets a line.
    CHECK(!narrate(event("something.new", {}, "x"), Flow::WeChatMp, Lang::En).empty());
    CHECK(has_cjk_ideograph(narrate(event("something.new", {}, "x"), Flow::WeChatMp, Lang::Zh)));
}

TEST_CASE("the narration teaches the lifetimes and single use of codes", "[narration]") {
    const Event e = event("code.issued");
    for (Flow f : {Flow::WeChatMp, Flow::Taro, Flow::WeChatApp}) {
        const std::string en = narrate(e, f, Lang::En), zh = narrate(e, f, Lang::Zh);
        INFO(to_string(f) << "\n" << en << "\n" << zh);
        CHECK(contains(en, "5 minutes"));
        CHECK(contains(en, "only once"));
        CHECK(contains(zh, "5 分钟"));
        CHECK(contains(zh, "只能用一次"));
    }
    for (Flow f : {Flow::Swan, Flow::UniWeixin}) {
        const std::string en = narrate(e, f, Lang::En), zh = narrate(e, f, Lang::Zh);
        INFO(to_string(f) << "\n" << en << "\n" << zh);
        CHECK(contains(en, "10 minutes"));
        CHECK(contains(en, "only once"));
        CHECK(contains(zh, "10 分钟"));
        CHECK(contains(zh, "一次"));
    }
    const std::string en = narrate(e, Flow::UniApple, Lang::En), zh = narrate(e, Flow::UniApple, Lang::Zh);
    CHECK(contains(en, "only once"));
    CHECK(contains(en, "minutes"));
    CHECK(contains(zh, "一次"));
    CHECK(contains(zh, "分钟"));
}

TEST_CASE("the narration says session_key stays on the developer server", "[narration]") {
    for (const char* kind : {"session_key.issued", "token.issued"})
        for (Flow f : {Flow::WeChatMp, Flow::Taro, Flow::Swan}) {
            const std::string en = narrate(event(kind), f, Lang::En), zh = narrate(event(kind), f, Lang::Zh);
            INFO(kind << " " << to_string(f) << "\n" << en << "\n" << zh);
            CHECK(contains(en, "session_key"));
            CHECK(contains(en, "stays on the developer server"));
            CHECK(contains(zh, "session_key"));
            CHECK(contains(zh, "留在开发者服务器上"));
        }
    const std::string en = narrate(event("session_key.issued"), Flow::WeChatMp, Lang::En);
    CHECK(contains(en, "never be sent to the client"));
    CHECK(contains(en, "decrypts"));
    // openid and unionid: what they are for.
    const std::string ok = narrate(event("exchange.ok"), Flow::WeChatMp, Lang::En);
    CHECK(contains(ok, "openid (this user's id in this mini program)"));
    CHECK(contains(ok, "unionid (the same user across all the apps of that account)"));
}

TEST_CASE("the univerify checkbox narration says the user must agree to the carrier's terms", "[narration]") {
    for (const Event& e : {event("univerify.hint"), event("univerify.checkbox", {}, "privacy box ticked"),
                           event("univerify.checkbox", {}, "privacy box unticked"), event("univerify.page_opened")}) {
        const std::string en = narrate(e, Flow::Univerify, Lang::En), zh = narrate(e, Flow::Univerify, Lang::Zh);
        INFO(e.kind << " " << e.text << "\n" << en << "\n" << zh);
        CHECK(contains(en, "carrier's terms"));
        CHECK(contains(en, "agree"));
        CHECK(contains(zh, "协议"));
        CHECK(contains(zh, "同意"));
    }
    CHECK(narrate(event("univerify.checkbox", {}, "privacy box ticked"), Flow::Univerify, Lang::En) !=
          narrate(event("univerify.checkbox", {}, "privacy box unticked"), Flow::Univerify, Lang::En));
    CHECK(contains(narrate(event("univerify.hint"), Flow::Univerify, Lang::En), "nothing is sent"));
    // preLogin and access_token, errMsg and errcode.
    CHECK(contains(narrate(event("prelogin.ok"), Flow::Univerify, Lang::En), "10 minutes"));
    CHECK(contains(narrate(event("univerify.token"), Flow::Univerify, Lang::En), "access_token"));
    CHECK(contains(narrate(event("access_token.issued"), Flow::WeChatMp, Lang::En), "2 hours"));
    CHECK(contains(narrate(event("action.fail"), Flow::WeChatMp, Lang::En), "errMsg"));
    CHECK(contains(narrate(event("exchange.error"), Flow::WeChatMp, Lang::En), "errcode"));
}

// ---- flaws ------------------------------------------------------------------------------------

TEST_CASE("every flaw has a Chinese title and attack, and the English fields are unchanged", "[narration]") {
    for (const FlawInfo& f : flaw_catalog()) {
        INFO(f.id);
        REQUIRE(f.title_zh != nullptr);
        REQUIRE(f.attack_zh != nullptr);
        CHECK(has_cjk_ideograph(f.title_zh));
        CHECK(has_cjk_ideograph(f.attack_zh));
        CHECK_FALSE(has_any_cjk(f.title));
        CHECK_FALSE(has_any_cjk(f.attack));
        CHECK(std::string(flaw_title(f.flaw, Lang::En)) == f.title);
        CHECK(std::string(flaw_attack(f.flaw, Lang::En)) == f.attack);
        CHECK(std::string(flaw_title(f.flaw, Lang::Zh)) == f.title_zh);
        CHECK(std::string(flaw_attack(f.flaw, Lang::Zh)) == f.attack_zh);
        CHECK(std::string(flaw_info(f.flaw).id) == f.id);
    }
    CHECK(std::string(flaw_info(Flaw::LeakSessionKey).title) == "returns session_key to the client");
}

TEST_CASE("flaw_shown_by maps each flaw kind and the narration tells its attack", "[narration]") {
    std::set<Flaw> shown;
    for (const std::string& kind : event_kinds()) {
        const std::optional<Flaw> f = flaw_shown_by(event(kind));
        INFO(kind);
        if (kind.rfind("flaw.", 0) != 0) {
            CHECK_FALSE(f.has_value());
            continue;
        }
        if (kind == "flaw.switched" || kind == "flaw.secret_in_app") {  // not a developer-server flaw showing
            CHECK_FALSE(f.has_value());
            continue;
        }
        REQUIRE(f.has_value());
        shown.insert(*f);
        for (Flow flow : all_flows())
            for (Lang lang : {Lang::En, Lang::Zh}) {
                const std::string text = narrate(event(kind), flow, lang);
                CHECK(contains(text, flaw_attack(*f, lang)));
                CHECK(text != flaw_attack(*f, lang));  // and says what the server did wrong
            }
    }
    CHECK(shown.size() == flaw_catalog().size());
    CHECK(flaw_shown_by(event("flaw.session_key_leaked")) == Flaw::LeakSessionKey);
    CHECK(flaw_shown_by(event("flaw.cached_exchange")) == Flaw::AcceptReusedCode);
    CHECK(flaw_shown_by(event("flaw.watermark_unchecked")) == Flaw::SkipWatermarkCheck);
    CHECK(flaw_shown_by(event("flaw.client_openid_trusted")) == Flaw::TrustClientOpenid);
    CHECK(flaw_shown_by(event("flaw.secret_logged")) == Flaw::LogSecret);
    CHECK_FALSE(flaw_shown_by(event("exchange.ok")).has_value());
    CHECK_FALSE(flaw_shown_by(event("flaw.nonexistent")).has_value());
    CHECK(contains(narrate(event("flaw.secret_in_app"), Flow::UniWeixin, Lang::En), "appsecret"));
}

// ---- the engine records no kind the table lacks ------------------------------------------------

TEST_CASE("every kind the shipped scenarios record is in event_kinds", "[narration]") {
    const std::set<std::string> known(event_kinds().begin(), event_kinds().end());
    std::set<std::string> seen;
    const std::vector<fs::path> files = shipped_scenarios();
    REQUIRE(files.size() >= 100);
    for (const fs::path& f : files) {
        const ScenarioResult r = run_scenario(load_scenario(f.string()), TransportMode::InProcess);
        const std::set<std::string> k = kinds_of(r.events);
        seen.insert(k.begin(), k.end());
    }
    std::set<std::string> unknown;
    for (auto& k : seen)
        if (!known.count(k)) unknown.insert(k);
    INFO("kinds recorded but not in event_kinds():" << list(unknown));
    CHECK(unknown.empty());
    CHECK(seen.size() >= 45);
}

TEST_CASE("every kind random walks and explore record with each flaw on is in event_kinds and every listed kind happens", "[narration][explore]") {
    const std::set<std::string> known(event_kinds().begin(), event_kinds().end());
    std::set<std::string> seen;
    std::vector<FlawSet> settings = {{}};
    for (const FlawInfo& f : flaw_catalog()) settings.push_back({f.flaw});
    uint64_t seed = 1;
    for (Flow flow : all_flows())
        for (const FlawSet& flaws : settings) {
            const std::set<std::string> k = walk(flow, flaws, 10, 16, seed++);
            seen.insert(k.begin(), k.end());
            // explore's own runs: its reproducers replay with the journal kept.
            ExploreOptions o;
            o.flow = flow;
            o.flaws = flaws;
            o.runs = 10;
            o.seed = seed;
            for (const ExploreFinding& finding : explore(o).findings) {
                const ScenarioResult r = run_scenario(parse_scenario(json::parse(finding.scenario.dump()), "explore.json"));
                const std::set<std::string> fk = kinds_of(r.events);
                seen.insert(fk.begin(), fk.end());
            }
        }
    for (const fs::path& f : shipped_scenarios()) {
        const std::set<std::string> k = kinds_of(run_scenario(load_scenario(f.string()), TransportMode::InProcess).events);
        seen.insert(k.begin(), k.end());
    }
    for (const char* pinned : kPinned)
        for (const FlawSet& flaws : settings) {
            Scenario s = parse_scenario(json::parse(pinned), "pinned.json");
            s.config.app.flaws = flaws;
            const std::set<std::string> k = kinds_of(run_scenario(s).events);
            seen.insert(k.begin(), k.end());
        }
    {
        const std::set<std::string> k = tampered_open_data();
        CHECK(k.count("open_data.decrypt_failed"));
        seen.insert(k.begin(), k.end());
    }
    // What only the GUI triggers: a page image that cannot be shown.
    {
        EngineConfig cfg;
        cfg.flow = Flow::Univerify;
        cfg.transport = TransportMode::InProcess;
        Engine engine(cfg);
        engine.report_missing_asset("icon.path: /static/x.png (not found)");
        const std::set<std::string> k = kinds_of(engine.journal().all());
        seen.insert(k.begin(), k.end());
    }
    std::set<std::string> unknown, never;
    for (auto& k : seen)
        if (!known.count(k)) unknown.insert(k);
    for (auto& k : known)
        if (!seen.count(k)) never.insert(k);
    INFO("kinds recorded but not in event_kinds():" << list(unknown));
    CHECK(unknown.empty());
    // And the table is not stale: every kind it lists does happen.
    INFO("kinds in event_kinds() never recorded:" << list(never));
    CHECK(never.empty());
}

// ---- glossary ---------------------------------------------------------------------------------

TEST_CASE("every glossary term has both definitions and the required terms are there", "[narration][glossary]") {
    std::set<std::string> terms;
    for (const GlossaryTerm& t : glossary()) {
        INFO(t.term);
        CHECK(terms.insert(t.term).second);
        CHECK(std::string(t.en).size() > 20);
        CHECK(has_cjk_ideograph(t.zh));
        CHECK_FALSE(has_any_cjk(t.en));
        CHECK(ascii(t.en));
        CHECK(sentences_en(t.en) <= 3);
        CHECK(sentences_zh(t.zh) <= 3);
        CHECK(find_term(t.term) == &t);
    }
    for (const char* t : {"code", "openid", "unionid", "session_key", "access_token", "preLogin", "errMsg", "errcode", "appid",
                          "AppSecret", "code2Session", "jscode2session", "token", "watermark", "encryptedData", "iv", "rawData",
                          "signature", "checkSession", "univerify", "Open Platform", "开放平台"}) {
        INFO(t);
        CHECK(find_term(t) != nullptr);
    }
    CHECK(find_term("nonsense") == nullptr);
    CHECK(find_term("Code") == nullptr);  // exact
    CHECK(contains(find_term("unionid")->en, "Open Platform"));
    CHECK(contains(find_term("code")->en, "5 minutes"));
    CHECK(contains(find_term("code")->en, "only once"));
    CHECK(contains(find_term("session_key")->en, "stay on the server"));
}

TEST_CASE("find_terms finds whole identifiers, longest first, in English and Chinese", "[narration][glossary]") {
    auto names = [](std::string_view text) {
        std::vector<std::string> out;
        for (const TermSpan& s : find_terms(text)) {
            CHECK(text.substr(s.offset, s.length).size() == s.length);
            out.push_back(s.term->term);
        }
        return out;
    };
    using V = std::vector<std::string>;
    CHECK(names("The server keeps session_key and returns openid.") == V{"session_key", "openid"});
    {
        const std::string text = "The server keeps session_key and returns openid.";
        const std::vector<TermSpan> spans = find_terms(text);
        REQUIRE(spans.size() == 2);
        CHECK(text.substr(spans[0].offset, spans[0].length) == "session_key");
        CHECK(text.substr(spans[1].offset, spans[1].length) == "openid");
    }
    // Not inside another identifier.
    CHECK(names("js_code") == V{});
    CHECK(names("code2Session") == V{"code2Session"});
    CHECK(names("call jscode2session now") == V{"jscode2session"});
    CHECK(names("errcode") == V{"errcode"});
    CHECK(names("a js_code and a code") == V{"code"});
    // "code" is the login credential only where the text speaks of it.
    CHECK(names("as the JavaScript code sees it") == V{});
    CHECK(names("an error code where the platform has one, and the HTTP status code") == V{});
    CHECK(names("the code is single use; a new code each time") == V{"code", "code"});
    CHECK(names("WeChat issued a code") == V{"code"});
    // Longest match: access_token, not token; "Open Platform" as one term.
    CHECK(names("access_token") == V{"access_token"});
    CHECK(names("our token and the access_token") == V{"token", "access_token"});
    CHECK(names("bound to an Open Platform account") == V{"Open Platform"});
    CHECK(names("watermark.appid") == V{"watermark", "appid"});
    // Inside Chinese text, with or without spaces.
    {
        const std::string text = "用 code 换取 openid";
        const std::vector<TermSpan> spans = find_terms(text);
        REQUIRE(spans.size() == 2);
        CHECK(text.substr(spans[0].offset, spans[0].length) == "code");
        CHECK(text.substr(spans[1].offset, spans[1].length) == "openid");
    }
    CHECK(names("用code换取openid和session_key") == V{"code", "openid", "session_key"});
    CHECK(names("绑定了开放平台账号才有 unionid") == V{"开放平台", "unionid"});
    CHECK(names("本机号码一键登录") == V{"一键登录"});
    // Exact spelling first, any ASCII case accepted.
    CHECK(names("errMsg") == V{"errMsg"});
    CHECK(names("errmsg") == V{"errmsg"});
    CHECK(names("OpenID") == V{"openid"});
    CHECK(names("") == V{});
    CHECK(names("nothing to see here") == V{});
    // The narration itself is full of terms.
    CHECK(find_terms(narrate(event("exchange.ok"), Flow::WeChatMp, Lang::Zh)).size() >= 4);
}

// ---- demos ------------------------------------------------------------------------------------

TEST_CASE("every flow has a happy and a failure demo, and every demo passes", "[narration][demos]") {
    for (Flow flow : all_flows()) {
        const std::vector<const Demo*> d = demos_for(flow);
        INFO(to_string(flow));
        CHECK(std::any_of(d.begin(), d.end(), [](const Demo* x) { return !x->failure; }));
        CHECK(std::any_of(d.begin(), d.end(), [](const Demo* x) { return x->failure; }));
        REQUIRE(!d.empty());
        CHECK_FALSE(d.front()->failure);  // the happy path first
    }
    size_t total = 0;
    std::set<std::string> files;
    for (const Demo& d : demos()) {
        ++total;
        INFO(d.file);
        CHECK(files.insert(d.file).second);
        CHECK(!std::string(d.title_en).empty());
        CHECK_FALSE(has_any_cjk(d.title_en));
        CHECK(ascii(d.title_en));
        CHECK(has_cjk_ideograph(d.title_zh));
        const fs::path path = fs::path(LOGINSCOPE_ASSETS) / d.file;
        REQUIRE(fs::is_regular_file(path));
        Scenario s;
        REQUIRE_NOTHROW(s = load_scenario(path.string()));
        CHECK(s.config.flow == d.flow);
        const ScenarioResult r = run_scenario(s, TransportMode::InProcess);
        std::string why;
        for (auto& f : r.failures) why += f + "\n";
        INFO(why);
        CHECK(r.passed);
        // A failure demo ends with something going wrong; a happy one with a success. In a flaw demo
        // what goes wrong is the developer server's security: every call succeeds, the attack too.
        bool any_fail = false;
        for (const StepOutcome& o : r.steps)
            if (!o.result.ok && !o.result.pending) any_fail = true;
        if (!s.config.app.flaws.empty())
            CHECK(d.failure);
        else
            CHECK(any_fail == d.failure);
    }
    CHECK(total == demos().size());
    size_t by_flow = 0;
    for (Flow flow : all_flows()) by_flow += demos_for(flow).size();
    CHECK(by_flow == demos().size());
}
