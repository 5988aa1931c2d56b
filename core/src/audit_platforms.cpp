// Each flow's platform as the audit sees it (audit_platforms.hpp): the built-in platforms described
// once each, then one row per platform pack's flow, made from the pack.
#include "audit_platforms.hpp"

#include "loginscope/catalog.hpp"
#include "loginscope/platform_pack.hpp"

namespace ls {

namespace {

std::vector<ErrorCase> error_cases(std::vector<std::string> codes) {
    std::vector<ErrorCase> cases;
    for (const std::string& c : codes) cases.push_back({c, Hop::PlatformResponse, FaultKind::PlatformError, c});
    for (const ErrorCase& t : {ErrorCase{"timeout", Hop::DevToPlatform, FaultKind::Hang, ""},
                               ErrorCase{"reset", Hop::DevToPlatform, FaultKind::ConnectionReset, ""},
                               ErrorCase{"empty", Hop::DevToPlatform, FaultKind::EmptyReply, ""},
                               ErrorCase{"malformed", Hop::PlatformResponse, FaultKind::MalformedJson, ""}})
        cases.push_back(t);
    return cases;
}




PlatformLogin wechat_login(Engine& e, const ProfileApp& a, const std::string& user) {
    const std::optional<IssuedCode> code = e.platform().issue_code(a.appid, user, 0);
    return code ? PlatformLogin{code->code, code->session_key} : PlatformLogin{};
}

// A platform pack's flow: its app registered by configure, a code from admin_code, the user's
// openid and session_key from the pack's platform, its exchange's catalog errors.
FlowPlatform pack_platform_row(const PlatformPack& pack, Flow flow) {
    const PackEndpoint& ep = pack.endpoints.front();
    const std::string path = ep.path, id = pack.id, secret_field = pack.profile_secret;
    std::vector<std::string> codes;
    for (const CatalogEntry& e : pack.catalog)
        if (e.hop == Hop::PlatformResponse) codes.push_back(e.code);
    return FlowPlatform{
        flow, id, path.substr(path.rfind('/') + 1), path,
        [id, secret_field](Engine& e, const ProfileApp& a, const std::string&) {
            e.pack_platform(id)->configure({{"appid", a.appid}, {secret_field, a.secret}});
        },
        [id](Engine& e, const ProfileApp& a, const std::string& user) {
            PackPlatform* p = e.pack_platform(id);
            const auto code = p->admin_code(a.appid, user);
            return code ? PlatformLogin{code->first, p->session_key_of(user)} : PlatformLogin{};
        },
        [id](Engine& e, const ProfileApp&, const std::string& user) { return e.pack_platform(id)->openid_of(user); },
        error_cases(codes)};
}

}  // namespace

PhoneLine audit_line(const std::string& user) {
    PhoneLine line;
    line.number = user == kAuditAlice ? "13800138001" : "13900139002";
    return line;
}

const std::vector<FlowPlatform>& flow_platforms() {
    static const auto wechat = [](Flow f) {
        return FlowPlatform{f, "wechat", "code2Session", "/sns/jscode2session",
                            [](Engine& e, const ProfileApp& a, const std::string& name) { e.platform().register_app({a.appid, a.secret, name, true, "wechat"}); },
                            wechat_login,
                            [](Engine& e, const ProfileApp& a, const std::string& user) { return e.platform().openid_of(a.appid, user); },
                            error_cases({"-1", "40029", "40163", "45011", "40226"})};  // §1.2
    };
    static const std::vector<FlowPlatform> kPlatforms = {
        wechat(Flow::WeChatMp),
        wechat(Flow::Taro),
        {Flow::Swan, "swan", "jscode2sessionkey", "/oauth/jscode2sessionkey",
         [](Engine& e, const ProfileApp& a, const std::string&) { e.baidu_platform().set_app({a.appid, a.secret}); },
         [](Engine& e, const ProfileApp&, const std::string& user) {
             const std::string code = e.baidu_platform().issue_code(user, 0).first;
             return PlatformLogin{code, e.baidu_platform().session_key_of(user)};
         },
         [](Engine& e, const ProfileApp&, const std::string& user) { return e.baidu_platform().openid_of(user); },
         error_cases({"invalid_request", "invalid_client", "invalid_grant"})},  // §4
        {Flow::UniWeixin, "uni-weixin", "sns/oauth2/access_token", "/sns/oauth2/access_token",
         [](Engine& e, const ProfileApp& a, const std::string&) {
             OpenApp app = e.open_platform().app();
             app.appid = a.appid;
             app.secret = a.secret;
             e.open_platform().set_app(app);
         },
         [](Engine& e, const ProfileApp&, const std::string& user) { return PlatformLogin{e.open_platform().issue_code(user, 0).first, ""}; },
         [](Engine& e, const ProfileApp&, const std::string& user) { return e.open_platform().openid_of(user); },
         error_cases({"-1", "40029", "40163"})},  // §6.1: WeChat's codes at sns/oauth2
        // §2: the multi-terminal app's server takes its own access_token (/cgi-bin/token), then the code
        {Flow::WeChatApp, "wechat-app", "code2verifyinfo", "/donut/code2verifyinfo",
         [](Engine& e, const ProfileApp& a, const std::string&) {
             DonutApp app = e.donut_platform().app();
             app.appid = a.appid;
             app.appsecret = a.secret;
             e.donut_platform().set_app(app);
         },
         [](Engine& e, const ProfileApp&, const std::string& user) { return PlatformLogin{e.donut_platform().issue_code(user, 0).first}; },
         [](Engine& e, const ProfileApp&, const std::string& user) { return e.donut_platform().openid_of(user); },
         error_cases({"-1", "10001000", "10001001"})},
        // §5: the access_token and openid of the one-click page, exchanged for the phone number (getPhoneNumber,
        // from the team's cloud function); the identity is the number, so there is no openid to compare.
        {Flow::Univerify, "univerify", "getPhoneNumber", kGetPhoneNumberPath,
         [](Engine& e, const ProfileApp& a, const std::string&) {
             UniverifyApp app = e.univerify().app();
             app.uni_appid = a.appid;
             e.univerify().set_app(app);
         },
         [](Engine& e, const ProfileApp&, const std::string& user) {
             const PhoneLine line = audit_line(user);
             const UniverifyToken t = e.univerify().issue_token(line, 0);
             return PlatformLogin{t.access_token, "", t.openid, line.number};
         },
         [](Engine&, const ProfileApp&, const std::string&) { return std::string(); },
         error_cases({"5000", "1000", "1001", "1002"})},
    };
    static const std::vector<FlowPlatform> all = [] {
        std::vector<FlowPlatform> v = kPlatforms;
        for (const PlatformPack& p : platform_packs())
            for (size_t i = 0; i < p.flows.size(); ++i) v.push_back(pack_platform_row(p, *flow_from_string(p.flows[i].id)));
        return v;
    }();
    return all;
}

const FlowPlatform* flow_platform(Flow f) {
    for (const FlowPlatform& p : flow_platforms())
        if (p.flow == f) return &p;
    return nullptr;
}


}  // namespace ls
