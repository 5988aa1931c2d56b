#pragma once
// The app's own backend (PRODUCT.md, actor 2): POST /api/login {code} exchanges the code at
// code2Session, keeps openid and session_key server-side and answers with its own token;
// GET /api/me with "Authorization: Bearer TOKEN" is the endpoint the client uses afterwards.
// POST /api/session/check and /api/session/reset (with the token) call WeChat's /wxa/checksession and
// /wxa/resetusersessionkey for the session_key the server holds (signature = hmac_sha256(key, "")).
// POST /api/app/login {code} (multi-terminal app) fetches an access_token at /cgi-bin/token and
// exchanges the code at /donut/code2verifyinfo.
// POST /api/profile {rawData, signature, encryptedData, iv} (with the token) verifies the signature
// with the session_key it holds, decrypts and checks watermark.appid (PLATFORM-FACTS §1.6).
// POST /api/phone {code} (with the token; the mini program's bindgetphonenumber code) fetches an
// access_token and asks /wxa/business/getuserphonenumber with the code and the session's openid; it
// keeps the number server-side and answers {phone: masked} — the demo app's design (PLATFORM-FACTS §1.7).
// POST /api/univerify/login {access_token, openid} asks the app's uniCloud cloud function for the
// number (GET with a signed query, unicloud.hpp: getPhoneNumber runs only inside uniCloud), keeps it
// server-side and answers with our token and the masked number only.
// It never sends session_key to the client — unless a flaw (flaws.hpp) is switched on; every flaw that
// changes an answer is journaled as a "flaw.*" event at the step it affects.
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "loginscope/catalog.hpp"
#include "loginscope/clock.hpp"
#include "loginscope/flaws.hpp"
#include "loginscope/http.hpp"
#include "loginscope/idgen.hpp"
#include "loginscope/journal.hpp"

namespace ls {

struct DevSession {
    std::string token, openid, unionid, session_key, phone;
    int64_t expires_at_ms = 0;
};

struct DeveloperServerConfig {
    std::string appid, secret;
    int64_t token_ttl_ms = assumed_int("dev_server.token_ttl_ms");                // [U]
    int64_t exchange_timeout_ms = assumed_int("dev_server.exchange_timeout_ms");  // [U]
    std::string unicloud_secret;  // univerify: the server's copy of the cloud function's sign secret
    std::string donut_appid, donut_appsecret;  // the multi-terminal app (code2verifyinfo)
    std::string open_appid, open_secret;       // the Open Platform mobile app (sns/oauth2/access_token)
    std::string baidu_app_key, baidu_secret;   // the Baidu smart program (jscode2sessionkey)
    // The platform packs' apps as this server knows them (platform_pack.hpp: pack id → field → value).
    std::map<std::string, std::map<std::string, std::string>> pack_apps;
    FlawSet flaws;                             // mistakes switched on (flaws.hpp); none by default
};

// The events only this server (and univerify's cloud function) journals — what a team's own backend
// keeps to itself (its checks, its flaws): a scenario run against one cannot expect them.
bool builtin_server_event(const std::string& kind);

class DeveloperServer {
public:
    // `to_platform` sends the code2Session request (through the faults of its hops; the caller's
    // gate runs first in step mode); `to_cloud_function` the univerify request to the cloud function.
    using PlatformCall = std::function<TransportResult(const HttpRequest&, uint32_t flow)>;
    DeveloperServer(VirtualClock& clock, IdGenerator& ids, Journal& journal, DeveloperServerConfig cfg, PlatformCall to_platform,
                    PlatformCall to_cloud_function);

    HttpReply handle(const HttpRequest& req, uint32_t flow);
    std::optional<DevSession> session_for_openid(const std::string& openid) const;
    std::optional<int64_t> next_expiry(int64_t after_ms) const;
    // Forgets login tokens and accept-reused-code answers past their memory (assumptions():
    // codes.dead_memory_ms after a token's expiry, after an answer was cached); also done on every login.
    void sweep();
    size_t sessions_held() const;
    void set_config(const DeveloperServerConfig& cfg);
    void reset();

private:
    // What a platform's code exchange gave: a session to issue, or the reply that rejects the login.
    struct Exchanged {
        std::optional<DevSession> session;
        nlohmann::json extra;  // joins the token reply
        HttpReply rejection;
    };
    using Exchange = Exchanged (DeveloperServer::*)(const std::string& code, const DeveloperServerConfig& cfg, uint32_t flow);
    using ExchangeFn = std::function<Exchanged(const std::string& code, const DeveloperServerConfig& cfg, uint32_t flow)>;
    // POST {code[, openid]} → exchange → our token; the flaws accept-reused-code and
    // trust-client-openid act here, for every platform alike.
    HttpReply code_login(const HttpRequest& req, uint32_t flow, Exchange exchange, const char* endpoint);
    HttpReply code_login(const HttpRequest& req, uint32_t flow, const ExchangeFn& exchange, const char* endpoint);
    // A platform pack's login endpoint (platform_pack.hpp), or nullptr: its exchange, as this server does it.
    HttpReply pack_login(const HttpRequest& req, uint32_t flow, bool* handled);
    Exchanged jscode2session(const std::string& code, const DeveloperServerConfig& cfg, uint32_t flow);
    Exchanged code2verifyinfo(const std::string& code, const DeveloperServerConfig& cfg, uint32_t flow);
    Exchanged oauth2_access_token(const std::string& code, const DeveloperServerConfig& cfg, uint32_t flow);
    Exchanged jscode2sessionkey(const std::string& code, const DeveloperServerConfig& cfg, uint32_t flow);
    Exchanged rejected(uint32_t flow, const std::string& api, const std::string& code, int errcode, const std::string& errmsg,
                       const char* error);
    TransportResult call_platform(const HttpRequest& req, uint32_t flow);
    // A code exchange's request `ex` sent: the platform's JSON object answer (with HTTP 200, or any
    // status if `any_status`), else the 502 that exchange_failed gives the client.
    struct Asked {
        nlohmann::json body;
        std::optional<HttpReply> failed;
    };
    Asked ask_platform(const HttpRequest& ex, uint32_t flow, const std::string& code, bool any_status = false);
    DeveloperServerConfig config() const;
    HttpReply me(const HttpRequest& req, uint32_t flow);
    HttpReply univerify_login(const HttpRequest& req, uint32_t flow);
    HttpReply phone_from_cloud_function(uint32_t flow, const std::string& token, const std::string& openid,
                                        const TransportResult& r);
    HttpReply cloud_function_failed(uint32_t flow, const std::string& token, const TransportResult& r);
    HttpReply profile(const HttpRequest& req, uint32_t flow);
    HttpReply phone_number(const HttpRequest& req, uint32_t flow);
    HttpReply signed_session_call(const HttpRequest& req, uint32_t flow, const std::string& api);
    std::optional<std::string> access_token(uint32_t flow, const std::string& appid, const std::string& secret);
    HttpReply issue_session(uint32_t flow, DevSession s, const std::string& credential, nlohmann::json extra);
    HttpReply exchange_failed(uint32_t flow, const std::string& code, const TransportResult& r);
    void note(uint32_t flow, Hop hop, std::string kind, std::string text,
              Links links = {});

    VirtualClock& clock_;
    IdGenerator& ids_;
    Journal& journal_;
    DeveloperServerConfig cfg_;
    PlatformCall to_platform_, to_cloud_function_;
    mutable std::mutex mu_;
    // A token is remembered (and answers "token_expired") until its expiry + the memory; an answer
    // is cached for the memory. The queues hold (forgotten at, key), nearly in time order; lookups
    // check the time themselves.
    const DevSession* remembered_session(const std::string& token, int64_t now_ms) const;
    // The caller's session (its Bearer token) and the config, read under one lock; nullopt: answer 401.
    struct Caller { DevSession session; DeveloperServerConfig cfg; };
    std::optional<Caller> caller(const HttpRequest& req) const;
    void sweep_locked(int64_t now_ms);
    struct CachedExchange { Exchanged answer; int64_t forgotten_at_ms; };

    const int64_t memory_ms_;  // codes.dead_memory_ms
    std::unordered_map<std::string, DevSession> sessions_;          // token → session
    std::unordered_map<std::string, std::string> latest_by_openid_; // openid → its newest token
    std::unordered_map<std::string, CachedExchange> exchange_cache_;  // accept-reused-code: code → first answer
    std::deque<std::pair<int64_t, std::string>> forgetting_sessions_, forgetting_answers_;
};

}  // namespace ls
