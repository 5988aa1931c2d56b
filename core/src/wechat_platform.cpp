#include "loginscope/wechat_platform.hpp"

#include <array>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "loginscope/catalog.hpp"
#include "loginscope/crypto.hpp"
#include "loginscope/platform_base.hpp"

namespace ls {

using nlohmann::json;

WeChatPlatform::WeChatPlatform(VirtualClock& clock, IdGenerator& ids, Journal& journal, WeChatPolicy policy)
    : clock_(clock), ids_(ids), journal_(journal), policy_(policy) {}

void WeChatPlatform::register_app(const WeChatApp& app) {
    std::lock_guard lock(mu_);
    for (auto& a : apps_)
        if (a.appid == app.appid) { a = app; return; }
    apps_.push_back(app);
}

std::vector<WeChatApp> WeChatPlatform::apps() const {
    std::lock_guard lock(mu_);
    return apps_;
}

void WeChatPlatform::set_policy(const WeChatPolicy& p) {
    std::lock_guard lock(mu_);
    policy_ = p;
}

void WeChatPlatform::set_high_risk(const std::string& user, bool on) {
    std::lock_guard lock(mu_);
    high_risk_[user] = on;
}

const WeChatApp* WeChatPlatform::find_app(const std::string& appid) const {
    for (auto& a : apps_)
        if (a.appid == appid) return &a;
    return nullptr;
}

std::string WeChatPlatform::user_key(const std::string& appid, const std::string& user) {
    std::string key;
    key.reserve(appid.size() + 1 + user.size());
    return key.append(appid).append(1, '/').append(user);
}

WeChatPlatform::UserSession& WeChatPlatform::session_for(const std::string& appid, const std::string& user) {
    return session_at(user_key(appid, user), appid, user);
}

WeChatPlatform::UserSession& WeChatPlatform::session_at(const std::string& key, const std::string& appid, const std::string& user) {
    UserSession& s = sessions_[key];
    if (s.openid.empty()) s.openid = openid_for(appid, user);
    return s;
}

std::string WeChatPlatform::openid_for(const std::string& appid, const std::string& user) {
    auto& id = openids_[appid + "/" + user];
    if (id.empty()) id = ids_.wechat_openid();  // openid: stable per (app, user)
    return id;
}

WeChatPlatform::Identity WeChatPlatform::identity(const std::string& appid, const std::string& user) {
    std::lock_guard lock(mu_);
    return {openid_for(appid, user), unionid_for(user)};
}

const std::string& WeChatPlatform::unionid_for(const std::string& user) {
    auto& u = unionids_[user];
    if (u.empty()) u = ids_.wechat_unionid();  // unionid: stable per user across apps
    return u;
}

std::optional<IssuedCode> WeChatPlatform::issue_code(const std::string& appid, const std::string& user, uint32_t flow) {
    std::lock_guard lock(mu_);
    if (!find_app(appid)) return std::nullopt;
    const int64_t now = clock_.now_ms();
    UserSession& s = session_for(appid, user);
    const std::string old_key = s.alive ? s.session_key : "";
    s.session_key = ids_.session_key();  // assumption: every wx.login rotates the key
    s.last_used_ms = now;
    s.alive = true;
    IssuedCode issued{ids_.wechat_code(), add_ms(now, policy_.code_ttl_ms), s.session_key};
    codes_.sweep(now);
    codes_.put(issued.code, {user, s.session_key}, issued.expires_at_ms, appid);

    Event e = platform_event(now, flow, Hop::ClientCall);
    e.to = Actor::Client;
    e.kind = "code.issued";
    e.text = "WeChat issued code " + issued.code + " (valid 5 min, single use)";
    e.links = {{"code", issued.code}, {"openid", s.openid}, {"session_key", s.session_key}, {"user", user}};
    e.starts = Lifetime{"code", issued.code, now, issued.expires_at_ms};
    journal_.record(std::move(e));

    Event k = platform_event(now, flow, Hop::ClientCall);
    k.kind = "session_key.issued";
    k.text = old_key.empty() ? "new session_key for " + s.openid
                             : "session_key replaced for " + s.openid + " (the old key is now invalid)";
    k.links = {{"session_key", s.session_key}, {"openid", s.openid}};
    k.starts = Lifetime{"session_key", s.session_key, now, add_ms(now, policy_.session_key_idle_ttl_ms)};
    if (!old_key.empty()) k.ends = old_key;
    journal_.record(std::move(k));
    return issued;
}

bool WeChatPlatform::check_session(const std::string& appid, const std::string& user, uint32_t flow) {
    std::lock_guard lock(mu_);
    auto it = sessions_.find(appid + "/" + user);
    const int64_t now = clock_.now_ms();
    if (it == sessions_.end() || !it->second.alive) return false;
    UserSession& s = it->second;
    if (now - s.last_used_ms >= policy_.session_key_idle_ttl_ms) {
        s.alive = false;
        Event e = platform_event(now, flow, Hop::SessionCheck);
        e.kind = "session_key.expired";
        e.text = "session_key unused for " + format_duration(now - s.last_used_ms) + ": expired";
        e.links = {{"session_key", s.session_key}, {"openid", s.openid}};
        e.ends = s.session_key;
        journal_.record(std::move(e));
        return false;
    }
    s.last_used_ms = now;
    return true;
}

HttpReply WeChatPlatform::error_reply(const std::string& code) {
    const CatalogEntry* e = find_catalog_entry("wechat", code);
    if (!e) e = find_catalog_entry_at(code, Hop::PlatformResponse);  // an injected code of a sibling API
    const std::string message = e ? e->message : "system error";
    json body{{"errcode", errcode_number(code)}, {"errmsg", message + ", rid: " + ids_.rid()}};
    return {200, body.dump()};  // WeChat answers errors with HTTP 200
}

bool WeChatPlatform::over_quota(UserSession& s) {
    const int64_t now_minute = clock_.now_ms() / 60000;
    if (s.quota_minute != now_minute) { s.quota_minute = now_minute; s.quota_calls = 0; }
    return ++s.quota_calls > policy_.quota_per_user_minute;
}

namespace {

// `s` as nlohmann::json::dump() writes a string; false (and `out` unusable) when `s` has a byte
// >= 0x80, which dump() checks as UTF-8 (such text is left to the library).
bool append_json_string(std::string& out, const std::string& s) {
    out += '"';
    // Per byte: 0 written as it is, 1 escaped, 2 not ASCII (left to the library).
    static const auto kClass = [] {
        std::array<unsigned char, 256> t{};
        for (int c = 0; c < 0x20; ++c) t[size_t(c)] = 1;
        t['"'] = t['\\'] = 1;
        for (int c = 0x80; c < 0x100; ++c) t[size_t(c)] = 2;
        return t;
    }();
    size_t plain_from = 0;  // runs that need no escape are appended whole
    for (size_t i = 0; i < s.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        if (kClass[c] == 0) continue;
        if (kClass[c] == 2) return false;
        out.append(s, plain_from, i - plain_from);
        plain_from = i + 1;
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\b': out += "\\b"; break;
            case '\f': out += "\\f"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default: {
                char esc[8];
                std::snprintf(esc, sizeof esc, "\\u%04x", c);
                out += esc;
            }
        }
    }
    out.append(s, plain_from, s.size() - plain_from);
    out += '"';
    return true;
}

}  // namespace

// Written directly: this is the hot path of `serve` (building and dumping a JSON object was 7 % of its profile).
std::string WeChatPlatform::session_answer(const std::string& openid, const std::string& session_key, const std::string* unionid) {
    std::string out;
    out.reserve(48 + openid.size() + session_key.size() + (unionid ? 12 + unionid->size() : 0));
    out += "{\"openid\":";
    bool plain = append_json_string(out, openid);
    out += ",\"session_key\":";
    plain = plain && append_json_string(out, session_key);
    if (unionid) {
        out += ",\"unionid\":";
        plain = plain && append_json_string(out, *unionid);
    }
    out += '}';
    if (plain) return out;
    json body{{"session_key", session_key}, {"openid", openid}};
    if (unionid) body["unionid"] = *unionid;
    return body.dump();
}

HttpReply WeChatPlatform::jscode2session(const HttpRequest& req, uint32_t flow, const std::string& forced) {
    std::lock_guard lock(mu_);
    auto param = [&](const char* k) -> const std::string& { return query_param(req, k); };
    const std::string &appid = param("appid"), &secret = param("secret"), &js_code = param("js_code");
    const int64_t now = clock_.now_ms();
    Event e = platform_event(now, flow, Hop::PlatformResponse);
    e.links.reserve(4);  // code, then openid, session_key, unionid
    e.links["code"] = js_code;
    auto reject = [&](const std::string& code, const std::string& why) {
        journal_rejection(journal_, e, "code2Session", code, why);
        return error_reply(code);
    };

    if (appid.empty()) return reject("41002", "no appid");
    if (secret.empty()) return reject("41004", "no secret");
    if (js_code.empty()) return reject("41008", "no js_code");
    if (param("grant_type") != "authorization_code") return reject("40002", "grant_type must be authorization_code");
    const WeChatApp* app = find_app(appid);
    if (!app) return reject("40013", "unknown appid");
    if (app->secret != secret) return reject("40125", "secret does not match the appid");
    const CodeStore::Seen code = codes_.seen(js_code, now, appid);
    if (!forced.empty()) {
        // Leave the code as the real platform would after that answer (assumptions():
        // wechat.code2session.injected_state): "been used" → used, "invalid" → gone.
        if (forced == "40163") codes_.use_up(js_code, now);
        if (forced == "40029") codes_.forget(js_code);
        return reject(forced, "injected fault");
    }

    switch (code.state) {
        case CodeStore::Take::Unknown: return reject("40029", "no such code for this app");
        case CodeStore::Take::Used: return reject("40163", "code already exchanged");
        case CodeStore::Take::Expired: return reject("40029", "code expired " + format_duration(now - code.expires_ms) + " ago");
        case CodeStore::Take::Ok: break;
    }
    const std::string user(code.user);
    std::string session_key(code.payload);  // the session_key of that login
    if (auto risk = high_risk_.find(user); risk != high_risk_.end() && risk->second) return reject("40226", "high-risk user");
    UserSession& s = session_at(user_key(appid, user), appid, user);
    if (over_quota(s)) return reject("45011", "more than " + std::to_string(policy_.quota_per_user_minute) + " calls this minute");

    codes_.use_up(code, now);
    if (app->unionid_bound && !s.unionid) s.unionid = &unionid_for(user);  // stable: unionids_ only grows until reset()
    const std::string* unionid = app->unionid_bound ? s.unionid : nullptr;
    std::string body = session_answer(s.openid, session_key, unionid);
    e.kind = "exchange.ok";
    e.text = "code2Session ok: code consumed, openid " + s.openid;
    e.links["openid"] = s.openid;
    if (session_key != s.session_key) e.text += " — this session_key was already replaced by a newer wx.login";
    e.links["session_key"] = std::move(session_key);
    if (unionid) e.links["unionid"] = *unionid;
    e.ends = js_code;
    journal_.record(std::move(e));
    return {200, std::move(body)};
}

std::optional<int64_t> WeChatPlatform::next_expiry(int64_t after_ms) const {
    std::lock_guard lock(mu_);
    std::optional<int64_t> best;
    auto consider = [&](int64_t t) {
        if (t > after_ms && (!best || t < *best)) best = t;
    };
    if (auto t = codes_.next_expiry(after_ms)) consider(*t);
    if (auto t = phone_codes_.next_expiry(after_ms)) consider(*t);
    for (auto& [k, s] : sessions_)
        if (s.alive) consider(add_ms(s.last_used_ms, policy_.session_key_idle_ttl_ms));
    return best;
}

std::string WeChatPlatform::current_session_key(const std::string& appid, const std::string& user) const {
    std::lock_guard lock(mu_);
    auto it = sessions_.find(appid + "/" + user);
    return it == sessions_.end() || !it->second.alive ? "" : it->second.session_key;
}

std::optional<int64_t> WeChatPlatform::code_used_at(const std::string& code) const {
    std::lock_guard lock(mu_);
    return codes_.used_at(code, clock_.now_ms());
}

void WeChatPlatform::sweep() {
    std::lock_guard lock(mu_);
    codes_.sweep(clock_.now_ms());
    phone_codes_.sweep(clock_.now_ms());
}

size_t WeChatPlatform::codes_held() const {
    std::lock_guard lock(mu_);
    return codes_.size();
}

std::string WeChatPlatform::openid_of(const std::string& appid, const std::string& user) const {
    std::lock_guard lock(mu_);
    auto it = sessions_.find(appid + "/" + user);
    return it == sessions_.end() ? "" : it->second.openid;
}

void WeChatPlatform::reset() {
    std::lock_guard lock(mu_);
    codes_.clear();
    phone_codes_.clear();
    phones_.clear();
    access_tokens_.clear();
    sessions_.clear();
    unionids_.clear();
    openids_.clear();
}

}  // namespace ls

// ---- server-side session APIs (§1.4, §1.5) --------------------------------------------------

namespace ls {

namespace {
constexpr int64_t kAccessTokenTtlMs = 7200 * 1000;  // [V] 2 h
constexpr int64_t kRefreshGraceMs = 5 * 60 * 1000;  // [V] old and new both valid for 5 min
}  // namespace

bool WeChatPlatform::access_token_valid(const std::string& appid, const std::string& token) const {
    auto it = access_tokens_.find(appid);
    if (it == access_tokens_.end() || token.empty()) return false;
    const int64_t now = clock_.now_ms();
    const AccessTokens& t = it->second;
    return (token == t.current && now < t.current_expires_ms) || (token == t.previous && now < t.previous_until_ms);
}

bool WeChatPlatform::access_token_valid_for(const std::string& appid, const std::string& token) const {
    std::lock_guard lock(mu_);
    return access_token_valid(appid, token);
}

HttpReply WeChatPlatform::get_access_token(const HttpRequest& req, uint32_t flow, const std::string& forced) {
    std::lock_guard lock(mu_);
    const std::string appid = query_param(req, "appid"), secret = query_param(req, "secret");
    const int64_t now = clock_.now_ms();
    auto reject = [&](const std::string& code, const std::string& why) {
        Event e = platform_event(now, flow, Hop::PlatformResponse);
        e.kind = "access_token.error";
        e.text = "cgi-bin/token rejected: " + code + " (" + why + ")";
        e.links = {{"errcode", code}};
        journal_.record(std::move(e));
        return error_reply(code);
    };
    if (query_param(req, "grant_type") != "client_credential") return reject("40002", "grant_type must be client_credential");
    if (appid.empty()) return reject("41002", "no appid");
    if (secret.empty()) return reject("41004", "no secret");
    const WeChatApp* app = find_app(appid);
    if (!app) return reject("40013", "unknown appid");
    if (app->secret != secret) return reject("40001", "AppSecret wrong");
    if (!forced.empty()) return reject(forced, "injected fault");
    AccessTokens& t = access_tokens_[appid];
    if (!t.current.empty()) {  // the old token lives on for the grace period
        t.previous = t.current;
        t.previous_until_ms = std::min(t.current_expires_ms, add_ms(now, kRefreshGraceMs));
    }
    t.current = std::to_string(80 + ids_.next() % 20) + "_" + ids_.alnum(133);
    t.current_expires_ms = add_ms(now, kAccessTokenTtlMs);
    Event e = platform_event(now, flow, Hop::PlatformResponse);
    e.kind = "access_token.issued";
    e.text = "access_token for " + appid + " (2 h)" + (t.previous.empty() ? "" : "; the previous one stays valid 5 min");
    e.links = {{"access_token", t.current}};
    e.starts = Lifetime{"access_token", t.current, now, t.current_expires_ms};
    journal_.record(std::move(e));
    return {200, json{{"access_token", t.current}, {"expires_in", kAccessTokenTtlMs / 1000}}.dump()};
}

WeChatPlatform::UserSession* WeChatPlatform::session_by_openid(const std::string& openid) {
    for (auto& [k, s] : sessions_)
        if (s.openid == openid) return &s;
    return nullptr;
}

std::string WeChatPlatform::signed_call_error(const HttpRequest& req, UserSession*& session) {
    std::string appid;
    for (auto& [a, t] : access_tokens_)
        if (access_token_valid(a, query_param(req, "access_token"))) appid = a;
    if (appid.empty()) return "40001";
    if (query_param(req, "sig_method") != "hmac_sha256") return "87008";
    session = session_by_openid(query_param(req, "openid"));
    if (!session || !session->alive) return "87009";
    // §1.4: the key is the session_key's base64 text, the message the (empty) body.
    if (hmac_sha256_hex(session->session_key, "") != query_param(req, "signature")) return "87009";
    return "";
}

HttpReply WeChatPlatform::check_session_key(const HttpRequest& req, uint32_t flow, const std::string& forced) {
    std::lock_guard lock(mu_);
    UserSession* s = nullptr;
    const std::string err = forced.empty() ? signed_call_error(req, s) : forced;
    Event e;
    e.t_ms = clock_.now_ms();
    e.flow = flow;
    e.actor = Actor::Platform;
    e.hop = Hop::PlatformResponse;
    e.kind = err.empty() ? "checksession.ok" : "checksession.error";
    e.text = err.empty() ? "wxa/checksession: the signature matches the live session_key" : "wxa/checksession rejected: " + err;
    e.links = {{"openid", query_param(req, "openid")}};
    if (!err.empty()) e.links["errcode"] = err;
    journal_.record(std::move(e));
    if (!err.empty()) return error_reply(err);
    return {200, json{{"errcode", 0}, {"errmsg", "ok"}}.dump()};
}

HttpReply WeChatPlatform::reset_session_key(const HttpRequest& req, uint32_t flow, const std::string& forced) {
    std::lock_guard lock(mu_);
    UserSession* s = nullptr;
    const std::string err = forced.empty() ? signed_call_error(req, s) : forced;
    const int64_t now = clock_.now_ms();
    Event e = platform_event(now, flow, Hop::PlatformResponse);
    e.links = {{"openid", query_param(req, "openid")}};
    if (!err.empty()) {
        e.kind = "resetsessionkey.error";
        e.text = "wxa/resetusersessionkey rejected: " + err;
        e.links["errcode"] = err;
        journal_.record(std::move(e));
        return error_reply(err);
    }
    const std::string old = s->session_key;
    s->session_key = ids_.session_key();  // same last use: the new key inherits the old expiry
    e.kind = "session_key.issued";
    e.text = "session_key reset by the server: the old key is invalid, the expiry is unchanged";
    e.links["session_key"] = s->session_key;
    e.ends = old;
    e.starts = Lifetime{"session_key", s->session_key, now, add_ms(s->last_used_ms, policy_.session_key_idle_ttl_ms)};
    journal_.record(std::move(e));
    return {200, json{{"errcode", 0}, {"errmsg", "ok"}, {"openid", s->openid}, {"session_key", s->session_key}}.dump()};
}

}  // namespace ls
