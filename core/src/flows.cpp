// The flows, described once (PRODUCT.md "The flows"): each one's name, title, client API, the
// catalogs its faults draw from, the developer-server flaws that can act in it, the step its Login
// takes, the phone page and lifelines it shows, its platform and the phone settings it offers. The
// engine, the phone, Setup, Faults, Sequence and Inspector panels, the scenario parser and explore
// read this table.
#include <sstream>

#include "loginscope/catalog.hpp"
#include "loginscope/engine.hpp"
#include "loginscope/platform_pack.hpp"

namespace ls {

namespace {
// PRODUCT.md "The flows": every flow the product will simulate; `available` marks what this build has.
// Built on first use: other files' statics ask for the flows.
const std::vector<FlowInfo>& builtin_flows() {
    static const std::vector<FlowInfo> flows = {
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
    return flows;
}
}  // namespace

// The built-in flows in Flow order, then each platform pack's (their Flow values follow, packs.cpp).
const std::vector<FlowInfo>& flow_catalog() {
    static const std::vector<FlowInfo> all = with_pack_rows(builtin_flows(), &PlatformPack::flows);
    return all;
}

const char* to_string(Flow f) {
    const auto& flows = flow_catalog();
    return size_t(f) < flows.size() ? flows[size_t(f)].id : "?";
}

std::optional<Flow> flow_from_string(const std::string& s) {
    const auto& flows = flow_catalog();
    for (size_t i = 0; i < flows.size(); ++i)
        if (s == flows[i].id) return Flow(i);
    return std::nullopt;
}

bool offers_phone_setting(Flow flow, const std::string& field) {
    std::istringstream fields(flow_catalog()[size_t(flow)].phone_settings);
    for (std::string f; fields >> f;)
        if (f == field) return true;
    return false;
}

FlawSet flaws_for(Flow flow) {
    FlawSet out;
    std::istringstream ids(flow_catalog()[size_t(flow)].flaws);
    for (std::string id; ids >> id;)
        if (auto f = flaw_from_string(id)) out.insert(*f);
    return out;
}

std::vector<const CatalogEntry*> fault_codes(Flow flow, Hop hop) {
    const FlowInfo& info = flow_catalog()[size_t(flow)];
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
        if (hop != Hop::DevToCloudFunction || flow_catalog()[size_t(flow)].cloud_lifeline) out.push_back(hop);
    return out;
}

}  // namespace ls
