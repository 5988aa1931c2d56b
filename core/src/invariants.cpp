#include "loginscope/invariants.hpp"

#include <algorithm>
#include <bitset>
#include <cstring>
#include <map>
#include <string_view>

#include <nlohmann/json.hpp>

#include "loginscope/catalog.hpp"
#include "loginscope/platform_pack.hpp"

namespace ls {

namespace {

using Violations = std::vector<InvariantViolation>;

const std::vector<InvariantInfo> kInvariants = {
    {"code-single-use", "a login code (or one-click token) is accepted at most once"},
    {"code-lifetime", "a login code is never accepted after its lifetime (nor before it began: time never runs backwards)"},
    {"callbacks", "every call gets exactly one of success/fail, then complete (then/catch after it for Taro)"},
    {"secrets-stay-server-side",
     "session_key, the server's access_tokens, AppSecrets, the cloud function's sign secret and the phone number never "
     "reach the client, whole or any 8 characters of them"},
    {"never-stuck", "a call still waiting has a dialog or page open that can settle it"},
    {"errors-in-catalog", "every error code and errMsg the client sees is in the catalog (or the assumptions table)"},
    {"openid-vouched", "a session is issued only for the openid the platform gave for that code"},
    {"watermark-checked", "open data watermarked for another app is never accepted"},
    {"secret-not-logged", "no AppSecret nor the cloud function's sign secret appears in the developer server's or the cloud function's log"},
};

// A violation the journal event `e` shows: its detail says when and in which flow, and names the event.
InvariantViolation seen_at(const Event& e, const char* id, const std::string& detail) {
    return {id, detail + " (t=" + std::to_string(e.t_ms) + " ms, flow " + std::to_string(e.flow) + ")", e.seq};
}


// Sessions the developer server issued, against what the platform did with the credential.
void check_sessions(const std::vector<Event>& events, Violations& out) {
    std::map<std::string, const Event*> started;                    // lifetime id → where it began
    std::map<std::pair<uint32_t, std::string>, const Event*> accepted;  // (flow, code) → platform's acceptance
    std::map<std::string, int> sessions;                            // code → sessions issued for it
    for (const Event& e : events) {
        if (e.starts) started.emplace(e.starts->id, &e);
        if (e.actor == Actor::Platform && e.ends) accepted[{e.flow, *e.ends}] = &e;
        if (e.kind != "token.issued") continue;
        const std::string code = e.links.value("code"), openid = e.links.value("openid");
        if (code.empty()) continue;
        const auto found = [&](const char* id, const std::string& detail) { out.push_back(seen_at(e, id, detail)); };
        if (++sessions[code] == 2) found("code-single-use", "code " + code + " was accepted a second time");
        auto acc = accepted.find({e.flow, code});
        auto start = started.find(code);
        const int64_t accepted_at = acc != accepted.end() ? acc->second->t_ms : e.t_ms;
        if (start != started.end() && start->second->starts->until_ms > 0 && accepted_at >= start->second->starts->until_ms)
            found("code-lifetime", "code " + code + " accepted " + std::to_string(accepted_at - start->second->starts->until_ms) +
                                       " ms after it expired");
        // A clock that wrapped (or was set back) makes an expired code look young again.
        if (start != started.end() && accepted_at < start->second->starts->from_ms)
            found("code-lifetime", "code " + code + " accepted " + std::to_string(start->second->starts->from_ms - accepted_at) +
                                       " ms before it was issued: the clock ran backwards");
        std::string vouched = acc != accepted.end() ? acc->second->links.value("openid") : "";
        if (vouched.empty() && start != started.end()) vouched = start->second->links.value("openid");
        if (!vouched.empty() && !openid.empty() && vouched != openid)
            found("openid-vouched", "session issued for openid " + openid + " but the platform gave " + vouched + " for code " + code);
    }
}

struct Callback {
    std::string api, word;
    nlohmann::json payload;
};

std::optional<Callback> parse_callback(const Event& e) {
    if (e.kind != "console") return std::nullopt;
    const size_t a = e.text.find(' ');
    if (a == std::string::npos) return std::nullopt;
    const size_t b = e.text.find(' ', a + 1);
    Callback c{e.text.substr(0, a), e.text.substr(a + 1, b == std::string::npos ? std::string::npos : b - a - 1), {}};
    if (b != std::string::npos) c.payload = nlohmann::json::parse(e.text.substr(b + 1), nullptr, false);
    return c;
}

// success|fail, complete — and for Taro's promise API then|catch after them (PLATFORM-FACTS §3).
bool well_formed(const std::string& api, const std::vector<std::string>& seq) {
    const size_t want = api.rfind("Taro.", 0) == 0 ? 3 : 2;
    if (seq.size() != want || seq[1] != "complete") return false;
    if (seq[0] != "success" && seq[0] != "fail") return false;
    return want == 2 || seq[2] == (seq[0] == "success" ? "then" : "catch");
}

void check_callbacks(const std::vector<Event>& events, Violations& out) {
    std::map<std::pair<uint32_t, std::string>, std::vector<std::string>> calls;
    static const std::set<std::string> kWords = {"success", "fail", "complete", "then", "catch"};
    for (const Event& e : events)  // event handlers (bindlogin, onButtonsClick) print other words
        if (auto c = parse_callback(e); c && kWords.count(c->word)) calls[{e.flow, c->api}].push_back(c->word);
    for (auto& [call, seq] : calls) {
        if (well_formed(call.second, seq)) continue;
        std::string got;
        for (auto& w : seq) got += (got.empty() ? "" : ", ") + w;
        out.push_back({"callbacks", call.second + " in flow " + std::to_string(call.first) + " called back: " + got});
        return;
    }
}

// An errMsg is known when the catalog or the assumptions table has it whole, or, in uni-app's and
// swan's "<api>:fail <message>" shape, has its message.
bool known_error_text(const std::string& text) {
    const size_t fail = text.find(":fail ");
    const std::string message = fail == std::string::npos ? text : text.substr(fail + 6);
    if (find_catalog_entry_any(text)) return true;
    for (auto& c : catalog())
        if (text == c.message || message == c.message) return true;
    for (auto& a : assumptions()) {
        const std::string v = a.value;
        for (size_t from = 0, bar; from <= v.size(); from = bar + 3) {  // "a | b": either
            bar = v.find(" | ", from);
            if (bar == std::string::npos) bar = v.size();
            const std::string option = v.substr(from, bar - from);
            if (option == text || option == message) return true;
        }
    }
    return false;
}

void check_errors(const std::vector<Event>& events, const std::optional<ActionResult>& last, Violations& out) {
    if (last && last->errcode && !find_catalog_entry_any(std::to_string(*last->errcode)))
        out.push_back({"errors-in-catalog", last->action + " failed with errcode " + std::to_string(*last->errcode) + ", not in the catalog"});
    for (const Event& e : events) {
        auto c = parse_callback(e);
        if (!c || c->word != "fail" || !c->payload.is_object()) continue;
        bool coded = false;  // a catalog code names the error; its message may carry the platform's own text (-100)
        for (const char* key : {"errCode", "errcode", "code"}) {
            if (!c->payload.contains(key)) continue;
            const auto& v = c->payload[key];
            const std::string code = v.is_string() ? v.get<std::string>() : v.is_number_integer() ? std::to_string(v.get<int64_t>()) : "";
            if (!code.empty() && !find_catalog_entry_any(code))
                return out.push_back({"errors-in-catalog", c->api + " fail carries " + key + " " + code + ", not in the catalog"});
            coded = coded || !code.empty();
        }
        const std::string msg = c->payload.value("errMsg", "");
        if (!coded && !msg.empty() && !known_error_text(msg))
            return out.push_back({"errors-in-catalog", c->api + " fail carries errMsg \"" + msg + "\", not in the catalog"});
    }
}

// What the client must never see, whole or in part (issue 13: a 502 quoting a garbled platform reply
// carried 8 characters of the session_key): any run of kSecretPiece characters of one is a leak;
// shorter runs are too common to mean anything, so a shorter secret counts only whole.
constexpr size_t kSecretPiece = 8;

// The values of `"key":"…"` in a reply as delivered — garbled or cut mid-value, what is left counts.
void quoted_values(const std::string& body, const std::string& key, std::vector<std::string>& out) {
    const std::string tag = "\"" + key + "\"";
    for (size_t at = body.find(tag); at != std::string::npos; at = body.find(tag, at + 1)) {
        size_t i = at + tag.size();
        while (i < body.size() && (body[i] == ' ' || body[i] == ':')) ++i;
        if (i >= body.size() || body[i] != '"') continue;
        const size_t end = body.find('"', ++i);
        out.push_back(body.substr(i, end == std::string::npos ? std::string::npos : end - i));
    }
}

// The platform packs' secret app fields (PackAppField::secret) that are set.
std::vector<std::string> pack_secrets(const AppConfig& app) {
    std::vector<std::string> out;
    for (const PlatformPack& p : platform_packs()) {
        const PackApp given = pack_app(app, p);
        for (const PackAppField& f : p.app_fields)
            if (f.secret && !given.at(f.id).empty()) out.push_back(given.at(f.id));
    }
    return out;
}

// The secrets of a run, each with what it is: the session_keys the journal links, the
// access_tokens and refresh_tokens a platform handed the developer server (an app that fetched
// its own with a shipped AppSecret holds it anyway), the AppSecrets, both copies of the cloud
// function's sign secret, every phone number of the line.
std::map<std::string, std::string> secrets_of(const std::vector<Event>& events, const std::set<std::string>& phones,
                                              const AppConfig& app) {
    std::map<std::string, std::string> secrets;
    for (auto& p : phones) secrets.emplace(p, "the phone number");
    for (const std::string* s : {&app.secret, &app.donut.appsecret, &app.open.secret, &app.baidu.app_secret})
        secrets.emplace(*s, "an AppSecret");
    for (const std::string& s : pack_secrets(app)) secrets.emplace(s, "an AppSecret");
    for (const std::string* s : {&app.unicloud.function_secret, &app.unicloud.server_secret})
        secrets.emplace(*s, "the cloud function's sign secret");
    std::vector<std::string> values;
    for (const Event& e : events) {
        if (auto k = e.links.value("session_key"); !k.empty()) secrets.emplace(k, "session_key");
        // a full number a platform handed over (getuserphonenumber's); a masked one is meant for the client
        if (auto p = e.links.value("phone"); p.size() >= kSecretPiece && p.find_first_not_of("0123456789+") == std::string::npos)
            secrets.emplace(p, "the phone number");
        const bool to_server = e.to == Actor::DevServer || e.to == Actor::CloudFunction;
        if (e.kind != "http.response" || e.actor != Actor::Platform || !to_server || !e.http) continue;
        for (const char* key : {"session_key", "access_token", "refresh_token"}) {
            values.clear();
            quoted_values(e.http->response_body, key, values);
            for (auto& v : values) secrets.emplace(v, key);
        }
    }
    secrets.erase("");
    return secrets;
}

// kSecretPiece bytes at `at`, as one number: a cheap key for the table of pieces.
uint64_t piece_at(std::string_view s, size_t at) {
    static_assert(kSecretPiece == sizeof(uint64_t));
    uint64_t v;
    std::memcpy(&v, s.data() + at, sizeof v);
    return v;
}

// Every kSecretPiece-byte piece of the secrets, sorted, behind a one-bit-per-hash filter: almost every
// window of a reply is dismissed by one bit test (explore checks after every step of every run).
template <class Secret>
class PieceTable {
public:
    void add(uint64_t piece, const Secret* s) {
        pieces_.emplace_back(piece, s);
        filter_.set(slot(piece));
    }
    void seal() { std::sort(pieces_.begin(), pieces_.end()); }
    const Secret* find(uint64_t piece) const {
        if (!filter_.test(slot(piece))) return nullptr;
        auto it = std::lower_bound(pieces_.begin(), pieces_.end(), std::make_pair(piece, (const Secret*)nullptr));
        return it != pieces_.end() && it->first == piece ? it->second : nullptr;
    }

private:
    static size_t slot(uint64_t piece) { return size_t((piece * 0x9e3779b97f4a7c15ULL) >> 48); }
    std::vector<std::pair<uint64_t, const Secret*>> pieces_;
    std::bitset<1 << 16> filter_;
};

void check_secrets(const std::vector<Event>& events, const std::set<std::string>& phones, const AppConfig& app, Violations& out) {
    using Secret = std::pair<const std::string, std::string>;  // value, what it is
    const std::map<std::string, std::string> secrets = secrets_of(events, phones, app);
    PieceTable<Secret> pieces;  // read each reply once, however many secrets there are
    std::vector<const Secret*> short_ones;
    for (const Secret& secret : secrets) {
        if (secret.first.size() < kSecretPiece) short_ones.push_back(&secret);
        for (size_t i = 0; i + kSecretPiece <= secret.first.size(); ++i) pieces.add(piece_at(secret.first, i), &secret);
    }
    pieces.seal();
    auto leaked = [&](const Event& e, std::string_view seen, const Secret& secret, std::string_view piece) {
        const auto& [value, what] = secret;
        const std::string which = seen.find(value) != std::string_view::npos
                                      ? what + " " + value
                                      : std::to_string(piece.size()) + " characters (\"" + std::string(piece) + "\") of " + what + " " + value;
        out.push_back(seen_at(e, "secrets-stay-server-side", which + " reached the client"));
    };
    for (const Event& e : events) {
        const bool to_client = e.kind == "http.response" && e.to == Actor::Client && e.http;
        if (!to_client && e.kind != "console") continue;
        const std::string_view seen = to_client ? e.http->response_body : e.text;
        for (size_t i = 0; i + kSecretPiece <= seen.size(); ++i)
            if (const Secret* hit = pieces.find(piece_at(seen, i))) return leaked(e, seen, *hit, seen.substr(i, kSecretPiece));
        for (const Secret* s : short_ones)
            if (seen.find(s->first) != std::string_view::npos) return leaked(e, seen, *s, s->first);
    }
}

void check_watermarks(const std::vector<Event>& events, const std::string& appid, Violations& out) {
    std::set<uint32_t> foreign;  // flows whose open data carried another app's watermark
    for (const Event& e : events) {
        if (e.kind == "profile.signed" && !e.links.value("watermark_appid").empty() && e.links.value("watermark_appid") != appid)
            foreign.insert(e.flow);
        // the app's success callback after it posted the open data: its server took them
        const bool accepted = e.kind == "action.ok" && e.links.value("action") == "profile_allow";
        if (accepted && foreign.count(e.flow))
            return out.push_back(seen_at(e, "watermark-checked", "the developer server accepted open data watermarked for another app"));
    }
}

void check_log(const std::vector<Event>& events, const AppConfig& app, Violations& out) {
    for (const Event& e : events) {
        if ((e.actor != Actor::DevServer && e.actor != Actor::CloudFunction) || e.http) continue;
        for (const std::string* s : {&app.secret, &app.donut.appsecret, &app.open.secret, &app.baidu.app_secret,
                                     &app.unicloud.function_secret, &app.unicloud.server_secret})
            if (!s->empty() && e.text.find(*s) != std::string::npos)
                return out.push_back(seen_at(e, "secret-not-logged", "the developer server logged a secret: " + e.text));
        for (const std::string& s : pack_secrets(app))
            if (e.text.find(s) != std::string::npos)
                return out.push_back(seen_at(e, "secret-not-logged", "the developer server logged a secret: " + e.text));
    }
}

void check_stuck(Engine& engine, const std::optional<ActionResult>& last, Violations& out) {
    if (engine.busy()) out.push_back({"never-stuck", "an action is still running after its step ended"});
    const UniverifyPageState page = engine.univerify_page();
    if (page.login_pending && !page.open)
        out.push_back({"never-stuck", "uni.login waits for a tap but the one-click page is closed"});
    const bool dialog = page.open || engine.profile_sheet_open() || engine.phone_sheet_open() || engine.wechat_auth_open() ||
                        engine.apple_sheet_open() || engine.baidu_dialog_open() ||
                        engine.avatar_sheet_open() || engine.profile_fill().keyboard || engine.pack_sheet();
    if (last && last->pending && !dialog)
        out.push_back({"never-stuck", last->action + " is still waiting but no dialog or page is open to settle it"});
}

}  // namespace

const std::vector<InvariantInfo>& invariant_catalog() { return kInvariants; }

std::vector<InvariantViolation> InvariantChecker::check(Engine& engine, const std::optional<ActionResult>& last) {
    phone_numbers_.insert(engine.environment().line.number);
    const std::vector<Event> events = engine.journal().all();
    Violations out;
    check_sessions(events, out);
    check_callbacks(events, out);
    check_errors(events, last, out);
    check_secrets(events, phone_numbers_, engine.config().app, out);
    check_watermarks(events, engine.config().app.appid, out);
    check_log(events, engine.config().app, out);
    check_stuck(engine, last, out);
    return out;
}

}  // namespace ls
