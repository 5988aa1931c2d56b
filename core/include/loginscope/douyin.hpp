#pragma once
// Douyin mini programs (PLATFORM-FACTS-MORE §2): tt.login's code and anonymousCode live 5 minutes
// and are accepted once; POST /api/apps/v2/jscode2session (JSON: appid, secret, code, anonymous_code)
// answers {err_no, err_tips, log_id, data:{…}} with data's fields only for the codes sent. A platform
// pack (pack_douyin.cpp describes it; platform_pack.hpp).
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>

#include "loginscope/platform_base.hpp"
#include "loginscope/platform_pack.hpp"

namespace ls {

struct DouyinApp {
    std::string appid;
    std::string secret;
};

// What tt.login got from Douyin: a code only when the user is logged in to the host app.
struct DouyinCodes {
    std::optional<std::string> code;
    std::string anonymous_code;
    int64_t expires_ms = 0;
};

class DouyinPlatform final : public CodePlatform<DouyinApp>, public PackPlatform {
public:
    explicit DouyinPlatform(PackWorld world);

    // tt.login reaching Douyin: an anonymousCode always, a code (and a fresh session_key, "refreshed
    // by each login") when the user is logged in to the host app.
    DouyinCodes issue_codes(const std::string& user, bool logged_in, uint32_t flow);
    // tt.checkSession: "" when the session is alive, else its error code (113101 empty, 113102 expired).
    std::string check_session(const std::string& user, bool logged_in);
    // The host login window over the phone, while tt.login({force: true}) waits on it; `caller` is
    // whose callbacks its outcome goes to ("tt.login", "uni.login").
    void show_host_login(bool on, const std::string& caller = "");
    bool host_login_open() const;
    std::string host_login_caller() const;

    HttpReply jscode2session(const HttpRequest& req, uint32_t flow, const std::string& forced);

    // PackPlatform
    HttpReply answer(const HttpRequest& req, uint32_t flow, const std::string& forced) override;
    void reset() override;
    void sweep() override { CodePlatform::sweep(); }
    std::optional<int64_t> next_expiry(int64_t after_ms) const override { return CodePlatform::next_expiry(after_ms); }
    std::string openid_of(const std::string& user) const override { return CodePlatform::openid_of(user); }
    std::string session_key_of(const std::string& user) const override;
    std::optional<PackSheet> sheet() const override;
    std::optional<std::pair<std::string, int64_t>> admin_code(const std::string& appid, const std::string& user) override;
    void configure(const PackApp& app) override;
    PackApp registered() const override { return {{"appid", app().appid}, {"secret", app().secret}}; }

private:
    struct Session {
        std::string session_key;
        int64_t issued_ms = 0;
    };
    HttpReply error(int err_no, const std::string& tips);
    std::string unionid_of(const std::string& user);
    std::map<std::string, Session> sessions_;        // user → their session (its openid: openids_)
    std::map<std::string, std::string> unionids_;    // user → unionid
    std::string anonymous_openid_;                   // this phone's ("same phone → same anonymous_openid")
    bool host_login_ = false;                        // the host login window is showing
    std::string host_login_caller_;
};

// The host app's login window (tt.login force: true while logged out); its layout is an assumption.
const PackSheet& douyin_host_login_sheet();

// The Douyin error code of a failure the catalog names ("113001", "40018"); its err_tips.
std::string douyin_err_tips(int err_no);

}  // namespace ls
