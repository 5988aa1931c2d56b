#include "loginscope/alipay.hpp"

#include <cctype>
#include <ctime>

#include <nlohmann/json.hpp>

#include "loginscope/baidu.hpp"  // parse_form
#include "loginscope/catalog.hpp"

namespace ls {

using nlohmann::json;
using nlohmann::ordered_json;

namespace {

constexpr const char* kErrorKey = "error_response";
constexpr int64_t kBeijingOffsetS = 8 * 3600;  // UTC+8 all year: China has no daylight saving time

// The gateway's errors. Sources: ALIDOCS / ALI-NODE (PLATFORM-FACTS-MORE §1.2); "2015 table" = the
// gateway's public error table of 2015/10/16 as mirrored on blog.csdn.net/zhangfeng1133/article/details/50437537
// (English msg per code, Chinese sub_msg); later tables (opendocs common/105806) reword the Chinese.
// The API's own errors come first: a fault naming a bare code ("40002") means the first row with it.
const std::vector<AlipayError> kErrors = {
    {"40002", "Invalid Arguments", "isv.code-invalid", "授权码code无效", "[V] wire: alipay-sdk-nodejs-all#122 (2024)"},
    {"40002", "Invalid Arguments", "isv.refresh-token-invalid", "刷新令牌错误或状态不对", "[D] developer.aliyun.com/ask/285673"},
    {"40002", "Invalid Arguments", "isv.refreshed-token-invalid", "该刷新令牌刷出的令牌已无效，请尝试用返回的令牌再次刷新",
     "[D] developer.aliyun.com/ask/285674 (punctuation [U])"},
    {"40001", "Missing Required Arguments", "isv.missing-app-id", "缺少AppID参数", "[D] 2015 table"},
    {"40001", "Missing Required Arguments", "isv.missing-method", "缺少方法名参数", "[D] 2015 table"},
    {"40001", "Missing Required Arguments", "isv.missing-signature", "缺少签名参数", "[D] 2015 table"},
    {"40001", "Missing Required Arguments", "isv.missing-signature-type", "缺少签名类型参数", "[D] 2015 table"},
    {"40001", "Missing Required Arguments", "isv.missing-timestamp", "缺少时间戳参数", "[D] later table"},
    {"40001", "Missing Required Arguments", "isv.missing-version", "缺少版本参数", "[D] later table"},
    {"40002", "Invalid Arguments", "isv.invalid-app-id", "无效的AppID参数", "[V] ALIDOCS; wire: fzlee/alipay#20"},
    {"40002", "Invalid Arguments", "isv.invalid-method", "不存在的方法名", "[D] later table"},
    {"40002", "Invalid Arguments", "isv.invalid-format", "无效的数据格式", "[D] later table"},
    {"40002", "Invalid Arguments", "isv.invalid-signature-type", "无效的签名类型", "[D] later table"},
    {"40002", "Invalid Arguments", "isv.invalid-timestamp", "非法的时间戳参数", "[D] later table"},
    {"40002", "Invalid Arguments", "isv.invalid-signature",
     "验签出错，建议检查签名字符串或签名私钥与应用公钥是否匹配，网关生成的验签字符串为：",
     "[V] ALI-NODE src/alipay.ts comment (a real response); the sign string follows"},
    {"40002", "Invalid Arguments", "isv.invalid-parameter", "参数无效", "[D] later table"},
    {"40003", "Insufficient Conditions", "isv.missing-signature-config", "应用未配置对应签名算法的公钥或者证书",
     "[D] wire (alipay.trade.precreate, 2018) in 52itstyle/spring-boot-pay README"},
    {"20000", "Service Currently Unavailable", "isp.unknow-error", "系统繁忙", "[D] 2015 table"},
    {"20000", "Service Currently Unavailable", "aop.unknow-error", "系统繁忙", "[D] 2015 table"},
    {"40006", "Insufficient Permissions", "isv.insufficient-isv-permissions", "ISV权限不足，建议在开发者中心检查签约是否已经生效",
     "[D] open.alitrip.com gateway table"},
};

std::string value(const std::map<std::string, std::string>& p, const char* k) {
    auto it = p.find(k);
    return it == p.end() ? std::string() : it->second;
}

// Every parameter of the request: the form body's (business params, or all of them from a client
// that posts everything), then the URL query's on top (system params; also business ones from
// clients that put them there). Over HTTP the host has already merged a form body into the query.
std::map<std::string, std::string> request_params(const HttpRequest& req) {
    std::map<std::string, std::string> p = parse_form(req.body);
    for (const auto& [k, v] : req.query) p[k] = v;
    return p;
}

// "yyyy-MM-dd HH:mm:ss", digits where digits go (the shape the docs require of `timestamp`).
bool timestamp_shaped(const std::string& t) {
    if (t.size() != 19) return false;
    for (size_t i = 0; i < t.size(); ++i) {
        const char want = i == 4 || i == 7 ? '-' : i == 10 ? ' ' : i == 13 || i == 16 ? ':' : '0';
        if (want == '0' ? !std::isdigit(static_cast<unsigned char>(t[i])) : t[i] != want) return false;
    }
    return true;
}

bool iequals(const std::string& a, const char* b) {
    size_t i = 0;
    for (; i < a.size() && b[i]; ++i)
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
    return i == a.size() && !b[i];
}

std::string mask(const std::string& secret) {
    return secret.size() <= 8 ? std::string(secret.size(), '*') : secret.substr(0, 4) + "****" + secret.substr(secret.size() - 4);
}

// The sign string as isv.invalid-signature's sub_msg quotes it. The real gateway HTML-escapes it: a
// captured response reads "app_id=2021000122671080&amp;charset=utf-8&amp;method=…" (ALI-NODE
// src/alipay.ts); that '<', '>' and '"' are escaped too is an assumption (a usual HTML escaper).
// Deviation on purpose: a refresh_token is quoted masked (LoginScope never echoes a token in an error).
std::string quoted_sign_content(std::map<std::string, std::string> p) {
    if (auto it = p.find("refresh_token"); it != p.end()) it->second = mask(it->second);
    std::string out;
    for (char c : alipay_sign_content(p)) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            default: out += c;
        }
    }
    return out;
}

// The end of the JSON value that starts at `from` (an object), strings and escapes respected;
// npos when it does not end.
size_t object_end(const std::string& s, size_t from) {
    int depth = 0;
    bool in_string = false;
    for (size_t i = from; i < s.size(); ++i) {
        const char c = s[i];
        if (in_string) {
            if (c == '\\') ++i;
            else if (c == '"') in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '{') {
            ++depth;
        } else if (c == '}' && --depth == 0) {
            return i + 1;
        }
    }
    return std::string::npos;
}

std::string form_encode(const std::map<std::string, std::string>& fields) {
    std::string out;
    for (const auto& [k, v] : fields) {
        if (v.empty()) continue;
        if (!out.empty()) out += '&';
        out += url_encode(k) + "=" + url_encode(v);
    }
    return out;
}

}  // namespace

const std::vector<AlipayError>& alipay_errors() { return kErrors; }

const AlipayError* find_alipay_error(const std::string& code) {
    for (const AlipayError& e : kErrors)
        if (code == e.sub_code) return &e;
    for (const AlipayError& e : kErrors)
        if (code == e.code) return &e;
    return nullptr;
}

std::string alipay_timestamp(int64_t virtual_ms) {
    const int64_t s = virtual_ms / 1000 - (virtual_ms % 1000 < 0 ? 1 : 0);  // floor
    const std::time_t t = std::time_t(assumed_int("wechat.profile.watermark_epoch") + s + kBeijingOffsetS);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
    return buf;
}

std::string alipay_sign_content(const std::map<std::string, std::string>& params) {
    std::string out;
    for (const auto& [k, v] : params) {  // std::map: byte order, which is ASCII order
        if (k == "sign" || v.empty()) continue;
        if (!out.empty()) out += '&';
        out += k + "=" + v;
    }
    return out;
}

HttpRequest alipay_token_request(const AlipayApp& app, const std::map<std::string, std::string>& business,
                                 const std::string& timestamp, const std::string& sign_type) {
    const std::map<std::string, std::string> system = {
        {"app_id", app.app_id}, {"method", AlipayPlatform::kMethod}, {"format", "JSON"}, {"charset", "utf-8"},
        {"sign_type", sign_type}, {"timestamp", timestamp}, {"version", "1.0"}};
    std::map<std::string, std::string> all = system;
    for (const auto& [k, v] : business) all[k] = v;
    HttpRequest r;
    r.method = "POST";
    r.path = "/gateway.do";
    r.query = system;
    r.query["sign"] = rsa_sign(app.private_key(), alipay_sign_content(all), sign_type).value_or("");
    r.headers["Content-Type"] = "application/x-www-form-urlencoded;charset=utf-8";
    r.body = form_encode(business);
    return r;
}

std::optional<std::string> alipay_response_object(const std::string& body, const std::string& key) {
    const std::string quoted = "\"" + key + "\"";
    size_t at = body.find(quoted);
    if (at == std::string::npos) return std::nullopt;
    at = body.find_first_not_of(" \t\r\n", at + quoted.size());
    if (at == std::string::npos || body[at] != ':') return std::nullopt;
    at = body.find_first_not_of(" \t\r\n", at + 1);
    if (at == std::string::npos || body[at] != '{') return std::nullopt;
    const size_t end = object_end(body, at);
    if (end == std::string::npos) return std::nullopt;
    return body.substr(at, end - at);
}

bool alipay_response_verified(const std::string& body, const std::string& platform_public_key, const std::string& sign_type) {
    const json j = json::parse(body, nullptr, false);
    if (!j.is_object() || !j.contains("sign") || !j["sign"].is_string()) return false;
    auto object = alipay_response_object(body, AlipayPlatform::kResponseKey);
    if (!object) object = alipay_response_object(body, kErrorKey);
    return object && rsa_verify(platform_public_key, *object, j["sign"].get<std::string>(), sign_type);
}

// ---- the platform ------------------------------------------------------------------------------

AlipayPlatform::AlipayPlatform(VirtualClock& clock, IdGenerator& ids, Journal& journal) : CodePlatform(clock, ids, journal) {}

// The demo pair is fetched outside the lock: generating it takes a while the first time.
std::string AlipayPlatform::platform_public_key() const {
    {
        std::lock_guard<std::mutex> lock(mu_);
        if (platform_keys_) return platform_keys_->public_pem;
    }
    return demo_platform_keys().public_pem;
}

std::string AlipayPlatform::platform_private_key() const {
    {
        std::lock_guard<std::mutex> lock(mu_);
        if (platform_keys_) return platform_keys_->private_pem;
    }
    return demo_platform_keys().private_pem;
}

void AlipayPlatform::set_platform_keys(const RsaKeyPair& keys) {
    std::lock_guard<std::mutex> lock(mu_);
    platform_keys_ = keys;
}

// ASSUMPTION alipay.auth_code.format: 28 lower-case hex digits, 2 capitals, 2 digits, as in every
// real code seen ("a8d6dcf6c3d44a038b16744141d7UE33", "6c47216a84444171bd75e03f2738SE61"); the doc's
// sample "4b203fe6c11548bcabd8da5bb087a83b" (32 hex) looks made up.
std::string AlipayPlatform::code_text() {
    std::string code = ids_.hex(28);
    for (int i = 0; i < 2; ++i) code += char('A' + ids_.next() % 26);
    for (int i = 0; i < 2; ++i) code += char('0' + ids_.next() % 10);
    return code;
}

// The identity this app gets for `user` (caller holds mu_). user_id: "2088" + 12 digits [V], the same
// for every app. open_id: per user per app; ASSUMPTION alipay.open_id.format: "0", 2 digits, 44
// base64url characters (47 in all), the shape of the doc sample "074a1CcTG1LelxKe4xQC0zgNdId0nxi95b5lsNpazWYoCo5"
// and of a real one "083luGU2ef8yeC95sroZ9WGyojnYtj3lBoBA6lY_2PlBrU4".
AlipayPlatform::Identity AlipayPlatform::identity(const std::string& user, const AlipayApp& app) {
    static const char kB64Url[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    auto digits = [&](int n) {
        std::string s;
        for (int i = 0; i < n; ++i) s += char('0' + ids_.next() % 10);
        return s;
    };
    const std::string& user_id = stable_id(user_ids_, user, [&] { return "2088" + digits(12); });
    if (!app.openid_mode) return {"user_id", user_id};
    const std::string& open_id = stable_id(open_ids_, app.app_id + '\n' + user, [&] {
        std::string s = "0" + digits(2);
        for (int i = 0; i < 44; ++i) s += kB64Url[ids_.next() % 64];
        return s;
    });
    return {"open_id", open_id};
}

std::pair<std::string, int64_t> AlipayPlatform::issue_code(const std::string& user, uint32_t flow, const std::string& scope) {
    const AlipayApp a = app();
    const bool asked = scope == "auth_user";
    const int64_t now = clock_.now_ms(), expires = add_ms(now, kCodeTtlMs);
    std::string code;
    Identity id;
    {
        std::lock_guard<std::mutex> lock(mu_);
        id = identity(user, a);
        openids_[user] = id.value;
        code = code_text();
        codes_.sweep(now);
        codes_.put(code, CodeStore::Grant{user, asked ? "auth_user" : "auth_base"}, expires, a.app_id);
    }
    Event e = code_issued_event(now, flow, asked ? Hop::Dialog : Hop::ClientCall, code, user, expires,
                                "Alipay issued auth code " + code + " (" + (asked ? "auth_user" : "auth_base") +
                                    ", valid 10 min, single use, for app " + a.app_id + ")");
    e.links[id.name] = id.value;
    journal_.record(std::move(e));
    return {code, expires};
}

HttpReply AlipayPlatform::gateway(const HttpRequest& req, uint32_t flow, const std::string& forced) {
    const Params p = request_params(req);
    const AlipayApp a = app();
    Event e = platform_event(clock_.now_ms(), flow, Hop::PlatformResponse);
    for (const char* k : {"app_id", "grant_type", "code"})
        if (!value(p, k).empty()) e.links[k] = value(p, k);
    // ASSUMPTION alipay.response.sign_type: the answer is signed with the request's sign_type (RSA2
    // when it names none): alipay-sdk verifies a response with its configured signType, the one it
    // signed the request with (ALI-NODE checkResponseSign), so an RSA app would fail otherwise.
    const std::string sign_type = rsa_sign_type_known(value(p, "sign_type")) ? value(p, "sign_type") : "RSA2";
    if (auto refused = refuse_request(p, a, e)) return deliver(*refused, sign_type);
    return deliver(grant(p, a, forced, e), sign_type);
}

// The gateway's own checks, before the API sees the request. ASSUMPTION alipay.gateway.check_order:
// missing params (app_id, method, sign, sign_type, timestamp, version, in that order), then the
// app_id, the method, format, sign_type, the timestamp's shape, and the signature.
// ASSUMPTION alipay.gateway.unsigned_errors: an answer about an app the gateway does not know (no
// app_id, an unknown one) carries no sign — real isv.invalid-app-id answers have none
// (fzlee/alipay#20, yansongda/pay#992) — every other answer is signed.
std::optional<AlipayPlatform::Answer> AlipayPlatform::refuse_request(const Params& p, const AlipayApp& app, Event& e) const {
    const bool known = value(p, "app_id") == app.app_id;
    static const std::pair<const char*, const char*> kRequired[] = {
        {"app_id", "isv.missing-app-id"}, {"method", "isv.missing-method"},       {"sign", "isv.missing-signature"},
        {"sign_type", "isv.missing-signature-type"}, {"timestamp", "isv.missing-timestamp"}, {"version", "isv.missing-version"}};
    for (const auto& [param, sub_code] : kRequired)
        if (value(p, param).empty()) return refuse(sub_code, std::string("no ") + param, e, "", known);
    if (!known) return refuse("isv.invalid-app-id", "unknown app_id", e, "", false);
    // ASSUMPTION alipay.gateway.other_methods: the simulated gateway knows one method; any other
    // is answered as a method that does not exist.
    if (value(p, "method") != kMethod) return refuse("isv.invalid-method", "only " + std::string(kMethod) + " is simulated", e);
    if (p.count("format") && !iequals(value(p, "format"), "json")) return refuse("isv.invalid-format", "format must be JSON", e);
    if (!rsa_sign_type_known(value(p, "sign_type"))) return refuse("isv.invalid-signature-type", "sign_type must be RSA2 or RSA", e);
    // ASSUMPTION alipay.gateway.timestamp_skew: only the shape is checked; the request's wall-clock
    // time is never compared with virtual time (a real SDK sends its machine's local time).
    if (!timestamp_shaped(value(p, "timestamp"))) return refuse("isv.invalid-timestamp", "timestamp is not yyyy-MM-dd HH:mm:ss", e);
    if (!rsa_verify(app.public_key(), alipay_sign_content(p), value(p, "sign"), value(p, "sign_type"))) {
        const AlipayError* err = find_alipay_error("isv.invalid-signature");
        return refuse("isv.invalid-signature", "the sign does not verify with the app's public key", e,
                      std::string(err->sub_msg) + quoted_sign_content(p));
    }
    return std::nullopt;
}

// The API itself, once the gateway let the request through.
AlipayPlatform::Answer AlipayPlatform::grant(const Params& p, const AlipayApp& app, const std::string& forced, Event& e) {
    const int64_t now = clock_.now_ms();
    std::lock_guard<std::mutex> lock(mu_);
    if (!forced.empty()) return forced_error(p, app, forced, e, now);
    const std::string grant_type = value(p, "grant_type");
    if (grant_type == "authorization_code") return exchange_code(p, app, e, now);
    if (grant_type == "refresh_token") return exchange_refresh_token(p, app, e, now);
    // ASSUMPTION alipay.oauth_token.bad_grant_type: a missing or unknown grant_type answers
    // isv.invalid-parameter (the gateway's generic bad-parameter sub_code; the real answer is not known).
    return refuse("isv.invalid-parameter", grant_type.empty() ? "no grant_type" : "grant_type is neither authorization_code nor refresh_token", e);
}

// A code presented for another app than the one it was issued to is unknown to this one: the docs
// list "code obtained with a different appid" among isv.code-invalid's causes [V].
AlipayPlatform::Answer AlipayPlatform::exchange_code(const Params& p, const AlipayApp& app, Event& e, int64_t now) {
    const std::string code = value(p, "code");
    if (code.empty()) return refuse("isv.code-invalid", "no code", e);
    const CodeStore::Seen s = codes_.seen(code, now, app.app_id);
    switch (s.state) {
        case CodeStore::Take::Unknown: return refuse("isv.code-invalid", "no such code for this app", e);
        case CodeStore::Take::Used: return refuse("isv.code-invalid", "code already used", e);
        case CodeStore::Take::Expired:
            return refuse("isv.code-invalid", "code expired " + format_duration(now - s.expires_ms) + " ago", e);
        case CodeStore::Take::Ok: break;
    }
    const std::string user(s.user), scope(s.payload);
    codes_.use_up(code, now);
    return issue_tokens(user, scope, app, e, now, code, "code");
}

// A refresh_token works once: the answer carries the next one. Presented again it answers
// isv.refreshed-token-invalid ("refresh_token在使用后会失效", developer.aliyun.com/ask/285674 [D]).
// ASSUMPTION alipay.refresh_token.errors: unknown, another app's or expired → isv.refresh-token-invalid;
// the access_token it was issued with stays valid until its own expiry.
AlipayPlatform::Answer AlipayPlatform::exchange_refresh_token(const Params& p, const AlipayApp& app, Event& e, int64_t now) {
    const std::string token = value(p, "refresh_token");
    if (token.empty()) return refuse("isv.refresh-token-invalid", "no refresh_token", e);
    const CodeStore::Seen s = refresh_tokens_.seen(token, now, app.app_id);
    switch (s.state) {
        case CodeStore::Take::Unknown: return refuse("isv.refresh-token-invalid", "no such refresh_token for this app", e);
        case CodeStore::Take::Used: return refuse("isv.refreshed-token-invalid", "refresh_token already used", e);
        case CodeStore::Take::Expired: return refuse("isv.refresh-token-invalid", "refresh_token expired", e);
        case CodeStore::Take::Ok: break;
    }
    const std::string user(s.user), scope(s.payload);
    refresh_tokens_.use_up(token, now);
    return issue_tokens(user, scope, app, e, now, token, "refresh_token");
}

// An injected fault: its error, the credential used up when the error says it is gone.
AlipayPlatform::Answer AlipayPlatform::forced_error(const Params& p, const AlipayApp& app, const std::string& forced, Event& e,
                                                    int64_t now) {
    const AlipayError* err = find_alipay_error(forced);
    const std::string sub_code = err ? err->sub_code : forced;
    if (sub_code == "isv.code-invalid") codes_.use_up(value(p, "code"), now);
    if (sub_code == "isv.refresh-token-invalid" || sub_code == "isv.refreshed-token-invalid")
        refresh_tokens_.use_up(value(p, "refresh_token"), now);
    return refuse(sub_code, "injected fault", e);
}

// A new access_token and refresh_token for `user` (caller holds mu_). ASSUMPTION alipay.token.format:
// "authusrB" (auth_user) or "authbseB" (auth_base), 29 hex digits, "X", 2 digits shared by the pair —
// the shape of every real token seen ("authusrB94739c226e9c400196af5bc4740a9X01").
AlipayPlatform::Answer AlipayPlatform::issue_tokens(const std::string& user, const std::string& scope, const AlipayApp& app,
                                                    Event& e, int64_t now, const std::string& consumed,
                                                    const char* consumed_kind) {
    const std::string prefix = scope == "auth_user" ? "authusrB" : "authbseB";
    const std::string shard = "X" + std::to_string(ids_.next() % 10) + std::to_string(ids_.next() % 10);
    const std::string access = prefix + ids_.hex(29) + shard, refresh = prefix + ids_.hex(29) + shard;
    const int64_t access_expires = add_ms(now, seconds_to_ms(kAccessTokenTtlS));
    access_tokens_.put(access, CodeStore::Grant{user, scope}, access_expires, app.app_id);
    refresh_tokens_.put(refresh, CodeStore::Grant{user, scope}, add_ms(now, seconds_to_ms(kRefreshTokenTtlS)), app.app_id);
    const Identity id = identity(user, app);
    openids_[user] = id.value;
    // The field order and the numbers of real responses (PLATFORM-FACTS-MORE §1.2): expires_in and
    // re_expires_in are JSON numbers on the wire although the SDKs' response classes type them String.
    ordered_json o = {{"access_token", access},         {"auth_start", alipay_timestamp(now)},
                      {"expires_in", kAccessTokenTtlS}, {"re_expires_in", kRefreshTokenTtlS},
                      {"refresh_token", refresh},       {id.name, id.value}};
    // ASSUMPTION alipay.union_id.format: no real union_id was found; "0", a digit, 45 alphanumerics
    // (the open_id's length), the same for every app of the developer.
    if (app.union_id_bound)
        o["union_id"] = stable_id(union_ids_, user, [&] { return "0" + std::to_string(ids_.next() % 10) + ids_.alnum(45); });
    e.starts = Lifetime{"access_token", access, now, access_expires};
    journal_acceptance(journal_, e, std::string(kMethod) + " ok: " + id.name + " " + id.value + " (" + consumed_kind + " consumed)",
                       {{id.name, id.value}, {"access_token", access}, {"refresh_token", refresh}}, consumed);
    return {kResponseKey, o.dump(), true};
}

// An error answer, journaled. The texts come from the error table; `sub_msg` replaces its sub_msg.
// ASSUMPTION alipay.error.field_order: msg, code, sub_msg, sub_code — a real oauth.token error of
// 2024 (alipay-sdk-nodejs-all#122); older captures (2020) read code, msg, sub_code, sub_msg.
AlipayPlatform::Answer AlipayPlatform::refuse(const std::string& sub_code, const std::string& why, Event& e,
                                              const std::string& sub_msg, bool sign) const {
    const AlipayError* err = find_alipay_error(sub_code);
    if (err && sub_code != err->sub_code) err = nullptr;  // a bare code ("20000") was resolved earlier
    const ordered_json o = {{"msg", err ? err->msg : "Business Failed"},
                            {"code", err ? err->code : "40004"},
                            {"sub_msg", !sub_msg.empty() ? sub_msg : err ? err->sub_msg : ""},
                            {"sub_code", sub_code}};
    journal_rejection(journal_, e, kMethod, sub_code, why, "sub_code");
    // The quoted sign string may carry a request's bytes, which need not be UTF-8: U+FFFD stands in.
    return {kErrorKey, o.dump(-1, ' ', false, json::error_handler_t::replace), sign};
}

// The body as sent: the object, then the platform's sign over exactly its bytes. ASSUMPTION
// alipay.error.signed: error_response is signed too — real ones carry a sign (alipay-sdk-nodejs-all#122,
// anerg2046/sns_auth#39); alipay-sdk 4.14.0 cannot verify one anyway (it looks for the method's key).
HttpReply AlipayPlatform::deliver(const Answer& a, const std::string& sign_type) const {
    std::string body = "{\"" + a.key + "\":" + a.object;
    if (a.sign)
        if (auto s = rsa_sign(platform_private_key(), a.object, sign_type)) body += ",\"sign\":\"" + *s + "\"";
    body += "}";
    // HTTP 200 for every business error, and the gateway's own content type (a real response's
    // headers, alipay-sdk-nodejs-all#122).
    return {200, std::move(body), "text/html;charset=utf-8"};
}

std::string AlipayPlatform::user_id_of(const std::string& user) const {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = user_ids_.find(user);
    return it == user_ids_.end() ? "" : it->second;
}

std::string AlipayPlatform::open_id_of(const std::string& user, const std::string& app_id) const {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = open_ids_.find(app_id + '\n' + user);
    return it == open_ids_.end() ? "" : it->second;
}

std::string AlipayPlatform::union_id_of(const std::string& user) const {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = union_ids_.find(user);
    return it == union_ids_.end() ? "" : it->second;
}

bool AlipayPlatform::access_token_alive(const std::string& token) const {
    std::lock_guard<std::mutex> lock(mu_);
    return access_tokens_.seen(token, clock_.now_ms(), app_.app_id).state == CodeStore::Take::Ok;
}

void AlipayPlatform::reset() {
    CodePlatform::reset();
    std::lock_guard<std::mutex> lock(mu_);
    refresh_tokens_.clear();
    access_tokens_.clear();
    user_ids_.clear();
    open_ids_.clear();
    union_ids_.clear();
}

}  // namespace ls
