// The Alipay pack's tables (pack_alipay.cpp): its catalog, its assumptions (the choices alipay.cpp
// and pack_alipay.cpp make where the docs are silent), its narration and its Chinese texts.
#include <utility>
#include <vector>

#include "loginscope/platform_pack.hpp"

namespace ls {

std::vector<CatalogEntry> alipay_catalog() {
    using C = Confidence;
    const char* fail = R"({"error":N,"errorMessage":"MESSAGE"})";
    const char* gw = R"({"error_response":{"msg":"…","code":"N","sub_msg":"MESSAGE","sub_code":"SUB_CODE"},"sign":"…"})";
    return {
        {"alipay", Hop::ClientCall, "3", "未找到授权结果", "invalid scopes (the page first shows 服务正忙，请稍后再试)", fail, C::Verified},
        {"alipay", Hop::ClientCall, "4", "无权调用", "a personal app, or one without the mini program base product (N22104)",
         R"({"error":4,"errorMessage":"无权调用","message":"无权调用","signature":"N22104"})", C::Verified},
        {"alipay", Hop::ClientCall, "12", "Network Error", "no network", fail, C::Verified},
        {"alipay", Hop::Dialog, "10", "Empty Data", "the float closed without 同意 or 拒绝 (the Android back key), or the app went to the background",
         fail, C::Verified},
        {"alipay", Hop::Dialog, "11", "用户取消授权", "the user tapped 拒绝 in the authorization float", fail, C::Verified},
        {"alipay", Hop::PlatformResponse, "isv.code-invalid", "授权码code无效", "40002: the code is wrong, used, expired or another app's", gw,
         C::Verified},
        {"alipay", Hop::PlatformResponse, "isv.invalid-app-id", "无效的AppID参数", "40002: no such app_id (answered without a sign)", gw,
         C::Verified},
        {"alipay", Hop::PlatformResponse, "isv.invalid-signature", "验签出错", "40002: the request's sign does not verify with the registered app public key",
         gw, C::Verified},
        {"alipay", Hop::PlatformResponse, "isv.missing-signature", "缺少签名参数", "40001: no sign", gw, C::Documented},
        {"alipay", Hop::PlatformResponse, "isv.refresh-token-invalid", "刷新令牌错误或状态不对", "40002: a wrong, used or expired refresh_token", gw,
         C::Documented},
        {"alipay", Hop::PlatformResponse, "20000", "系统繁忙", "Service Currently Unavailable (isp.unknow-error)", gw, C::Documented},
    };
}

namespace {
constexpr const char* kWhyTtl =
    "The docs give auth codes a dynamic lifetime of 3 minutes to 24 hours; 10 minutes sits inside it and leaves a scenario room to let one expire.";
constexpr const char* kWhyFormats =
    "Auth codes, open_ids, union_ids and tokens have no documented format; these follow the shapes of real values seen in public issues.";
constexpr const char* kWhyUnionId = "The SDKs' response classes have union_id, but no real response seen carries it: off unless the app says so.";
constexpr const char* kWhySigned =
    "Real error_response answers carry a sign (except for an unknown app_id); alipay-sdk 4.14.0 does not verify one anyway.";
constexpr const char* kWhyOrder =
    "The order of the gateway's own checks is not documented: missing parameters, app_id, method, format, sign_type, timestamp, key, then the signature.";
constexpr const char* kWhySkew = "The request's timestamp is checked for its shape only: an SDK sends its machine's local time, not virtual time.";
constexpr const char* kWhyGrant = "A missing or unknown grant_type answers isv.invalid-parameter; the real answer is not known.";
constexpr const char* kWhyRefresh = "An unknown, expired or another app's refresh_token answers isv.refresh-token-invalid; the old access_token lives on.";
constexpr const char* kWhyTokens =
    "expires_in 1296000 and re_expires_in 2592000 (numbers), as every real answer seen says; the doc's sample says \"3600\".";
constexpr const char* kWhyHang = "my.getAuthCode has no timeout of its own: a call that never hears back fails with 12 Network Error after 10 s.";
constexpr const char* kWhyFloat = "The authorization float is Alipay's own UI; its layout is a plausible one, not a documented one.";
constexpr const char* kWhyUniScopes = "The demo page's uni.login asks auth_user, to show the float and uni-app's renaming; Taro forces auth_base.";
}  // namespace

std::vector<Assumption> alipay_assumptions() {
    return {
        {"alipay.auth_code.ttl_ms", "600000", kWhyTtl},
        {"alipay.formats", "code 28 hex + 2 capitals + 2 digits; open_id 0 + 2 digits + 44 base64url; tokens authusrB/authbseB…", kWhyFormats},
        {"alipay.union_id_bound", "false", kWhyUnionId},
        {"alipay.error.signed", "signed, except unknown app_id", kWhySigned},
        {"alipay.gateway.check_order", "params, app_id, method, format, sign_type, timestamp, key, sign", kWhyOrder},
        {"alipay.gateway.timestamp_skew", "shape only", kWhySkew},
        {"alipay.oauth_token.bad_grant_type", "isv.invalid-parameter", kWhyGrant},
        {"alipay.refresh_token.errors", "isv.refresh-token-invalid", kWhyRefresh},
        {"alipay.token.lifetimes", "1296000 / 2592000 s", kWhyTokens},
        {"alipay.get_auth_code.hang_ms", "10000", kWhyHang},
        {"alipay.auth_float.layout", "支付宝授权 · 同意 / 拒绝", kWhyFloat},
        {"alipay.uni_login.scopes", "auth_user (uni.login), auth_base (Taro.login)", kWhyUniScopes},
    };
}

std::vector<std::pair<const char*, const char*>> alipay_translations() {
    return {
        {"Alipay mini program", "支付宝小程序"},
        {"Alipay", "支付宝"},
        {"Client (Alipay mini program)", "客户端（支付宝小程序）"},
        {"Platform (Alipay)", "平台（支付宝）"},
        {"my.getAuthCode (auth_base)", "my.getAuthCode（静默授权）"},
        {"my.getAuthCode (auth_user)", "my.getAuthCode（主动授权）"},
        {"tap 同意 (Alipay)", "点击 同意（支付宝）"},
        {"tap 拒绝 (Alipay)", "点击 拒绝（支付宝）"},
        {"back key (Alipay float)", "返回键（支付宝浮窗）"},
        {"uni.login (Alipay)", "uni.login（支付宝）"},
        {"Taro.login (Alipay)", "Taro.login（支付宝）"},
        {kWhyTtl, "文档说授权码有效期动态变化，3 分钟到 24 小时；取 10 分钟，在范围内，也便于场景让它过期。"},
        {kWhyFormats, "授权码、open_id、union_id 和令牌的格式都没有文档；这里沿用公开问题里真实值的形状。"},
        {kWhyUnionId, "SDK 的响应类里有 union_id，但没见过真实响应带它：除非应用声明，否则不给。"},
        {kWhySigned, "真实的 error_response 带签名（未知 app_id 除外）；alipay-sdk 4.14.0 反正也不验它。"},
        {kWhyOrder, "网关自身检查的顺序没有文档：缺参数、app_id、method、format、sign_type、timestamp、公钥，最后验签。"},
        {kWhySkew, "请求的 timestamp 只检查格式：SDK 发的是本机时间，不是虚拟时间。"},
        {kWhyGrant, "grant_type 缺失或未知时回答 isv.invalid-parameter；真实回答未知。"},
        {kWhyRefresh, "未知、过期或别的应用的 refresh_token 回答 isv.refresh-token-invalid；旧的 access_token 仍然有效。"},
        {kWhyTokens, "expires_in 1296000、re_expires_in 2592000（数字），与见到的真实回答一致；文档示例写的是 \"3600\"。"},
        {kWhyHang, "my.getAuthCode 自己没有超时：一直收不到回应的调用在 10 秒后以 12 Network Error 失败。"},
        {kWhyFloat, "授权浮窗是支付宝自己的界面；这里的布局是合理的猜测，不是文档规定的。"},
        {kWhyUniScopes, "演示页面的 uni.login 请求 auth_user，以展示浮窗和 uni-app 的改名；Taro 强制 auth_base。"},
    };
}

std::vector<NarrationEntry> alipay_narration() {
    return {
        {"api.call", "alipay text~auth_base",
         "The mini program calls my.getAuthCode with auth_base: silent, no popup. Alipay returns an authCode that the server can "
         "exchange only for the user's id (user_id, or open_id in openid mode).",
         "小程序以 auth_base 调用 my.getAuthCode：静默授权，不弹窗。支付宝返回的 authCode 服务端只能换到用户标识（user_id，openid 模式下是 open_id）。"},
        {"api.call", "alipay text~auth_user",
         "my.getAuthCode with auth_user: Alipay shows its authorization float and the user must agree before a code comes back. "
         "Never on the first screen and never from onShow: closing the float fires onShow again.",
         "以 auth_user 调用 my.getAuthCode：支付宝弹出授权浮窗，用户同意后才给 code。不要放在首屏，也不要在 onShow 里调用：关掉浮窗会再次触发 onShow。"},
        {"api.call", "alipay text~uni.login",
         "uni.login on Alipay calls my.getAuthCode with the page's arguments. uni-app renames authCode to code (vue3; vue2 keeps "
         "both), and on failure keeps only errMsg: 'login:fail ' + errorMessage, the numeric error is gone.",
         "支付宝上的 uni.login 用页面的参数调用 my.getAuthCode。uni-app 把 authCode 改名为 code（vue3；vue2 两个都留），"
         "失败时只留 errMsg：'login:fail ' + errorMessage，数字错误码没了。"},
        {"api.call", "alipay text~Taro.login",
         "Taro.login on Alipay calls my.getAuthCode with scopes forced to auth_base, whatever the page asked, and adds code beside authCode.",
         "支付宝上的 Taro.login 调用 my.getAuthCode，不管页面要什么，scopes 都强制为 auth_base，并在 authCode 旁边加上 code。"},
        {"alipay.auth_float_opened", "",
         "Alipay shows its authorization float: the user agrees (a code for auth_user), refuses (error 11, the user cancelled) or "
         "closes it with the back key (error 10, Empty Data).",
         "支付宝弹出授权浮窗：用户同意（得到 auth_user 的 code）、拒绝（error 11 用户取消授权），或者用返回键关掉（error 10 Empty Data）。"},
        {"code.issued", "alipay",
         "Alipay issued an auth code: single use, with a lifetime between 3 minutes and 24 hours. The server exchanges it at "
         "alipay.system.oauth.token, signing the request with its app private key.",
         "支付宝发了一个授权码：只能用一次，有效期在 3 分钟到 24 小时之间。服务端用应用私钥给请求签名，到 alipay.system.oauth.token 换取。"},
        {"http.request", "/api/alipay/login",
         "The mini program sends the auth code to its developer server; only the server holds the app private key that signs the exchange.",
         "小程序把授权码发给自己的开发者服务器；只有服务器持有给换取请求签名的应用私钥。"},
        {"http.request", "/gateway.do",
         "The server calls Alipay's gateway: app_id, method, timestamp and sign_type in the query, grant_type and code in a form body, "
         "and a sign: RSA2 (SHA256withRSA) over every parameter sorted by name. No secret travels; Alipay verifies with the app public key.",
         "服务端调用支付宝网关：app_id、method、timestamp、sign_type 在查询串里，grant_type 和 code 在表单里，再加一个签名："
         "对按名字排序的全部参数做 RSA2（SHA256withRSA）。没有密钥在网上传；支付宝用应用公钥验签。"},
        {"http.response", "/gateway.do",
         "Alipay's answer: alipay_system_oauth_token_response (user_id or open_id, access_token, refresh_token, their lifetimes) or "
         "error_response (code, msg, sub_code, sub_msg), with a sign the server checks with Alipay's public key.",
         "支付宝的回答：alipay_system_oauth_token_response（user_id 或 open_id、access_token、refresh_token 及有效期），"
         "或 error_response（code、msg、sub_code、sub_msg），附带服务端要用支付宝公钥验证的签名。"},
        {"http.response", "/api/alipay/login",
         "The developer server answers the app: on success only its own login token, never the access_token; on failure 401 with Alipay's sub_code.",
         "开发者服务器回复应用：成功时只给自己的登录 token，绝不给 access_token；失败时返回 401 和支付宝的 sub_code。"},
        {"exchange.ok", "alipay",
         "alipay.system.oauth.token succeeded and Alipay consumed the code: the user's id, and an access_token that stays on the server.",
         "alipay.system.oauth.token 成功，支付宝消耗了这个授权码：得到用户标识，以及留在服务器上的 access_token。"},
        {"exchange.error", "alipay", "Alipay refused alipay.system.oauth.token with an error_response instead of tokens.",
         "支付宝拒绝了 alipay.system.oauth.token，返回 error_response 而不是令牌。"},
        {"exchange.error", "alipay sub_code=isv.code-invalid",
         "Alipay answered isv.code-invalid (the auth code is invalid): the code is wrong, was already used, expired, or belongs to another app.",
         "支付宝返回 isv.code-invalid（授权码code无效）：授权码不对、已经用过、过期了，或者属于别的应用。"},
        {"exchange.error", "alipay sub_code=isv.invalid-signature",
         "Alipay answered isv.invalid-signature: the sign does not verify with the app public key registered in its console.",
         "支付宝返回 isv.invalid-signature：签名用控制台里登记的应用公钥验不过。"},
        {"action.fail", "alipay errcode=11",
         "my.getAuthCode failed with error 11 (the user cancelled): the user refused in the float. Do not ask again at once.",
         "my.getAuthCode 以 11 用户取消授权失败：用户点了拒绝。不要马上再问。"},
        {"action.fail", "alipay errcode=4",
         "my.getAuthCode failed with error 4 (no permission, N22104): a personal app, or one not signed up for the mini program base product.",
         "my.getAuthCode 以 4 无权调用（N22104）失败：个人应用，或者没有签约小程序基础产品。"},
        {"action.fail", "alipay text~login:fail",
         "uni.login failed and all the page gets is errMsg 'login:fail ' + Alipay's message: the numeric error was dropped by uni-app, "
         "so code that branches on the number never sees it.",
         "uni.login 失败，页面只拿到 errMsg 'login:fail ' + 支付宝的消息：数字错误码被 uni-app 丢掉了，按数字判断的代码永远看不到它。"},
    };
}

}  // namespace ls
