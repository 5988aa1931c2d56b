#pragma once
// Alipay mini-programs, server side (PLATFORM-FACTS-MORE §1.2): my.getAuthCode hands the client a
// single-use auth code; the developer server exchanges it at the OpenAPI v2 gateway,
// POST /gateway.do, method alipay.system.oauth.token. Unlike WeChat's AppSecret, nothing secret
// travels: the server signs the request with its app private key (RSA2 = SHA256withRSA, or RSA =
// SHA1withRSA) and the gateway verifies it with the app public key registered in Alipay's console;
// the gateway signs its answer with the platform's private key, which SDKs verify with the
// "Alipay public key" (`alipayPublicKey`). Every signature here is real (rsa.hpp).
//
// On the wire:
//   request  system params in the URL query: app_id, method, format, charset, sign_type, sign,
//            timestamp ("yyyy-MM-dd HH:mm:ss"), version ("1.0"), optional app_auth_token;
//            business params in an x-www-form-urlencoded body: grant_type (authorization_code |
//            refresh_token), code, refresh_token — not wrapped in biz_content. Both places are read.
//   success  {"alipay_system_oauth_token_response":{"access_token":…,"auth_start":…,"expires_in":N,
//            "re_expires_in":N,"refresh_token":…,"user_id":"2088…"},"sign":"…"} (open_id instead of
//            user_id in openid mode), HTTP 200, Content-Type text/html;charset=utf-8.
//   error    {"error_response":{"msg":…,"code":…,"sub_msg":…,"sub_code":…},"sign":"…"}, HTTP 200.
// The sign covers the exact bytes of the object after the response key, as sent.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "loginscope/code_store.hpp"
#include "loginscope/platform_base.hpp"
#include "loginscope/rsa.hpp"

namespace ls {

struct AlipayApp {
    std::string app_id = "2021004123456789";  // 16 digits, as the console shows it
    // Registered in Alipay's console (接口加签方式 → 公钥): what the gateway verifies requests with.
    // It plays the part of an AppSecret, except that it is public. PEM or the console's bare base64.
    std::string app_public_key;
    // The developer server's own: signs its requests. Alipay never sees it.
    std::string app_private_key;
    // The console's openid configuration: answers open_id (per user per app) instead of user_id.
    bool openid_mode = false;
    // ASSUMPTION alipay.union_id_bound (false): the Java/Python response classes have union_id, but
    // no real response seen carries it; when set, union_id is added after the identity field.
    bool union_id_bound = false;

    // The keys in use: the fields above, or — left empty, the default — the demo app's pair
    // (demo_app_keys()). Resolved on first use, so an engine that never meets Alipay never pays for
    // generating a key.
    const std::string& public_key() const { return app_public_key.empty() ? demo_app_keys().public_pem : app_public_key; }
    const std::string& private_key() const { return app_private_key.empty() ? demo_app_keys().private_pem : app_private_key; }
};

// One gateway error as it appears on the wire: code, msg, sub_code, sub_msg; `source` says where
// each text comes from and how sure it is ([V] / [D] / [U], PLATFORM-FACTS-MORE legend).
struct AlipayError {
    const char* code;
    const char* msg;
    const char* sub_code;
    const char* sub_msg;
    const char* source;
};
const std::vector<AlipayError>& alipay_errors();
// By sub_code ("isv.code-invalid") first, then by code ("20000"): nullptr when neither matches.
const AlipayError* find_alipay_error(const std::string& code);

// Virtual time as the gateway writes it (auth_start): Beijing time (UTC+8, no DST), "yyyy-MM-dd HH:mm:ss".
// Virtual time 0 is the Unix time assumed_int("wechat.profile.watermark_epoch"), the one epoch every
// platform's absolute timestamps share.
std::string alipay_timestamp(int64_t virtual_ms);

// The text an OpenAPI v2 request is signed over: every parameter but `sign` with a non-empty value,
// keys in ASCII order, "k=v" joined with "&", values as decoded (not URL-encoded).
std::string alipay_sign_content(const std::map<std::string, std::string>& params);

// A developer server's call, for tests and the simulated server: POST /gateway.do with the system
// params (signed with app.private_key()) in the query and `business` (grant_type, code or
// refresh_token) as a form body. `timestamp` is the request's own ("yyyy-MM-dd HH:mm:ss").
HttpRequest alipay_token_request(const AlipayApp& app, const std::map<std::string, std::string>& business,
                                 const std::string& timestamp, const std::string& sign_type = "RSA2");

// The raw text of the object under `key` ("alipay_system_oauth_token_response", "error_response") in
// a response body, exactly as sent: what the response's sign covers. nullopt when it is not there.
std::optional<std::string> alipay_response_object(const std::string& body, const std::string& key);
// Whether `body`'s sign verifies, over its response object (success or error_response), with the
// platform public key — what alipay-sdk's validateSign does.
bool alipay_response_verified(const std::string& body, const std::string& platform_public_key,
                              const std::string& sign_type = "RSA2");

class AlipayPlatform : public CodePlatform<AlipayApp> {
public:
    static constexpr const char* kMethod = "alipay.system.oauth.token";
    static constexpr const char* kResponseKey = "alipay_system_oauth_token_response";
    // ASSUMPTION alipay.auth_code.ttl_ms (10 min): the docs give auth codes a dynamic lifetime of
    // 3 min to 24 h ("有效期最久24小时"); ten minutes sits inside that range, matches the other
    // platforms' codes, and leaves a scenario room to let one expire.
    static constexpr int64_t kCodeTtlMs = 10 * 60 * 1000;
    // Token lifetimes on the wire, seconds: every real response seen (2017-2025) says 1296000 (15 days)
    // and 2592000 (30 days), for auth_user and auth_base alike [D]; the doc's sample says "3600".
    static constexpr int64_t kAccessTokenTtlS = 1296000;
    static constexpr int64_t kRefreshTokenTtlS = 2592000;

    AlipayPlatform(VirtualClock& clock, IdGenerator& ids, Journal& journal);

    // my.getAuthCode({scopes}) reaching Alipay: a single-use code for `user`, valid kCodeTtlMs, bound
    // to the current app. `scope` "auth_user" means the user agreed in the authorization float
    // (journaled at Hop::Dialog); anything else is the silent auth_base (Hop::ClientCall).
    std::pair<std::string, int64_t> issue_code(const std::string& user, uint32_t flow, const std::string& scope = "auth_base");

    // POST /gateway.do (any path and method the caller routes here). `forced`: an injected fault's
    // sub_code ("isv.code-invalid") or code ("20000"), answered after the request's signature checks
    // out; a code or refresh-token error uses the credential up, as the real answer implies.
    HttpReply gateway(const HttpRequest& req, uint32_t flow, const std::string& forced = "");

    // What an SDK is configured with as alipayPublicKey (SPKI PEM).
    std::string platform_public_key() const;
    // Signs responses with another pair from now on (a test of an SDK's verification, a key rotation).
    // Until then the platform signs with demo_platform_keys(), generated on first use.
    void set_platform_keys(const RsaKeyPair& keys);

    // Identifiers Alipay holds for `user` ("" before any code was issued for them).
    std::string user_id_of(const std::string& user) const;                              // 2088 + 12 digits
    std::string open_id_of(const std::string& user, const std::string& app_id) const;  // per user per app
    std::string union_id_of(const std::string& user) const;
    // Whether `token` is an access_token this platform issued to the current app that has not expired.
    bool access_token_alive(const std::string& token) const;
    void reset();

private:
    // What the gateway says, before it is signed: the response key and that object's JSON text.
    struct Answer {
        std::string key;     // kResponseKey or "error_response"
        std::string object;  // exactly the bytes the sign covers
        bool sign = true;    // false: sent without a sign (an app the gateway does not know)
    };
    struct Identity {
        std::string name, value;  // "user_id" or "open_id", and its value
    };
    using Params = std::map<std::string, std::string>;

    std::optional<Answer> refuse_request(const Params& p, const AlipayApp& app, Event& e) const;
    Answer grant(const Params& p, const AlipayApp& app, const std::string& forced, Event& e);
    Answer exchange_code(const Params& p, const AlipayApp& app, Event& e, int64_t now);
    Answer exchange_refresh_token(const Params& p, const AlipayApp& app, Event& e, int64_t now);
    Answer forced_error(const Params& p, const AlipayApp& app, const std::string& forced, Event& e, int64_t now);
    Answer issue_tokens(const std::string& user, const std::string& scope, const AlipayApp& app, Event& e, int64_t now,
                        const std::string& consumed, const char* consumed_kind);
    Answer refuse(const std::string& sub_code, const std::string& why, Event& e, const std::string& sub_msg = "",
                  bool sign = true) const;
    HttpReply deliver(const Answer& a, const std::string& sign_type) const;
    Identity identity(const std::string& user, const AlipayApp& app);
    std::string code_text();

    std::string platform_private_key() const;
    std::optional<RsaKeyPair> platform_keys_;                    // guarded by mu_; unset: the demo pair
    CodeStore refresh_tokens_;                                   // token → (user, scope), scoped by app_id
    mutable CodeStore access_tokens_;                            // likewise (looking one up sweeps the dead)
    std::unordered_map<std::string, std::string> user_ids_;      // user → 2088…
    std::unordered_map<std::string, std::string> open_ids_;      // app_id + '\n' + user → open_id
    std::unordered_map<std::string, std::string> union_ids_;     // user → union_id
};

}  // namespace ls
