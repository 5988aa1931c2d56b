#pragma once
// WeChat's multi-terminal app (多端应用, "donut", PLATFORM-FACTS §2): wx.weixinAppLogin hands off to
// the WeChat app, which returns a code (5 minutes); the developer server exchanges it with the
// multi-terminal app's own appid/appsecret at GET /donut/code2verifyinfo?access_token=….
#include <cstdint>
#include <string>
#include <unordered_map>

#include "loginscope/platform_base.hpp"
#include "loginscope/wechat_platform.hpp"

namespace ls {

struct DonutApp {
    std::string appid = "wxd0a1b2c3d4e5f607";                  // the multi-terminal app's own appid
    std::string appsecret = "9a8b7c6d5e4f30211203f4e5d6c7b8a9";
    std::string mobile_appid = "wx7e6d5c4b3a291807";            // the bound mobile (Open Platform) app
    bool identity_management = true;  // false → 10001005 多端应用未接入身份管理
    std::string mobile_app = "ok";    // "ok" | "none" (10001007 未绑定移动应用) | "wrong" (10001015 绑定移动应用错误)
    bool opensdk = true;              // OpenSDK ticked in project.miniapp.json; false → WeChat cannot be launched
};

class DonutPlatform : public CodePlatform<DonutApp> {
public:
    DonutPlatform(VirtualClock& clock, IdGenerator& ids, Journal& journal, WeChatPlatform& wechat);

    void set_app(const DonutApp& app);  // also registers it with WeChat for /cgi-bin/token
    // Why wx.weixinAppLogin cannot start: "" or the code (-700000, 10001007, 10001015, 10001005).
    std::string launch_error(bool wechat_installed) const;
    // The WeChat app's answer after the user allowed: a code for the multi-terminal app (5 min).
    std::pair<std::string, int64_t> issue_code(const std::string& user, uint32_t flow);
    // GET /donut/code2verifyinfo?access_token=…&appid&appsecret&code&grant_type=authorization_code
    HttpReply code2verifyinfo(const HttpRequest& req, uint32_t flow, const std::string& forced = "");
    HttpReply error_reply(const std::string& code);  // {"errcode":N,"errmsg":"MESSAGE rid: …"}

    void reset();

private:
    WeChatPlatform& wechat_;
    std::unordered_map<std::string, std::string> user_ids_;  // user → user_id
};

}  // namespace ls
