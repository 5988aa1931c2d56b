#pragma once
// Baidu smart programs (PLATFORM-FACTS §4): codes from swan.getLoginCode / swan.login live 10 minutes
// and are accepted once; POST /oauth/jscode2sessionkey (form: code, client_id = AppKey, sk = AppSecret)
// answers {openid, session_key} or Baidu's OAuth error {error, error_description} with HTTP 400.
#include <cstdint>
#include <map>
#include <string>

#include "loginscope/platform_base.hpp"

namespace ls {

struct BaiduApp {
    std::string app_key = "7QxhJ2nTq4Lm8RvB3sWd9Fz6Hk1PcY5g";  // client_id (AppKey)
    std::string app_secret = "u3Mz8Nq1Wd6Rk4Tv9Xb2Yc7Hf5Jg0Lp3";  // sk (AppSecret)
};

class BaiduPlatform : public CodePlatform<BaiduApp> {
public:
    BaiduPlatform(VirtualClock& clock, IdGenerator& ids, Journal& journal);

    // swan.getLoginCode / swan.login reaching Baidu: a 10 minute code and a new session_key.
    std::pair<std::string, int64_t> issue_code(const std::string& user, uint32_t flow);
    // swan.checkSession: the user's session_key is alive (used within its idle lifetime).
    bool session_alive(const std::string& user) const;
    HttpReply jscode2sessionkey(const HttpRequest& req, uint32_t flow, const std::string& forced = "");
    // The session_key Baidu holds for `user` now ("" before any login).
    std::string session_key_of(const std::string& user) const;
    void reset();

private:
    struct Session { std::string session_key; int64_t last_used_ms = 0; };
    HttpReply oauth_error(const std::string& error, const std::string& description);
    std::map<std::string, Session> sessions_;  // user → session (its openid: openids_)
};

// "code=…&client_id=…" → fields (application/x-www-form-urlencoded, percent-decoded).
std::map<std::string, std::string> parse_form(const std::string& body);

}  // namespace ls
