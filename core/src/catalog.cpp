#include "loginscope/catalog.hpp"

#include <cerrno>
#include <climits>
#include <cstdlib>

#include <nlohmann/json.hpp>

#include "loginscope/platform_pack.hpp"

namespace ls {

const char* to_string(Confidence c) {
    switch (c) {
        case Confidence::Verified: return "V";
        case Confidence::Documented: return "D";
        case Confidence::Observed: return "O";
        case Confidence::Unknown: return "U";
    }
    return "?";
}

namespace {
using C = Confidence;
constexpr const char* kWxShape = R"({"errcode":N,"errmsg":"MESSAGE, rid: RID"})";
constexpr const char* kDonutShape = R"({"errcode":N,"errmsg":"MESSAGE rid: RID"})";
constexpr const char* kDonutClientShape = R"({"errCode":N,"errMsg":"weixinAppLogin:fail MESSAGE"} (-700000: errMsg is the message))";
constexpr const char* kSwanShape = R"({"errCode":N,"errMsg":"login:fail MESSAGE"})";
constexpr const char* kUniShape = R"({"errMsg":"login:fail MESSAGE","code":N} (vue3); vue2 adds "errCode":N)";
constexpr const char* kUniServerShape = R"({"code":N,"success":false,"message":"MESSAGE"})";

// PLATFORM-FACTS §1.1–§1.3 and §7.
const std::vector<CatalogEntry> kBuiltinCatalog = {
    // code2Session (GET /sns/jscode2session) — §1.2
    {"wechat", Hop::PlatformResponse, "-1", "system error", "系统繁忙，此时请开发者稍候再试", kWxShape, C::Verified},
    {"wechat", Hop::PlatformResponse, "40029", "invalid code", "js_code 无效 (unknown, expired or other app's code)", kWxShape, C::Verified},
    {"wechat", Hop::PlatformResponse, "40163", "code been used", "code 已被使用 (single use)", kWxShape, C::Observed},
    {"wechat", Hop::PlatformResponse, "45011", "api minute-quota reach limit mustslower retry next minute",
     "频率限制，每个用户每分钟100次", kWxShape, C::Verified},
    {"wechat", Hop::PlatformResponse, "40226", "code blocked", "高风险等级用户，小程序登录拦截", kWxShape, C::Verified},
    {"wechat", Hop::PlatformResponse, "40013", "invalid appid", "不合法的 AppID", kWxShape, C::Observed},
    {"wechat", Hop::PlatformResponse, "40125", "invalid appsecret", "AppSecret 错误", kWxShape, C::Observed},
    {"wechat", Hop::PlatformResponse, "41002", "appid missing", "缺少 appid 参数", kWxShape, C::Unknown},
    {"wechat", Hop::PlatformResponse, "41004", "appsecret missing", "缺少 secret 参数", kWxShape, C::Unknown},
    {"wechat", Hop::PlatformResponse, "41008", "missing code", "缺少 oauth code", kWxShape, C::Unknown},
    {"wechat", Hop::PlatformResponse, "40002", "invalid grant_type", "grant_type 不是 authorization_code", kWxShape, C::Unknown},
    // Server-side session APIs — §1.4, §1.5.
    {"wechat", Hop::PlatformResponse, "40001", "invalid credential, access_token is invalid or not latest",
     "AppSecret 错误 (cgi-bin/token) / access_token 无效或不是最新", kWxShape, C::Observed},
    {"wechat", Hop::PlatformResponse, "87009", "invalid signature", "hmac_sha256(session_key, \"\") 不匹配", kWxShape, C::Verified},
    {"wechat", Hop::PlatformResponse, "87008", "invalid sig_method", "sig_method 只支持 hmac_sha256", kWxShape, C::Verified},
    // wx.login / wx.checkSession callbacks — §1.1, §1.3
    {"wechat", Hop::ClientCall, "login:fail timeout", "login:fail timeout", "登录请求超时 (timeout 选项或默认 60 s)",
     R"({"errMsg":"login:fail timeout"})", C::Observed},
    {"wechat", Hop::ClientCall, "login:fail system error", "login:fail system error", "登录失败 (网络或系统错误)",
     R"({"errMsg":"login:fail system error"})", C::Unknown},
    {"wechat", Hop::ClientCall, "getUserProfile:fail can only be invoked by user TAP gesture.",
     "getUserProfile:fail can only be invoked by user TAP gesture.", "wx.getUserProfile 只能在点击事件的处理函数里直接调用 (§6.3)",
     R"({"errMsg":"getUserProfile:fail can only be invoked by user TAP gesture."})", C::Verified},
    {"wechat", Hop::Dialog, "getPhoneNumber:fail user deny", "getPhoneNumber:fail user deny",
     "用户在手机号授权框上点了拒绝 (§1.7)", R"({"errMsg":"getPhoneNumber:fail user deny"})", C::Verified},
    {"wechat", Hop::PlatformResponse, "43002", "require POST method", "getuserphonenumber 只接受 POST", kWxShape, C::Observed},
    {"wechat", Hop::SessionCheck, "checkSession:fail session time out, need relogin",
     "checkSession:fail session time out, need relogin", "session_key 已过期或已被新登录替换",
     R"({"errMsg":"checkSession:fail session time out, need relogin"})", C::Observed},

    // WeChat multi-terminal app — §2. client_call: wx.weixinAppLogin; platform_response: code2verifyinfo.
    {"wechat-app", Hop::ClientCall, "-1", "system error", "系统错误", kDonutClientShape, C::Verified},
    {"wechat-app", Hop::ClientCall, "10001005", "多端应用未接入身份管理", "identity management not enabled", kDonutClientShape, C::Verified},
    {"wechat-app", Hop::ClientCall, "10001007", "多端应用未绑定移动应用", "no mobile app bound", kDonutClientShape, C::Verified},
    {"wechat-app", Hop::ClientCall, "10001015", "多端应用绑定移动应用错误", "wrong mobile app binding", kDonutClientShape, C::Verified},
    {"wechat-app", Hop::ClientCall, "-700000", "sendOpenReq:fail launch wechat fail",
     "前端错误: WeChat could not be launched (not installed, OpenSDK not ticked, account not bound)", kDonutClientShape, C::Observed},
    {"wechat-app", Hop::PlatformResponse, "-1", "system error", "系统错误", kDonutShape, C::Verified},
    {"wechat-app", Hop::PlatformResponse, "10001000", "code过期", "the code's 5 minutes are over", kDonutShape, C::Verified},
    {"wechat-app", Hop::PlatformResponse, "10001001", "code错误", "unknown, used, or a wx.login code", kDonutShape, C::Verified},
    {"wechat-app", Hop::PlatformResponse, "10001002", "appid错误", "not the multi-terminal app's appid", kDonutShape, C::Verified},
    {"wechat-app", Hop::PlatformResponse, "10001003", "appsecret错误", "appsecret wrong, or sent as \"secret\"", kDonutShape, C::Verified},
    {"wechat-app", Hop::PlatformResponse, "10001004", "grant_type错误", "grant_type must be authorization_code", kDonutShape, C::Verified},
    {"wechat-app", Hop::PlatformResponse, "10001005", "多端应用未接入身份管理", "identity management not enabled", kDonutShape, C::Verified},
    {"wechat", Hop::PlatformResponse, "43001", "require GET method", "请使用 get 发起请求", kWxShape, C::Observed},

    // Baidu — §4.1 (client tables by OS), §4.3 (jscode2sessionkey's OAuth errors, HTTP 400).
    {"swan-android", Hop::ClientCall, "201", "解析失败，请检查调起协议是否合法", "Android: the call could not be parsed", kSwanShape, C::Verified},
    {"swan-android", Hop::ClientCall, "1001", "执行失败", "Android: execution failed", kSwanShape, C::Verified},
    {"swan-ios", Hop::ClientCall, "202", "解析失败，请检查参数是否正确", "iOS: bad parameters", kSwanShape, C::Verified},
    {"swan-ios", Hop::ClientCall, "10001", "内部错误", "iOS: internal error", kSwanShape, C::Verified},
    {"swan-ios", Hop::ClientCall, "10002", "网络请求失败", "iOS: network request failed", kSwanShape, C::Verified},
    {"swan-ios", Hop::ClientCall, "10004", "用户拒绝(user not login)", "iOS: the user is not logged in to Baidu", kSwanShape, C::Verified},
    {"swan-ios", Hop::ClientCall, "10007", "请求超时", "iOS: timeout (swan.login only)", kSwanShape, C::Verified},
    {"swan", Hop::ClientCall, "login:fail 请登录", "login:fail 请登录",
     "uni-app 在百度: uni.login 须在登录按钮的 @login 事件之后调用 (§4.1)", R"({"errMsg":"login:fail 请登录"})", C::Documented},
    {"swan", Hop::PlatformResponse, "invalid_request", "invalid refresh token", "a field is missing or unsupported",
     R"({"error":"invalid_request","error_description":"…"} with HTTP 400)", C::Documented},
    {"swan", Hop::PlatformResponse, "invalid_client", "unknown client id", "wrong client_id (AppKey) or sk (AppSecret)",
     R"({"error":"invalid_client","error_description":"…"} with HTTP 400)", C::Documented},
    {"swan", Hop::PlatformResponse, "invalid_grant", "The provided authorization grant is revoked",
     "used, expired or unknown code (the description names the code)", R"({"error":"invalid_grant","error_description":"Invalid authorization code: CODE"})",
     C::Documented},

    // uni.login in an App — §6.1 (weixin), §6.2 (apple); messages as newer builds render them.
    {"uni-weixin", Hop::ClientCall, "-7", "业务参数配置缺失,https://ask.dcloud.net.cn/article/282", "no appsecret in the manifest (without onlyAuthorize)", kUniShape, C::Observed},
    {"uni-weixin", Hop::ClientCall, "-8", "客户端未安装,https://ask.dcloud.net.cn/article/282", "WeChat is not installed", kUniShape, C::Verified},
    {"uni-weixin", Hop::Dialog, "-2", "用户取消", "the user cancelled in WeChat", kUniShape, C::Verified},
    {"uni-weixin", Hop::ClientCall, "-100", "业务内部错误", "WeChat answered an errcode (innerCode); errMsg carries WeChat's errmsg", kUniShape, C::Verified},
    {"uni-apple", Hop::ClientCall, "-3", "此功能不支持", "Sign in with Apple outside iOS", kUniShape, C::Documented},
    {"uni-apple", Hop::Dialog, "1000", "未知错误", "ASAuthorizationErrorUnknown", kUniShape, C::Verified},
    {"uni-apple", Hop::Dialog, "1001", "取消授权", "the user cancelled (seen in the wild as \"login:fail:Canceled\")", kUniShape, C::Verified},
    {"uni-apple", Hop::Dialog, "1002", "返回值无效", "invalid response", kUniShape, C::Verified},
    {"uni-apple", Hop::Dialog, "1003", "请求未处理", "request not handled", kUniShape, C::Verified},
    {"uni-apple", Hop::Dialog, "1004", "授权失败", "authorization failed", kUniShape, C::Verified},

    // uni-app univerify — §5.8. client_call: uni.preLogin / uni.login and the carrier SDK;
    // dialog: what the user does on the one-click page; platform_response: getPhoneNumber (§5.9).
    // uni-app's own parameter check, before the native side (§5.2): no hop a fault could inject it at.
    {"univerify", Hop::None, "preLogin:fail provider error", "preLogin:fail provider error",
     "uni.preLogin 的 provider 只能是 'univerify'", R"({"errMsg":"preLogin:fail provider error"})", C::Verified},
    {"univerify", Hop::ClientCall, "-7", "uniAppid 缺失", "check the manifest / review passed", kUniShape, C::Verified},
    {"univerify", Hop::ClientCall, "1000", "当前 uniAppid 尚未开通一键登录", "enable the service in the DCloud console", kUniShape, C::Verified},
    {"univerify", Hop::ClientCall, "20202", "终端未开启SIM流量", "ask the user to turn on cellular data", kUniShape, C::Verified},
    {"univerify", Hop::ClientCall, "30001", "当前网络环境不适合执行该操作", "no usable network", kUniShape, C::Verified},
    {"univerify", Hop::ClientCall, "30004", "其他错误", "Android -20102: app not approved or signing mismatch", kUniShape, C::Verified},
    {"univerify", Hop::ClientCall, "30005", "预登录失败", "device unsupported, no SIM, no cellular data", kUniShape, C::Verified},
    {"univerify", Hop::ClientCall, "30006", "一键登录失败", "one-click login failed", kUniShape, C::Verified},
    {"univerify", Hop::ClientCall, "30007", "获取本机号码校验token失败", "the carrier gave no token", kUniShape, C::Verified},
    {"univerify", Hop::ClientCall, "40004", "应用不存在", "custom base app before approval: repackage", kUniShape, C::Verified},
    {"univerify", Hop::ClientCall, "40047", "一键登录取号失败", "the carrier could not read the number", kUniShape, C::Verified},
    {"univerify", Hop::ClientCall, "40053", "手机号校验失败", "number check failed", kUniShape, C::Verified},
    {"univerify", Hop::ClientCall, "40101", "移动-源IP鉴权失败", "China Mobile gateway: not a normal carrier card / airplane mode", kUniShape, C::Verified},
    {"univerify", Hop::ClientCall, "40201", "联通-源IP鉴权失败", "China Unicom gateway source-IP check failed", kUniShape, C::Verified},
    {"univerify", Hop::ClientCall, "40301", "电信-源IP鉴权失败", "China Telecom gateway source-IP check failed", kUniShape, C::Verified},
    {"univerify", Hop::Dialog, "30002", "用户点击了其他登录方式", "the page's other-login button", kUniShape, C::Verified},
    {"univerify", Hop::Dialog, "30003", "用户关闭验证界面", "the page's close button", kUniShape, C::Verified},
    {"univerify", Hop::Dialog, "30008", "用户点击了自定义按钮",
     "a custom button (buttons.list), without a univerifyManager", R"({"errMsg":"login:fail 用户点击了自定义按钮","code":"30008","index":0,"provider":"apple"})",
     C::Verified},
    {"univerify", Hop::PlatformResponse, "-7", "uniAppid 缺失", "getPhoneNumber without appid", kUniServerShape, C::Verified},
    {"univerify", Hop::PlatformResponse, "1000", "当前 uniAppid 尚未开通一键登录", "service not enabled", kUniServerShape, C::Verified},
    {"univerify", Hop::PlatformResponse, "1001", "应用所有者账号信息异常，请检查账号一键登录服务是否正常", "owner account abnormal", kUniServerShape, C::Verified},
    {"univerify", Hop::PlatformResponse, "1002", "应用所有者账号信息异常，请检查账号余额是否充足", "owner account balance insufficient", kUniServerShape, C::Verified},
    {"univerify", Hop::PlatformResponse, "4001", "请求参数异常", "missing or malformed parameters", kUniServerShape, C::Verified},
    {"univerify", Hop::PlatformResponse, "4003", "开发者账户appid 校验异常，联系官方人员", "appid does not match", kUniServerShape, C::Verified},
    {"univerify", Hop::PlatformResponse, "5000", "取号失败，请检查SIM卡是否停机欠费；token是否过期", "token expired, used or unknown", kUniServerShape, C::Verified},
};

const std::vector<Assumption> kBuiltinAssumptions = {
    {"wechat.login.default_timeout_ms", "60000", "wx.login without `timeout`: a ~60 s default was observed [O]"},
    {"wechat.login.offline_errmsg", "login:fail system error", "wx.login fail strings other than timeout are undocumented"},
    {"wechat.request.default_timeout_ms", "60000", "wx.request default timeout used for client → developer server"},
    {"wechat.request.fail_errmsg", "request:fail timeout | request:fail connection closed | request:fail offline | request:fail connection refused",
     "wx.request transport failures: \"request:fail timeout\" is observed; a reset, an empty reply and a cut body all read as \"connection closed\"; with the phone offline we say \"request:fail offline\"; a team's backend that does not listen, \"request:fail connection refused\" (the real text varies by OS and is not documented)"},
    {"wechat.code2session.expired_code", "40029", "an expired code answers 40029 invalid code (42003 is not listed for jscode2session)"},
    {"wechat.code2session.errors_keep_code", "-1 45011 40226 40013 40125 41002 41004 41008 40002",
     "a request rejected with these errors does not consume the code"},
    {"wechat.code2session.injected_state", "40163 → code used; 40029 → code gone; others → code kept",
     "an injected platform error leaves the code in the state that answer implies"},
    {"wechat.code2session.quota", "100 calls per user per calendar minute, getuserphonenumber's counted with code2Session's",
     "45011 quota window (the doc gives 100/min/user for code2Session; getuserphonenumber's 45011 has no documented limit — a community answer says 300/s — so it counts against the same user's minute)"},
    {"wechat.code2session.bad_secret", "40125", "a wrong secret answers 40125 invalid appsecret (community also reports 40029)"},
    {"wechat.session_key.idle_ttl_ms", "172800000", "session_key lifetime is opaque; LoginScope expires it after 48 h unused"},
    {"wechat.session_key.rotation", "every wx.login", "each wx.login issues a new session_key and invalidates the old one"},
    {"dev_server.exchange_timeout_ms", "5000", "the developer server gives code2Session 5 s before it reports a timeout"},
    {"dev_server.token_ttl_ms", "7200000", "our developer server's own login token lives 2 h"},
    {"platform.request_body_limit", "65536 bytes",
     "how large a request body the platforms' endpoints accept is undocumented: LoginScope's refuse a larger one with 413 in "
     "their own error shape (WeChat errcode -1, Baidu invalid_request, uniCloud 4001), before the body arrives"},
    {"http.keep_alive_idle_ms", "30000",
     "how long an idle keep-alive connection stays open is the host's choice: every LoginScope host closes it after 30 s"},
    {"codes.dead_memory_ms", "86400000",
     "how long a used or expired code or token keeps its own answer is undocumented: LoginScope remembers each (compactly) for 24 h after its expiry, then answers as for one never issued (a used WeChat code: 40163, then 40029); the developer server forgets its expired login tokens and its accept-reused-code answers as long after"},
    {"univerify.unchecked_hint", "请先阅读并勾选协议", "the hint shown when the login button is tapped with the box unchecked is undocumented"},
    {"univerify.check_order", "uniAppid, service, approval, SIM, data, network, gateway",
     "which failure wins when several apply is undocumented"},
    {"univerify.code_type", "30xxx as strings, others as numbers", "hello-uniapp compares '30002' '30003' '30005' as strings and 1000 as a number"},
    {"univerify.server_error_shape", R"({"code":N,"success":false,"message":"…"})", "getPhoneNumber's error shape beyond the code table is undocumented"},
    {"univerify.close_pending_code", "30003",
     "uni.closeAuthView() while uni.login still waits: its fail callback comes with 30003 (the closed-page code); the SDK "
     "is closed source and the docs are silent, so the call is settled rather than left waiting forever"},
    {"univerify.checkbox_state_closed", "getCheckBoxState:fail 一键登录页面未打开",
     "what getCheckBoxState answers while no page is open is undocumented"},
    {"univerify.token_ttl_ms", "120000", "China Mobile's token lives 2 min (getui FAQ [D]); LoginScope uses it for every carrier"},
    {"univerify.page_delay_ms", "100", "the page shows this fast after a live preLogin"},
    {"univerify.page_delay_cold_ms", "1500", "without a live preLogin the page takes ~1–2 s [V]; LoginScope uses 1.5 s"},
    {"univerify.hang", "30001", "a silent network at uni.preLogin / uni.login ends as 30001 当前网络环境不适合执行该操作"},
    {"univerify.other_login_radius", "24px", "the doc's sample says 0px, its comment 24px"},
    {"univerify.android_ios_only", "normalColor throughout, no border, a 60px close icon",
     "the docs mark authButton.highlightColor/disabledColor, otherLoginButton.borderColor and closeIcon.width/height iOS only; what Android draws instead is not documented"},
    {"univerify.app_closes_page", "on success and on 30002", "the demo app calls uni.closeAuthView() there; the page never closes by itself"},
    // univerify's server exchange through the developer's URL-ized uniCloud cloud function (unicloud.hpp)
    {"unicloud.function_url", "https://env-loginscope.service.tcloudbase.com/univerify-phone",
     "the URL is the path the developer gives the function in the uniCloud console (uniCloud's URL doc: https://${spaceId}.service.tcloudbase.com/${path}); LoginScope's space id and path are its own"},
    {"unicloud.secret_name", "unicloud_secret",
     "the doc's sample keeps the shared sign secret in a variable named secret; LoginScope's config calls it unicloud_secret, and the server's copy unicloud_server_secret when it differs"},
    {"unicloud.thrown_error_status", "502",
     "what a URL-ized function answers when it throws (a wrong sign: 非法访问) is undocumented: LoginScope answers HTTP 502 with {\"message\": the error's message}, as Aliyun Function Compute answers an unhandled error"},
    {"unicloud.result_passed_through", "DCloud's error object, returned as it is",
     "whether uniCloud.getPhoneNumber rejects or resolves on DCloud's error codes is undocumented: LoginScope resolves with {code, success: false, message}, so the sample's return res hands it to the server"},
    {"unicloud.call_timeout_ms", "3000",
     "how long uniCloud.getPhoneNumber waits for DCloud is undocumented: 3 s, less than the developer server's 5 s wait for the function, so the function's own error reaches the server"},
    {"wechat.profile.deny_errmsg", "getUserProfile:fail auth deny", "the errMsg when the user taps 拒绝 on the sheet is not in the facts"},
    {"wechat.profile.no_session_errmsg", "getUserProfile:fail no session_key (call wx.login first)",
     "what getUserProfile answers with no live session_key to sign with is undocumented"},
    {"wechat.profile.watermark_epoch", "1700000000", "watermark.timestamp of virtual time 0 (seconds)"},
    {"wechat.base_library.default", "3.8.0", "a current base library for a new world; LoginScope does not follow WeChat's releases"},
    {"wechat.profile.no_sheet", "no sheet from 2.27.1",
     "WeChat's 2022 notice says only that the data is anonymous; a WeChat community answer says the sheet no longer shows from 2.27.1"},
    {"wechat.profile.anonymous_language", "", "userInfo.language of the anonymous profile (nickName 微信用户, the grey avatar) is not documented"},
    {"wechat.profile.no_desc_errmsg", "getUserProfile:fail parameter error: parameter.desc should be String instead of Undefined;",
     "desc is required (§6.3); the text follows WeChat's usual parameter-type error"},
    {"wechat.profile.long_desc_errmsg", "getUserProfile:fail desc length does not meet the requirements",
     "desc over 30 characters (§6.3): the errMsg is not in the facts"},
    {"wechat-app.deny_errmsg", "auth deny", "wx.weixinAppLogin when the user taps 拒绝 in WeChat: errCode -1, errMsg \"weixinAppLogin:fail auth deny\""},
    {"wechat-app.launch_order", "installed/OpenSDK or no mobile app (-700000), wrong binding (10001015), identity management (10001005)",
     "which failure wins when several apply is undocumented"},
    {"wechat.phone.sheet_layout", "允许 / 拒绝 under the account's number",
     "the phone-number sheet's exact buttons and wording are not in the facts; the demo server keeps the number and returns it masked (the app's design)"},
    {"wechat.content_check.delay_ms", "300",
     "how long WeChat's content check of a picked picture or a typed nickname takes is undocumented (§6.6)"},
    {"wechat.content_check.notice", "无法使用该头像 / 无法使用该昵称",
     "the toasts WeChat shows when its check rejects a picture or a nickname come from WeChat community posts, not the docs"},
    {"wechat.avatar.temp_path", "http://tmp/<40 hex digits>.jpeg",
     "the shape of bindchooseavatar's temporary path as WeChat DevTools prints it (a community post); a phone gives a wxfile:// path"},
    {"wechat.avatar.cancel", "no event", "取消 on the avatar sheet: the docs name no event; bindchooseavatar does not fire"},
    {"wechat.avatar.own_unchecked", "the WeChat avatar is not checked again",
     "用微信头像 hands over the account's avatar, which passed WeChat's checks when it was set; the docs do not say"},
    {"wechat.avatar.check_timeout", "the picture goes through", "what a timed-out check of a picked picture does is undocumented"},
    {"wechat.nickname.review_timeout", "the value stays; bindnicknamereview {pass:false, timeout:true}",
     "bindnicknamereview's timeout field is documented, what happens to the value then is not"},
    {"wechat.fill.old_base_library", "below 2.21.2: a plain button and a plain text input",
     "an open-type or input type the base library does not know is treated as absent"},
    {"wechat-app.unbound_mobile_app", "-700000 sendOpenReq:fail launch wechat fail",
     "with no mobile app bound, the seed's worked example fails at OpenSDK (-700000) before any account check; the code table's 10001007 stays reachable as a fault"},
    {"wechat-app.code2verifyinfo_token", "the multi-terminal app's own",
     "which app's access_token code2verifyinfo takes is undocumented: LoginScope accepts only one from /cgi-bin/token with the multi-terminal app's appid"},
    {"wechat-app.code_single_use", "yes", "a weixinAppLogin code is accepted once (very likely, not stated); reuse answers 10001001"},
    {"uni-weixin.no_provider", "'weixin'",
     "uni.login without a provider: the docs (seed 004) say a login-list chooser opens; uni-app's App source, every version checked (vue2 and vue3), uses 'weixin' instead, and LoginScope follows the source"},
    {"uni-apple.android", "-3 此功能不支持", "uni.login apple outside iOS answers HTML5+'s generic \"not supported\""},
    {"uni-apple.identity_token", "unsigned", "identityToken has Apple's JWT shape (iss, aud, sub) but no real signature"},
    {"baidu.session_key.idle_ttl_ms", "172800000", "Baidu's session key lifetime is opaque (renewed by use); LoginScope uses 48 h unused"},
    {"baidu.fail_shape", "{errCode, errMsg: \"<api>:fail <meaning>\"}", "the fail res of swan APIs beyond the code table is undocumented"},
    {"baidu.not_logged_in", "iOS 10004, Android 1001", "swan.login/getLoginCode/checkSession without a Baidu login (Android has no such code)"},
    {"baidu.offline", "iOS 10002, Android 1001", "swan.login without network"},
    {"baidu.dialog_layout", "a bottom sheet: 百度 logo, masked number, 一键登录, 取消", "the Baidu app's own account login UI is undocumented (§4.1 [U])"},
    {"baidu.button_close", "errCode \"10004\"", "closing the Baidu account dialog calls bindlogin with errCode '10004' on both OSes (the demo compares the string)"},
    {"wechat.taro.order", "success, complete, then", "Taro.login: user callbacks run before the Promise handlers (§3 inference)"},
};
}  // namespace

int errcode_number(const std::string& code) {
    char* end = nullptr;
    errno = 0;
    const long number = std::strtol(code.c_str(), &end, 10);
    const bool whole = !code.empty() && *end == '\0' && errno == 0 && number >= INT_MIN && number <= INT_MAX;
    return whole ? int(number) : -1;
}

// The built-in entries, then each platform pack's.
const std::vector<CatalogEntry>& catalog() {
    static const std::vector<CatalogEntry> all = with_pack_rows(kBuiltinCatalog, &PlatformPack::catalog);
    return all;
}

const CatalogEntry* find_catalog_entry(const std::string& platform, const std::string& code, Hop hop) {
    for (auto& e : catalog())
        if (platform == e.platform && code == e.code && e.hop == hop) return &e;
    return nullptr;
}

const CatalogEntry* find_catalog_entry_at(const std::string& code, Hop hop) {
    for (auto& e : catalog())
        if (code == e.code && e.hop == hop) return &e;
    return nullptr;
}

const CatalogEntry* find_catalog_entry_any(const std::string& code) {
    for (auto& e : catalog())
        if (code == e.code) return &e;
    return nullptr;
}

const CatalogEntry* find_catalog_entry(const std::string& platform, const std::string& code) {
    for (auto& e : catalog())
        if (platform == e.platform && code == e.code) return &e;
    return nullptr;
}

std::vector<const CatalogEntry*> catalog_for(const std::string& platform, Hop hop) {
    std::vector<const CatalogEntry*> out;
    for (auto& e : catalog())
        if (platform == e.platform && e.hop == hop) out.push_back(&e);
    return out;
}

std::string catalog_json() {
    nlohmann::json rows = nlohmann::json::array();
    for (auto& e : catalog())
        rows.push_back({{"platform", e.platform}, {"hop", to_string(e.hop)}, {"code", e.code},
                        {"message", e.message}, {"meaning", e.meaning}, {"shape", e.shape},
                        {"confidence", to_string(e.confidence)}});
    nlohmann::json as = nlohmann::json::array();
    for (auto& a : assumptions()) as.push_back({{"key", a.key}, {"value", a.value}, {"why", a.why}});
    return nlohmann::json{{"entries", rows}, {"assumptions", as}}.dump(2);
}

// The one assumptions table: the built-in rows, then each platform pack's (kept beside its facts).
const std::vector<Assumption>& assumptions() {
    static const std::vector<Assumption> all = with_pack_rows(kBuiltinAssumptions, &PlatformPack::assumptions);
    return all;
}

int64_t assumed_int(const std::string& key) {
    const Assumption* a = find_assumption(key);
    return a ? std::stoll(a->value) : 0;
}

const Assumption* find_assumption(const std::string& key) {
    for (auto& a : assumptions())
        if (key == a.key) return &a;
    return nullptr;
}

}  // namespace ls
