// The flows, described once (PRODUCT.md "The flows"): each one's name, title, client API, the
// catalogs its faults draw from, the developer-server flaws that can act in it, the step its Login
// takes, the phone page and lifelines it shows, its platform and the phone settings it offers. The
// engine, the phone, Setup, Faults, Sequence and Inspector panels, the scenario parser and explore
// read this table.
#include <sstream>

#include "loginscope/catalog.hpp"
#include "loginscope/engine.hpp"
#include "loginscope/enum_names.hpp"

namespace ls {

namespace {
constexpr EnumName<Flow> kFlowNames[] = {{Flow::WeChatMp, "wechat-mp"}, {Flow::Taro, "taro"}, {Flow::WeChatApp, "wechat-app"}, {Flow::Swan, "swan"},
                                   {Flow::UniWeixin, "uni-weixin"}, {Flow::UniApple, "uni-apple"}, {Flow::Univerify, "univerify"}};

// PRODUCT.md "The flows": every flow the product will simulate; `available` marks what this build has.
const std::vector<FlowInfo> kFlows = {
    // id, title, client API, its request API, available, client and server catalogs, flaws,
    // login step, login button, phone page,
    // lifelines, platform name, session keys, default OS, phone settings, preset hops[, cloud lifeline]
    {"wechat-mp", "WeChat mini program", "wx.login", "wx.request", true, "wechat", "wechat",
     "leak-session-key accept-reused-code skip-watermark-check trust-client-openid log-secret",
     "login", "微信一键登录", PhonePage::MiniProgram,
     "Client (mini program)", "Platform (WeChat)", "WeChat", true, "", "user high_risk_user base_library content_check", {}},
    {"taro", "Taro (WeChat)", "Taro.login", "Taro.request", true, "wechat", "wechat",
     "leak-session-key accept-reused-code skip-watermark-check trust-client-openid log-secret",
     "login", "微信一键登录", PhonePage::MiniProgram,
     "Client (mini program)", "Platform (WeChat)", "WeChat", true, "", "user high_risk_user base_library content_check", {}},
    // code2verifyinfo and oauth2/access_token give the server no session_key, and no open data to check
    {"wechat-app", "WeChat multi-terminal app", "wx.weixinAppLogin", "wx.request", true, "wechat-app", "wechat-app wechat",
     "accept-reused-code trust-client-openid log-secret",
     "weixin_app_login", "微信登录", PhonePage::NativeApp,
     "Client (App)", "Platform (WeChat)", "WeChat", false, "", "user wechat_installed", {Hop::ClientCall, Hop::PlatformResponse}},
    {"swan", "Baidu smart program", "swan.login", "swan.request", true, "swan swan-android swan-ios", "swan",
     "leak-session-key accept-reused-code trust-client-openid log-secret",
     "swan_button_login", "百度账号登录", PhonePage::SmartProgram,
     "Client (smart program)", "Platform (Baidu)", "Baidu", true, "", "user baidu_logged_in", {Hop::ClientCall, Hop::PlatformResponse}},
    {"uni-weixin", "uni-app · WeChat", "uni.login weixin", "uni.request", true, "uni-weixin", "uni-weixin wechat",
     "accept-reused-code trust-client-openid log-secret",
     "uni_login_weixin", "微信登录", PhonePage::NativeApp,
     "Client (App)", "Platform (WeChat)", "WeChat", false, "", "user wechat_installed", {Hop::ClientCall}},
    // Sign in with Apple ends in the App; univerify's server sends no secret and gets no session_key.
    // Sign in with Apple is iOS only (§6.2): a new world of it starts there.
    {"uni-apple", "uni-app · Apple", "uni.login apple", "uni.request", true, "uni-apple", "uni-apple", "",
     "uni_login_apple", "通过 Apple 登录", PhonePage::NativeApp,
     "Client (App)", "Platform (Apple)", "Apple", false, "ios", "user", {Hop::ClientCall, Hop::Dialog}},
    {"univerify", "uni-app · one-click phone", "uni.login univerify", "uni.request", true, "univerify", "univerify", "",
     "univerify_login", "本机号码一键登录", PhonePage::OneClickApp,
     "Client (App)", "Platform (DCloud + carrier)", "DCloud", false, "", "line", {}, "uniCloud cloud function"},
};
}  // namespace

const char* to_string(Flow f) { return enum_name(kFlowNames, f); }

std::optional<Flow> flow_from_string(const std::string& s) { return enum_from_name(kFlowNames, s); }

const std::vector<FlowInfo>& flow_catalog() { return kFlows; }

bool offers_phone_setting(Flow flow, const std::string& field) {
    std::istringstream fields(kFlows[size_t(flow)].phone_settings);
    for (std::string f; fields >> f;)
        if (f == field) return true;
    return false;
}

FlawSet flaws_for(Flow flow) {
    FlawSet out;
    std::istringstream ids(kFlows[size_t(flow)].flaws);
    for (std::string id; ids >> id;)
        if (auto f = flaw_from_string(id)) out.insert(*f);
    return out;
}

std::vector<const CatalogEntry*> fault_codes(Flow flow, Hop hop) {
    const FlowInfo& info = kFlows[size_t(flow)];
    const bool client = hop == Hop::ClientCall || hop == Hop::Dialog || hop == Hop::SessionCheck;
    std::istringstream platforms(client ? info.client_catalogs : info.server_catalogs);
    std::vector<const CatalogEntry*> out;
    for (std::string p; platforms >> p;)
        for (const CatalogEntry* e : catalog_for(p, hop)) out.push_back(e);
    return out;
}

std::vector<Hop> fault_hops(Flow flow) {
    std::vector<Hop> out;
    for (Hop hop : all_fault_hops())
        if (hop != Hop::DevToCloudFunction || kFlows[size_t(flow)].cloud_lifeline) out.push_back(hop);
    return out;
}

}  // namespace ls
