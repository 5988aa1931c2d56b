#include "loginscope/developer_server.hpp"

#include <nlohmann/json.hpp>

#include "loginscope/code_store.hpp"
#include "loginscope/crypto.hpp"
#include "loginscope/open_data.hpp"
#include "loginscope/platform_pack.hpp"
#include "loginscope/unicloud.hpp"
#include "loginscope/univerify.hpp"

namespace ls {

using nlohmann::json;

namespace {
// A reply may carry text the platform chose (an errmsg, which need not be UTF-8): text that is not
// UTF-8 is sent with U+FFFD rather than failing the request.
HttpReply json_reply(int status, const json& body) {
    return {status, body.dump(-1, ' ', false, json::error_handler_t::replace)};
}

std::string bearer_token(const HttpRequest& req) {
    auto it = req.headers.find("Authorization");
    const std::string prefix = "Bearer ";
    if (it == req.headers.end() || it->second.compare(0, prefix.size(), prefix) != 0) return "";
    return it->second.substr(prefix.size());
}
}  // namespace

DeveloperServer::DeveloperServer(VirtualClock& clock, IdGenerator& ids, Journal& journal, DeveloperServerConfig cfg,
                                 PlatformCall to_platform, PlatformCall to_cloud_function)
    : clock_(clock),
      ids_(ids),
      journal_(journal),
      cfg_(std::move(cfg)),
      to_platform_(std::move(to_platform)),
      to_cloud_function_(std::move(to_cloud_function)),
      memory_ms_(dead_code_memory_ms()) {}

void DeveloperServer::set_config(const DeveloperServerConfig& cfg) {
    std::lock_guard<std::mutex> lock(mu_);
    cfg_ = cfg;
}

void DeveloperServer::note(uint32_t flow, Hop hop, std::string kind, std::string text,
                           Links links) {
    Event e;
    e.t_ms = clock_.now_ms();
    e.flow = flow;
    e.actor = Actor::DevServer;
    e.hop = hop;
    e.kind = std::move(kind);
    e.text = std::move(text);
    e.links = std::move(links);
    journal_.record(std::move(e));
}

HttpReply DeveloperServer::handle(const HttpRequest& req, uint32_t flow) {
    if (req.method == "POST") {
        if (req.path == "/api/login") return code_login(req, flow, &DeveloperServer::jscode2session, "/api/login");
        if (req.path == "/api/app/login") return code_login(req, flow, &DeveloperServer::code2verifyinfo, "/api/app/login");
        if (req.path == "/api/open/login") return code_login(req, flow, &DeveloperServer::oauth2_access_token, "/api/open/login");
        if (req.path == "/api/baidu/login") return code_login(req, flow, &DeveloperServer::jscode2sessionkey, "/api/baidu/login");
        if (req.path == "/api/univerify/login") return univerify_login(req, flow);
        if (req.path == "/api/profile") return profile(req, flow);
        if (req.path == "/api/phone") return phone_number(req, flow);
        if (req.path == "/api/session/check") return signed_session_call(req, flow, "/wxa/checksession");
        if (req.path == "/api/session/reset") return signed_session_call(req, flow, "/wxa/resetusersessionkey");
    }
    if (req.path == "/api/me" && req.method == "GET") return me(req, flow);
    bool pack = false;
    if (req.method == "POST")
        if (HttpReply r = pack_login(req, flow, &pack); pack) return r;
    return json_reply(404, {{"error", "not_found"}, {"path", req.path}});
}

DeveloperServerConfig DeveloperServer::config() const {
    std::lock_guard<std::mutex> lock(mu_);
    return cfg_;
}

// Every call to a platform goes through here; with log-secret on, the server logs the request as
// sent, AppSecret and all (the mistake of logging outgoing URLs verbatim).
TransportResult DeveloperServer::call_platform(const HttpRequest& req, uint32_t flow) {
    const DeveloperServerConfig cfg = config();
    if (cfg.flaws.count(Flaw::LogSecret)) {
        std::string line = req.method + " " + req.path;
        char sep = '?';
        for (auto& [k, v] : req.query) line += sep + k + "=" + v, sep = '&';
        if (!req.body.empty()) line += " " + req.body;
        note(flow, Hop::DevToPlatform, "flaw.secret_logged", "server log: " + line, {{"flaw", to_string(Flaw::LogSecret)}});
    }
    return to_platform_(req, flow);
}

HttpReply DeveloperServer::code_login(const HttpRequest& req, uint32_t flow, Exchange exchange, const char* endpoint) {
    return code_login(req, flow, [this, exchange](const std::string& code, const DeveloperServerConfig& cfg, uint32_t f) {
        return (this->*exchange)(code, cfg, f);
    }, endpoint);
}

// A pack's exchange (PlatformPack::exchange) with this server's copy of its app, through call_platform.
HttpReply DeveloperServer::pack_login(const HttpRequest& req, uint32_t flow, bool* handled) {
    *handled = false;
    for (const PlatformPack& pack : platform_packs()) {
        if (req.path != pack.login_path) continue;
        *handled = true;
        return code_login(req, flow, [this, &pack](const std::string& code, const DeveloperServerConfig& cfg, uint32_t f) -> Exchanged {
            auto app = cfg.pack_apps.find(pack.id);
            const PackApp given = app == cfg.pack_apps.end() ? PackApp{} : app->second;
            PackExchange x = pack.exchange(code, given, [&](const HttpRequest& r) { return call_platform(r, f); }, clock_.now_ms());
            if (x.no_answer) return {std::nullopt, {}, exchange_failed(f, code, *x.no_answer)};
            if (!x.session) {
                note(f, Hop::PlatformResponse, "login.rejected", x.why, {{"code", code}});
                return {std::nullopt, {}, x.rejection};
            }
            return {x.session, json::object(), {}};
        }, pack.login_path);
    }
    return {};
}

HttpReply DeveloperServer::code_login(const HttpRequest& req, uint32_t flow, const ExchangeFn& exchange, const char* endpoint) {
    const json in = json::parse(req.body, nullptr, false);
    if (!in.is_object() || !in.contains("code") || !in["code"].is_string() || in["code"].get<std::string>().empty()) {
        note(flow, Hop::ClientToDev, "login.rejected", std::string("POST ") + endpoint + " without a code");
        return json_reply(400, {{"error", "missing_code"}});
    }
    const std::string code = in["code"];
    const std::string claimed = in.contains("openid") && in["openid"].is_string() ? in["openid"].get<std::string>() : "";
    const DeveloperServerConfig cfg = config();
    std::optional<Exchanged> done;
    if (cfg.flaws.count(Flaw::AcceptReusedCode)) {
        std::lock_guard<std::mutex> lock(mu_);
        auto it = exchange_cache_.find(code);
        if (it != exchange_cache_.end() && clock_.now_ms() < it->second.forgotten_at_ms) done = it->second.answer;
    }
    if (done) {
        note(flow, Hop::ClientToDev, "flaw.cached_exchange",
             "FLAW accept-reused-code: code " + code + " answered from the cache, WeChat was not asked",
             {{"code", code}, {"flaw", to_string(Flaw::AcceptReusedCode)}});
    } else {
        done = exchange(code, cfg, flow);
        if (done->session && cfg.flaws.count(Flaw::AcceptReusedCode)) {
            std::lock_guard<std::mutex> lock(mu_);
            const int64_t now = clock_.now_ms(), forgotten_at = saturating_add(now, memory_ms_);
            sweep_locked(now);
            exchange_cache_[code] = {*done, forgotten_at};
            forgetting_answers_.emplace_back(forgotten_at, code);
        }
    }
    if (!done->session) return done->rejection;
    DevSession s = *done->session;
    if (!claimed.empty() && claimed != s.openid) {
        const bool trust = cfg.flaws.count(Flaw::TrustClientOpenid) > 0;
        note(flow, Hop::ClientToDev, trust ? "flaw.client_openid_trusted" : "login.client_openid_ignored",
             trust ? "FLAW trust-client-openid: the client claimed openid " + claimed + "; WeChat said " + s.openid +
                         " — the session is issued for the claimed one"
                   : "the client claimed openid " + claimed + "; ignored, WeChat's answer (" + s.openid + ") wins",
             {{"code", code}, {"openid", claimed}});
        if (trust) s.openid = claimed, s.unionid.clear();
    }
    return issue_session(flow, std::move(s), code, done->extra);
}

DeveloperServer::Exchanged DeveloperServer::rejected(uint32_t flow, const std::string& api, const std::string& code, int errcode,
                                                     const std::string& errmsg, const char* error) {
    note(flow, Hop::PlatformResponse, "login.rejected", api + " failed: " + std::to_string(errcode) + " " + errmsg,
         {{"code", code}, {"errcode", std::to_string(errcode)}});
    return {std::nullopt, json::object(), json_reply(401, {{"error", error}, {"errcode", errcode}, {"errmsg", errmsg}})};
}

DeveloperServer::Asked DeveloperServer::ask_platform(const HttpRequest& ex, uint32_t flow, const std::string& code, bool any_status) {
    const TransportResult r = call_platform(ex, flow);
    json body = r.ok() && (any_status || r.reply->status == 200) ? json::parse(r.reply->body, nullptr, false) : json();
    if (!body.is_object()) return {json(), exchange_failed(flow, code, r)};
    return {std::move(body), std::nullopt};
}

// §1.2: GET /sns/jscode2session.
DeveloperServer::Exchanged DeveloperServer::jscode2session(const std::string& code, const DeveloperServerConfig& cfg, uint32_t flow) {
    HttpRequest ex;
    ex.path = "/sns/jscode2session";
    ex.query = {{"appid", cfg.appid}, {"secret", cfg.secret}, {"js_code", code}, {"grant_type", "authorization_code"}};
    const Asked asked = ask_platform(ex, flow, code);
    if (asked.failed) return {std::nullopt, {}, *asked.failed};
    const json& body = asked.body;
    if (body.value("errcode", 0) != 0 || !body.contains("openid") || !body.contains("session_key"))
        return rejected(flow, "code2Session", code, body.value("errcode", -1), body.value("errmsg", ""), "code2session_failed");
    DevSession s;
    s.openid = body["openid"];
    s.unionid = body.value("unionid", "");
    s.session_key = body["session_key"];  // kept server-side only
    return {s, json::object(), {}};
}

// §2: the multi-terminal app's own access_token, then GET /donut/code2verifyinfo with everything in
// the query (the parameter is "appsecret").
DeveloperServer::Exchanged DeveloperServer::code2verifyinfo(const std::string& code, const DeveloperServerConfig& cfg, uint32_t flow) {
    const auto token = access_token(flow, cfg.donut_appid, cfg.donut_appsecret);
    if (!token) return {std::nullopt, {}, json_reply(502, {{"error", "no_access_token"}})};
    HttpRequest ex;
    ex.path = "/donut/code2verifyinfo";
    ex.query = {{"access_token", *token}, {"appid", cfg.donut_appid}, {"appsecret", cfg.donut_appsecret},
                {"code", code}, {"grant_type", "authorization_code"}};
    const Asked asked = ask_platform(ex, flow, code);
    if (asked.failed) return {std::nullopt, {}, *asked.failed};
    const json& body = asked.body;
    if (body.value("errcode", -1) != 0 || !body.contains("user_info"))
        return rejected(flow, "code2verifyinfo", code, body.value("errcode", -1), body.value("errmsg", ""), "code2verifyinfo_failed");
    const json& app = body["user_info"].value("openapp_info", json::object());
    DevSession s;
    s.openid = app.value("openid", "");
    s.unionid = app.value("unionid", "");
    return {s, json{{"user_id", body["user_info"].value("user_id", "")}}, {}};
}

// uni.login weixin with onlyAuthorize: the server, not the app, holds the secret (§6.1).
DeveloperServer::Exchanged DeveloperServer::oauth2_access_token(const std::string& code, const DeveloperServerConfig& cfg, uint32_t flow) {
    HttpRequest ex;
    ex.path = "/sns/oauth2/access_token";
    ex.query = {{"appid", cfg.open_appid}, {"secret", cfg.open_secret}, {"code", code}, {"grant_type", "authorization_code"}};
    const Asked asked = ask_platform(ex, flow, code);
    if (asked.failed) return {std::nullopt, {}, *asked.failed};
    const json& body = asked.body;
    if (!body.contains("openid"))
        return rejected(flow, "sns/oauth2/access_token", code, body.value("errcode", -1), body.value("errmsg", ""), "oauth2_failed");
    DevSession s;
    s.openid = body["openid"];
    s.unionid = body.value("unionid", "");
    return {s, json::object(), {}};
}

// §4.3: POST, form-encoded code, client_id (AppKey), sk (AppSecret); errors in Baidu's OAuth shape.
DeveloperServer::Exchanged DeveloperServer::jscode2sessionkey(const std::string& code, const DeveloperServerConfig& cfg, uint32_t flow) {
    HttpRequest ex;
    ex.method = "POST";
    ex.path = "/oauth/jscode2sessionkey";
    ex.headers["Content-Type"] = "application/x-www-form-urlencoded";
    ex.body = "code=" + url_encode(code) + "&client_id=" + url_encode(cfg.baidu_app_key) + "&sk=" + url_encode(cfg.baidu_secret);
    const Asked asked = ask_platform(ex, flow, code, true);  // Baidu answers its OAuth errors with 4xx
    if (asked.failed) return {std::nullopt, {}, *asked.failed};
    const json& body = asked.body;
    if (!body.contains("openid")) {
        const std::string error = body.value("error", ""), description = body.value("error_description", "");
        note(flow, Hop::PlatformResponse, "login.rejected", "jscode2sessionkey failed: " + error + " " + description,
             {{"code", code}, {"error", error}});
        return {std::nullopt, {},
                json_reply(401, {{"error", "jscode2sessionkey_failed"}, {"oauth_error", error}, {"error_description", description},
                                 {"detail", error + ": " + description}})};
    }
    DevSession s;
    s.openid = body["openid"];
    s.session_key = body.value("session_key", "");  // kept server-side only
    return {s, json::object(), {}};
}

// Stores the session and answers with our own token; `extra` joins the reply (never a secret).
HttpReply DeveloperServer::issue_session(uint32_t flow, DevSession s, const std::string& credential, json extra) {
    const DeveloperServerConfig cfg = config();
    const int64_t ttl = cfg.token_ttl_ms;
    s.token = ids_.token("tok_");
    s.expires_at_ms = add_ms(clock_.now_ms(), ttl);
    Event e;
    e.t_ms = clock_.now_ms();
    e.flow = flow;
    e.actor = Actor::DevServer;
    e.hop = Hop::ClientToDev;
    e.kind = "token.issued";
    e.text = s.phone.empty() ? "developer server stored openid + session_key and issued its own token"
                             : "developer server stored the phone number and issued its own token";
    e.links = {{"code", credential}, {"openid", s.openid}, {"token", s.token}};
    if (!s.session_key.empty()) e.links["session_key"] = s.session_key;
    if (!s.unionid.empty()) e.links["unionid"] = s.unionid;
    e.starts = Lifetime{"token", s.token, e.t_ms, s.expires_at_ms};
    journal_.record(std::move(e));
    extra["token"] = s.token;
    extra["expires_in"] = ttl / 1000;
    if (cfg.flaws.count(Flaw::LeakSessionKey) && !s.session_key.empty()) {
        extra["session_key"] = s.session_key;
        note(flow, Hop::ClientToDev, "flaw.session_key_leaked", "FLAW leak-session-key: the reply carries session_key to the client",
             {{"session_key", s.session_key}, {"openid", s.openid}, {"flaw", to_string(Flaw::LeakSessionKey)}});
    }
    {
        std::lock_guard<std::mutex> lock(mu_);
        sweep_locked(clock_.now_ms());
        forgetting_sessions_.emplace_back(saturating_add(s.expires_at_ms, memory_ms_), s.token);
        latest_by_openid_[s.openid] = s.token;
        sessions_[s.token] = std::move(s);
    }
    return json_reply(200, extra);
}

std::optional<std::string> DeveloperServer::access_token(uint32_t flow, const std::string& appid, const std::string& secret) {
    HttpRequest tok;  // §1.5
    tok.path = "/cgi-bin/token";
    tok.query = {{"grant_type", "client_credential"}, {"appid", appid}, {"secret", secret}};
    const TransportResult t = call_platform(tok, flow);
    const json token = t.ok() ? json::parse(t.reply->body, nullptr, false) : json();
    if (!token.is_object() || !token.contains("access_token")) return std::nullopt;
    return token["access_token"].get<std::string>();
}

HttpReply DeveloperServer::signed_session_call(const HttpRequest& req, uint32_t flow, const std::string& api) {
    const std::optional<Caller> who = caller(req);
    if (!who) return json_reply(401, {{"error", "invalid_token"}});
    const auto& [s, cfg] = *who;
    const auto token = access_token(flow, cfg.appid, cfg.secret);
    if (!token) return json_reply(502, {{"error", "no_access_token"}});
    HttpRequest call;  // §1.4: signature = hmac_sha256(key = the session_key text, message = "" for GET)
    call.path = api;
    call.query = {{"access_token", *token}, {"openid", s.openid}, {"signature", hmac_sha256_hex(s.session_key, "")},
                  {"sig_method", "hmac_sha256"}};
    const TransportResult r = call_platform(call, flow);
    const json body = r.ok() ? json::parse(r.reply->body, nullptr, false) : json();
    if (!body.is_object()) return exchange_failed(flow, s.openid, r);
    const int errcode = body.value("errcode", -1);
    if (errcode != 0) {
        note(flow, Hop::PlatformResponse, "login.rejected", api + " failed: " + std::to_string(errcode) + " " + body.value("errmsg", ""),
             {{"openid", s.openid}, {"errcode", std::to_string(errcode)}});
        return json_reply(401, {{"error", "session_check_failed"}, {"errcode", errcode}, {"errmsg", body.value("errmsg", "")}});
    }
    if (body.contains("session_key")) {  // reset: the server keeps the new key
        std::lock_guard<std::mutex> lock(mu_);
        auto it = sessions_.find(bearer_token(req));
        if (it != sessions_.end()) it->second.session_key = body["session_key"];
    }
    return json_reply(200, {{"ok", true}});
}

// univerify: getPhoneNumber runs only inside uniCloud, so the server asks the app's URL-ized cloud
// function (DCloud's "通过传统服务器连接uniCloud云函数"): GET with access_token, openid and their sign.
HttpReply DeveloperServer::univerify_login(const HttpRequest& req, uint32_t flow) {
    const json in = json::parse(req.body, nullptr, false);
    auto field = [&](const char* k) {
        return in.is_object() && in.contains(k) && in[k].is_string() ? in[k].get<std::string>() : std::string();
    };
    const std::string token = field("access_token"), openid = field("openid");
    if (token.empty() || openid.empty()) {
        note(flow, Hop::ClientToDev, "login.rejected", "POST /api/univerify/login without access_token and openid");
        return json_reply(400, {{"error", "missing_access_token"}});
    }
    HttpRequest call;
    call.path = cloud_function_path();
    call.query = {{"access_token", token}, {"openid", openid}};
    call.query["sign"] = unicloud_sign(call.query, config().unicloud_secret);
    return phone_from_cloud_function(flow, token, openid, to_cloud_function_(call, flow));
}

// The function returns getPhoneNumber's result as it is: the number, or DCloud's error code.
HttpReply DeveloperServer::phone_from_cloud_function(uint32_t flow, const std::string& token, const std::string& openid,
                                                     const TransportResult& r) {
    if (!r.ok() || r.reply->status != 200) return cloud_function_failed(flow, token, r);
    const json body = json::parse(r.reply->body, nullptr, false);
    if (!body.is_object()) return cloud_function_failed(flow, token, r);
    if (body.value("code", -1) != 0 || !body.contains("phoneNumber") || !body["phoneNumber"].is_string()) {
        const int code = body.contains("code") && body["code"].is_number_integer() ? body["code"].get<int>() : -1;
        const std::string message = body.contains("message") && body["message"].is_string() ? body["message"].get<std::string>() : "";
        note(flow, Hop::DevToCloudFunction, "login.rejected", "getPhoneNumber failed: " + std::to_string(code) + " " + message,
             {{"code", token}, {"errcode", std::to_string(code)}});
        return json_reply(401, {{"error", "get_phone_number_failed"}, {"errcode", code}, {"errmsg", message}});
    }
    DevSession s;
    s.openid = openid;
    s.phone = body["phoneNumber"];  // kept server-side: the client only ever sees it masked
    const std::string masked = mask_phone(s.phone);
    return issue_session(flow, std::move(s), token, json{{"phone", masked}});
}

// As exchange_failed, for the cloud function: the client learns what kind of failure it was, never
// the function's bytes nor its message (which may name what the function checked).
HttpReply DeveloperServer::cloud_function_failed(uint32_t flow, const std::string& token, const TransportResult& r) {
    const Links links{{"code", token}};
    if (!r.ok()) {
        const bool timeout = r.error == "timeout";
        note(flow, Hop::DevToCloudFunction, "login.rejected", "the cloud function: " + r.error, links);
        return json_reply(timeout ? 504 : 502,
                          {{"error", timeout ? "cloud_function_timeout" : "cloud_function_unreachable"}, {"detail", r.error}});
    }
    const json body = json::parse(r.reply->body, nullptr, false);
    if (r.reply->status != 200) {
        const std::string message = body.is_object() && body.contains("message") && body["message"].is_string() ? body["message"].get<std::string>() : "";
        note(flow, Hop::DevToCloudFunction, "login.rejected",
             "the cloud function answered HTTP " + std::to_string(r.reply->status) + (message.empty() ? "" : ": " + message), links);
        return json_reply(502, {{"error", "cloud_function_failed"}, {"status", r.reply->status}});
    }
    const std::string what = "reply (HTTP 200, " + std::to_string(r.reply->body.size()) + " bytes) is not JSON";
    note(flow, Hop::DevToCloudFunction, "login.rejected", "the cloud function's " + what, links);
    return json_reply(502, {{"error", "bad_cloud_function_reply"}, {"detail", "the cloud function's " + what}});
}

// The client learns that the platform's answer was unusable and how, never its bytes: a reply garbled
// or cut in transit still carries the openid and the session_key or an access_token (issue 13: this
// 502 once quoted the first 64 bytes). The journal's http.response keeps the reply for the inspector.
HttpReply DeveloperServer::exchange_failed(uint32_t flow, const std::string& code, const TransportResult& r) {
    Links links{{"code", code}};
    if (!r.ok()) {  // r.error is the transport's own word ("timeout", "connection closed"), not the peer's
        const bool timeout = r.error == "timeout";
        note(flow, Hop::DevToPlatform, "login.rejected", "code2Session " + r.error, links);
        return json_reply(timeout ? 504 : 502, {{"error", timeout ? "platform_timeout" : "platform_unreachable"}, {"detail", r.error}});
    }
    if (r.reply->status != 200) {
        note(flow, Hop::PlatformResponse, "login.rejected", "code2Session answered HTTP " + std::to_string(r.reply->status), links);
        return json_reply(502, {{"error", "platform_http_status"}, {"status", r.reply->status}});
    }
    const std::string what = "reply (HTTP 200, " + std::to_string(r.reply->body.size()) + " bytes) is not JSON";
    note(flow, Hop::PlatformResponse, "login.rejected", "code2Session " + what, links);
    return json_reply(502, {{"error", "bad_platform_reply"}, {"detail", "the platform's " + what}});
}

// Each check is journaled, so the inspector shows which one failed and why.
HttpReply DeveloperServer::profile(const HttpRequest& req, uint32_t flow) {
    const json in = json::parse(req.body, nullptr, false);
    auto field = [&](const char* k) {
        return in.is_object() && in.contains(k) && in[k].is_string() ? in[k].get<std::string>() : std::string();
    };
    const std::string raw = field("rawData"), signature = field("signature"), data = field("encryptedData"), iv = field("iv");
    if (raw.empty() || signature.empty() || data.empty() || iv.empty())
        return json_reply(400, {{"error", "missing_open_data"}});
    const std::optional<Caller> who = caller(req);
    if (!who) return json_reply(401, {{"error", "invalid_token"}});
    const DevSession& s = who->session;
    const bool check_watermark = !who->cfg.flaws.count(Flaw::SkipWatermarkCheck);
    const std::string& appid = who->cfg.appid;
    const Links links{{"openid", s.openid}, {"session_key", s.session_key}};
    if (open_data_signature(raw, s.session_key) != signature) {
        note(flow, Hop::ClientToDev, "open_data.signature_mismatch",
             "sha1(rawData + session_key) differs: the data was signed with another session_key (a newer wx.login?)", links);
        return json_reply(401, {{"error", "signature_mismatch"}});
    }
    note(flow, Hop::ClientToDev, "open_data.signature_ok", "sha1(rawData + session_key) matches", links);
    std::string plain;
    try {
        plain = decrypt_open_data(data, s.session_key, iv);
    } catch (const CryptoError& e) {
        note(flow, Hop::ClientToDev, "open_data.decrypt_failed", std::string("decrypt failed: ") + e.what(), links);
        return json_reply(401, {{"error", "decrypt_failed"}, {"detail", e.what()}});
    }
    const std::string watermark = watermark_appid(plain);
    if (watermark != appid && check_watermark) {
        note(flow, Hop::ClientToDev, "open_data.watermark_mismatch", "watermark.appid " + watermark + " is not " + appid, links);
        return json_reply(401, {{"error", "watermark_appid_mismatch"}});
    }
    Links decrypted = links;
    decrypted["watermark_appid"] = watermark;
    if (watermark != appid) decrypted["flaw"] = to_string(Flaw::SkipWatermarkCheck);
    note(flow, Hop::ClientToDev, watermark == appid ? "open_data.decrypted" : "flaw.watermark_unchecked",
         watermark == appid ? "decrypted; watermark.appid is ours: " + plain
                            : "FLAW skip-watermark-check: watermark.appid " + watermark + " accepted without a check: " + plain,
         decrypted);
    const json profile = json::parse(plain, nullptr, false);
    return json_reply(200, {{"verified", true}, {"nickName", profile.value("nickName", "")}});
}

// §1.7: the session's openid goes along, so WeChat checks the code is that user's.
HttpReply DeveloperServer::phone_number(const HttpRequest& req, uint32_t flow) {
    const std::optional<Caller> who = caller(req);
    if (!who) return json_reply(401, {{"error", "invalid_token"}});
    const auto& [s, cfg] = *who;
    const json in = json::parse(req.body, nullptr, false);
    if (!in.is_object() || !in.contains("code") || !in["code"].is_string())
        return json_reply(400, {{"error", "missing_code"}});
    const auto token = access_token(flow, cfg.appid, cfg.secret);
    if (!token) return json_reply(502, {{"error", "no_access_token"}});
    HttpRequest call;
    call.method = "POST";
    call.path = "/wxa/business/getuserphonenumber";
    call.query = {{"access_token", *token}};
    call.headers["Content-Type"] = "application/json";
    call.body = json{{"code", in["code"]}, {"openid", s.openid}}.dump();
    const TransportResult r = call_platform(call, flow);
    const json body = r.ok() ? json::parse(r.reply->body, nullptr, false) : json();
    if (!body.is_object()) return exchange_failed(flow, in["code"], r);
    const int errcode = body.value("errcode", -1);
    if (errcode != 0 || !body.contains("phone_info")) {
        note(flow, Hop::PlatformResponse, "phone.rejected",
             "getuserphonenumber failed: " + std::to_string(errcode) + " " + body.value("errmsg", ""),
             {{"openid", s.openid}, {"errcode", std::to_string(errcode)}});
        return json_reply(502, {{"error", "phone_number_failed"}, {"errcode", errcode}, {"errmsg", body.value("errmsg", "")}});
    }
    const std::string number = body["phone_info"].value("purePhoneNumber", "");
    note(flow, Hop::ClientToDev, "phone.bound", "the server keeps " + mask_phone(number) + " for " + s.openid + "; the app gets it masked",
         {{"openid", s.openid}});
    return json_reply(200, {{"phone", mask_phone(number)}});
}

HttpReply DeveloperServer::me(const HttpRequest& req, uint32_t flow) {
    const std::string token = bearer_token(req);
    std::lock_guard<std::mutex> lock(mu_);
    const DevSession* s = remembered_session(token, clock_.now_ms());
    if (!s) return json_reply(401, {{"error", "invalid_token"}});
    const int64_t left = s->expires_at_ms - clock_.now_ms();
    if (left <= 0) return json_reply(401, {{"error", "token_expired"}});
    return json_reply(200, {{"openid", s->openid}, {"expires_in", left / 1000}});
}

std::optional<DevSession> DeveloperServer::session_for_openid(const std::string& openid) const {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = latest_by_openid_.find(openid);
    if (it == latest_by_openid_.end()) return std::nullopt;
    const DevSession* s = remembered_session(it->second, clock_.now_ms());
    if (!s) return std::nullopt;
    return *s;
}

std::optional<DeveloperServer::Caller> DeveloperServer::caller(const HttpRequest& req) const {
    std::lock_guard<std::mutex> lock(mu_);
    const DevSession* found = remembered_session(bearer_token(req), clock_.now_ms());
    if (!found) return std::nullopt;
    return Caller{*found, cfg_};
}

const DevSession* DeveloperServer::remembered_session(const std::string& token, int64_t now_ms) const {
    auto it = sessions_.find(token);
    if (it == sessions_.end() || now_ms >= saturating_add(it->second.expires_at_ms, memory_ms_)) return nullptr;
    return &it->second;
}

void DeveloperServer::sweep_locked(int64_t now_ms) {
    while (!forgetting_sessions_.empty() && forgetting_sessions_.front().first <= now_ms) {
        const std::string& token = forgetting_sessions_.front().second;
        auto it = sessions_.find(token);
        if (it != sessions_.end() && !remembered_session(token, now_ms)) {
            auto latest = latest_by_openid_.find(it->second.openid);
            if (latest != latest_by_openid_.end() && latest->second == token) latest_by_openid_.erase(latest);
            sessions_.erase(it);
        }
        forgetting_sessions_.pop_front();
    }
    while (!forgetting_answers_.empty() && forgetting_answers_.front().first <= now_ms) {
        auto it = exchange_cache_.find(forgetting_answers_.front().second);
        if (it != exchange_cache_.end() && it->second.forgotten_at_ms <= now_ms) exchange_cache_.erase(it);
        forgetting_answers_.pop_front();
    }
}

void DeveloperServer::sweep() {
    std::lock_guard<std::mutex> lock(mu_);
    sweep_locked(clock_.now_ms());
}

size_t DeveloperServer::sessions_held() const {
    std::lock_guard<std::mutex> lock(mu_);
    return sessions_.size();
}

std::optional<int64_t> DeveloperServer::next_expiry(int64_t after_ms) const {
    std::lock_guard<std::mutex> lock(mu_);
    std::optional<int64_t> best;
    for (auto& [t, s] : sessions_)
        if (s.expires_at_ms > after_ms && (!best || s.expires_at_ms < *best)) best = s.expires_at_ms;
    return best;
}

void DeveloperServer::reset() {
    std::lock_guard<std::mutex> lock(mu_);
    sessions_.clear();
    latest_by_openid_.clear();
    exchange_cache_.clear();
    forgetting_sessions_.clear();
    forgetting_answers_.clear();
}

bool builtin_server_event(const std::string& kind) {
    for (const char* prefix : {"login.", "open_data.", "phone.bound", "phone.rejected", "flaw.", "cloud_function."})
        if (kind.rfind(prefix, 0) == 0) return true;
    return false;
}

}  // namespace ls
