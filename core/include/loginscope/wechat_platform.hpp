#pragma once
// WeChat's side of the mini-program login (PLATFORM-FACTS §1): codes that live 5 minutes and are
// accepted once, GET /sns/jscode2session with its exact parameters, answers and errors, one
// session_key per user that each wx.login replaces, and checkSession on the latest key.
// Plain state plus functions of the virtual clock; thread-safe (HTTP handlers call it).
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "loginscope/adaptive_mutex.hpp"
#include "loginscope/catalog.hpp"
#include "loginscope/clock.hpp"
#include "loginscope/code_store.hpp"
#include "loginscope/http.hpp"
#include "loginscope/idgen.hpp"
#include "loginscope/journal.hpp"

namespace ls {

struct WeChatApp {
    std::string appid;
    std::string secret;
    std::string name = "Demo mini program";
    bool unionid_bound = true;  // bound to an Open Platform account: code2Session also returns unionid
    std::string platform = "wechat";  // "wechat" (mini program) or "wechat-app" (multi-terminal app)
};

struct WeChatPolicy {
    int64_t code_ttl_ms = 5 * 60 * 1000;                 // [V] 5 minutes
    int64_t session_key_idle_ttl_ms = assumed_int("wechat.session_key.idle_ttl_ms");  // [U]
    int quota_per_user_minute = 100;                      // [V] 45011: 100 per user per minute
};

struct IssuedCode {
    std::string code;
    int64_t expires_at_ms = 0;
    std::string session_key;  // the key this login made current
};

class WeChatPlatform {
public:
    WeChatPlatform(VirtualClock& clock, IdGenerator& ids, Journal& journal, WeChatPolicy policy = {});

    void register_app(const WeChatApp& app);
    std::vector<WeChatApp> apps() const;
    void set_policy(const WeChatPolicy& p);
    void set_high_risk(const std::string& user, bool on);  // 40226 for this user's codes

    // wx.login reaching WeChat: a new code for (app, user) and a new current session_key.
    std::optional<IssuedCode> issue_code(const std::string& appid, const std::string& user, uint32_t flow);
    // wx.checkSession: is the key of the user's latest login still alive? A live check counts as use.
    bool check_session(const std::string& appid, const std::string& user, uint32_t flow);

    // GET /sns/jscode2session. `forced` is a catalog code a fault makes the platform answer with.
    HttpReply jscode2session(const HttpRequest& req, uint32_t flow, const std::string& forced = "");
    HttpReply error_reply(const std::string& code);  // {"errcode":N,"errmsg":"…, rid: …"}
    // code2Session's success body, {"openid","session_key"[,"unionid"]}: the bytes nlohmann::json's
    // dump() gives for that object (keys sorted), built without it.
    static std::string session_answer(const std::string& openid, const std::string& session_key, const std::string* unionid);

    // Server-side session APIs (§1.4, §1.5), all GET with query parameters:
    // /cgi-bin/token: a 2 h access_token; a new one leaves the previous valid for 5 more minutes.
    HttpReply get_access_token(const HttpRequest& req, uint32_t flow, const std::string& forced = "");
    // /wxa/checksession: signature = hmac_sha256(key = session_key string, message = "").
    HttpReply check_session_key(const HttpRequest& req, uint32_t flow, const std::string& forced = "");
    // /wxa/resetusersessionkey: a new session_key, the old one invalid, the same expiry.
    HttpReply reset_session_key(const HttpRequest& req, uint32_t flow, const std::string& forced = "");
    bool access_token_valid_for(const std::string& appid, const std::string& token) const;

    std::optional<int64_t> next_expiry(int64_t after_ms) const;
    std::string current_session_key(const std::string& appid, const std::string& user) const;
    std::optional<int64_t> code_used_at(const std::string& code) const;  // when it was exchanged, if it still remembers
    void sweep();  // forgets what is dead by now (CodeStore)
    size_t codes_held() const;  // codes held whole (CodeStore::size)
    std::string openid_of(const std::string& appid, const std::string& user) const;
    // WeChat's one account system: the openid `user` has in `appid` (mini program, multi-terminal or
    // mobile app) and their unionid, one per user for the demo apps' one Open Platform account (§2,
    // /__admin/apps) — the same whichever API (code2Session, code2verifyinfo, sns/oauth2) answers.
    struct Identity { std::string openid, unionid; };
    Identity identity(const std::string& appid, const std::string& user);

    // Phone-number quick verification (手机号快速验证, §1.7): the user's 允许 on WeChat's sheet gives
    // the mini program a code (64 hex digits, 5 minutes, single use) that only the app's server can
    // turn into the number, at POST /wxa/business/getuserphonenumber?access_token=… {"code"[, "openid"]}.
    IssuedCode issue_phone_code(const std::string& appid, const std::string& user, uint32_t flow);
    HttpReply get_user_phone_number(const HttpRequest& req, uint32_t flow, const std::string& forced = "");
    std::string phone_of(const std::string& user);  // the number bound to the user's WeChat account
    void reset();

private:
    // A user's session in an app, with what the exchange needs of the user beside it (one lookup).
    struct UserSession {
        std::string openid, session_key;
        int64_t last_used_ms = 0;
        bool alive = false;
        int64_t quota_minute = 0;                // the minute quota_calls counts in
        int quota_calls = 0;                     // calls this minute that count against the quota
        const std::string* unionid = nullptr;    // in unionids_, once asked for
    };
    struct AccessTokens { std::string current, previous; int64_t current_expires_ms = 0, previous_until_ms = 0; };

    bool access_token_valid(const std::string& appid, const std::string& token) const;
    // The signed-call checks shared by checksession and resetusersessionkey: "" or the error code.
    std::string signed_call_error(const HttpRequest& req, UserSession*& session);
    UserSession* session_by_openid(const std::string& openid);

    const WeChatApp* find_app(const std::string& appid) const;
    // appid + "/" + user: the key of a user's session (with its quota) and openid in an app.
    static std::string user_key(const std::string& appid, const std::string& user);
    UserSession& session_for(const std::string& appid, const std::string& user);
    UserSession& session_at(const std::string& key, const std::string& appid, const std::string& user);  // key: user_key()
    const std::string& unionid_for(const std::string& user);
    std::string openid_for(const std::string& appid, const std::string& user);
    std::string phone_locked(const std::string& user);
    bool over_quota(UserSession& s);  // counts this call against the user's minute quota in the app

    VirtualClock& clock_;
    IdGenerator& ids_;
    Journal& journal_;
    WeChatPolicy policy_;
    mutable AdaptiveMutex mu_;
    std::vector<WeChatApp> apps_;
    CodeStore codes_;  // scope: the appid; payload: the session_key that login made current
    std::map<std::string, AccessTokens> access_tokens_;  // appid → tokens
    std::unordered_map<std::string, UserSession> sessions_;  // key: appid + "/" + user
    std::unordered_map<std::string, std::string> unionids_;  // user → unionid
    std::unordered_map<std::string, std::string> openids_;   // appid + "/" + user → openid
    CodeStore phone_codes_;  // scope: the appid
    std::unordered_map<std::string, std::string> phones_;    // user → the number bound to their account
    std::unordered_map<std::string, bool> high_risk_;
};

}  // namespace ls
