#pragma once
// WeChat Open Platform for mobile apps (PLATFORM-FACTS §6.1, used by uni.login({provider:'weixin'})
// in an App): the WeChat app returns a code (10 minutes, once), exchanged at
// GET /sns/oauth2/access_token?appid&secret&code&grant_type=authorization_code.
#include <cstdint>
#include <string>
#include <unordered_map>

#include "loginscope/platform_base.hpp"
#include "loginscope/wechat_platform.hpp"

namespace ls {

struct OpenApp {
    std::string appid = "wx7e6d5c4b3a291807";
    std::string secret = "5b4a39281706f5e4d3c2b1a098f7e6d5";
    bool appsecret_in_app = true;  // manifest carries the appsecret (needed unless onlyAuthorize; -7 without)
};

class OpenPlatform : public CodePlatform<OpenApp> {
public:
    OpenPlatform(VirtualClock& clock, IdGenerator& ids, Journal& journal, WeChatPlatform& wechat);
    std::pair<std::string, int64_t> issue_code(const std::string& user, uint32_t flow);
    HttpReply access_token(const HttpRequest& req, uint32_t flow, const std::string& forced = "");
    void reset();

private:
    WeChatPlatform& wechat_;
};

}  // namespace ls
