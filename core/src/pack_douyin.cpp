// Douyin (抖音小程序, `tt`), added as a platform pack (platform_pack.hpp): tt.login with its host
// login window, tt.checkSession, uni.login on Douyin, and the developer server's jscode2session v2
// (PLATFORM-FACTS-MORE §0 and §2). The platform's side is douyin.cpp.
#include <nlohmann/json.hpp>

#include "engine_hops.hpp"
#include "loginscope/douyin.hpp"
#include "loginscope/platform_pack.hpp"

namespace ls {

namespace {

using H = EngineHops;
using ojson = nlohmann::ordered_json;
constexpr const char* kLoggedIn = "douyin_logged_in";

ActionResult not_douyin(const Step& s) { return H::wrong_flow(s, "douyin"); }

// A tt API's failure (`api` "login" or "checkSession") as `caller` prints it: errMsg "<api>:fail " + the
// message; errorCode and errorType (2023's error-code scheme) where the catalog numbers it.
ActionResult tt_fail(Engine& e, uint32_t flow, const std::string& caller, const std::string& api, ActionResult r,
                     const std::string& code) {
    const CatalogEntry* c = find_catalog_entry("douyin", code);
    r.ok = r.pending = false;
    r.errMsg = api + ":fail " + (c ? c->message : code);
    r.detail = r.errMsg;
    ojson res{{"errMsg", r.errMsg}};
    if (const int n = errcode_number(code); n > 0) {
        r.errcode = n;
        res["errorCode"] = n;
        res["errorType"] = "U";  // 113001 and 113094 are documented as U (the user's); the others: assumptions()
    }
    H::callbacks(e, flow, caller, "fail", res.dump());
    return r;
}

// Douyin answered tt.login: the codes to the success callback, then, with a code, the app posts it
// to its server (an anonymousCode alone logs no one in: the demo app keeps it).
ActionResult got_codes(Engine& e, uint32_t flow, ActionResult r, const std::string& caller, bool logged_in) {
    const Environment env = e.environment();
    H::clock(e).advance(add_ms(env.latency_ms, env.latency_ms));  // there and back
    const DouyinCodes c = H::pack<DouyinPlatform>(e)->issue_codes(env.user, logged_in, flow);
    ojson res = ojson::object();
    if (c.code) res["code"] = *c.code;
    res["isLogin"] = logged_in;
    res["anonymousCode"] = c.anonymous_code;
    res["errMsg"] = "login:ok";
    r.ok = true;
    r.errMsg = "login:ok";
    H::callbacks(e, flow, caller, "success", res.dump());
    if (!c.code) {
        r.detail = "no code: the user is not logged in to Douyin (anonymousCode only, isLogin false)";
        return r;
    }
    H::start_identity(e, *c.code, c.expires_ms);
    ActionResult x = H::send_code(e, flow, *c.code);
    x.action = r.action;
    return x;
}

// tt.login({force}) as `caller` calls it (`call` is what the journal shows).
ActionResult tt_login_in(Engine& e, uint32_t flow, ActionResult r, bool force, const std::string& caller, const std::string& call) {
    DouyinPlatform* douyin = H::pack<DouyinPlatform>(e);
    std::string code = H::call_client_api(e, flow, call, "network unavailable", assumed_int("douyin.login.hang_ms"));
    const Environment env = e.environment();
    if (code.empty() && !env.online) code = "network unavailable";
    if (!code.empty()) return tt_fail(e, flow, caller, "login", r, code);
    const bool logged_in = pack_setting(env, kLoggedIn);
    if (!logged_in && force) {  // "force 为 true 时 … 未在宿主登录 … 则会调起宿主的登录窗口"
        douyin->show_host_login(true, caller);
        H::note(e, flow, Actor::Platform, Hop::Dialog, "douyin.host_login_opened",
                "Douyin shows its own login window (layout: assumption)", {}, Actor::Client);
        return H::waits_for_user(e, flow, r, "Douyin's login window is showing");
    }
    return got_codes(e, flow, r, caller, logged_in);
}

ActionResult tt_login(Engine& e, const Step& s, bool force) {
    if (!H::pack<DouyinPlatform>(e)) return not_douyin(s);
    auto [flow, r] = H::start(e, s.action);
    return H::finish(e, flow, tt_login_in(e, flow, r, force, "tt.login", force ? "tt.login()" : "tt.login({force: false})"));
}

// uni.login({provider: 'toutiao', scopes: 'auth_user'}): uni-app drops scopes and timeout with a
// warning (its protocol for mp-toutiao), then calls tt.login and hands its result through untouched.
ActionResult uni_login_toutiao(Engine& e, const Step& s) {
    if (!H::pack<DouyinPlatform>(e)) return not_douyin(s);
    auto [flow, r] = H::start(e, s.action);
    H::console(e, flow, "console.warn 字节跳动小程序 login 暂不支持 scopes");
    std::string call = "uni.login({provider: 'toutiao', scopes: 'auth_user'";
    if (s.login.timeout_ms) {
        H::console(e, flow, "console.warn 字节跳动小程序 login 暂不支持 timeout");
        call += ", timeout: " + std::to_string(*s.login.timeout_ms);
    }
    return H::finish(e, flow, tt_login_in(e, flow, r, true, "uni.login", call + "}) → tt.login()"));
}

// The host login window's buttons: 一键登录 logs the user in to Douyin and tt.login goes on;
// 取消 fails it with host login fail (113001).
ActionResult host_login(Engine& e, const Step& s, bool log_in) {
    DouyinPlatform* douyin = H::pack<DouyinPlatform>(e);
    if (!douyin) return not_douyin(s);
    auto [flow, r] = H::start(e, s.action);
    if (!douyin->host_login_open()) return H::finish_with(e, flow, r, "Douyin's login window is not showing");
    const std::string caller = douyin->host_login_caller();
    douyin->show_host_login(false);
    H::gate(e, Hop::Dialog);
    std::string code = H::client_fault(e, flow, Hop::Dialog, "113001", 0);
    if (code.empty() && !log_in) code = "113001";
    if (!code.empty()) return H::finish(e, flow, tt_fail(e, flow, caller, "login", r, code));
    Environment env = e.environment();
    env.pack_settings[kLoggedIn] = true;
    e.set_environment(env);
    return H::finish(e, flow, got_codes(e, flow, r, caller, true));
}

// tt.checkSession: alive only after a tt.login with the host logged in, until it expires or the
// user logs out of the host app (113101 session is empty, 113102 session is expired).
ActionResult tt_check_session(Engine& e, const Step& s) {
    DouyinPlatform* douyin = H::pack<DouyinPlatform>(e);
    if (!douyin) return not_douyin(s);
    auto [flow, r] = H::start(e, s.action);
    H::note(e, flow, Actor::Client, Hop::SessionCheck, "api.call", "tt.checkSession()", {}, Actor::Platform);
    H::gate(e, Hop::SessionCheck);
    const Environment env = e.environment();
    std::string code = H::client_fault(e, flow, Hop::SessionCheck, "", 0);
    if (code.empty()) code = douyin->check_session(env.user, pack_setting(env, kLoggedIn));
    H::note(e, flow, Actor::Platform, Hop::SessionCheck, code.empty() ? "session.valid" : "session.invalid",
            code.empty() ? "Douyin's session of the latest tt.login is alive" : "no live Douyin session: " + code,
            {{"session_key", douyin->session_key_of(env.user)}}, Actor::Client);
    if (!code.empty()) return H::finish(e, flow, tt_fail(e, flow, "tt.checkSession", "checkSession", r, code));
    r.ok = true;
    r.errMsg = "checkSession:ok";
    H::callbacks(e, flow, "tt.checkSession", "success", ojson{{"errMsg", r.errMsg}}.dump());
    return H::finish(e, flow, r);
}

// The developer server's jscode2session v2: JSON {appid, secret, code}; err_no 0 gives data.
PackExchange exchange(const std::string& code, const PackApp& app, const PlatformCaller& call, int64_t) {
    HttpRequest ex;
    ex.method = "POST";
    ex.path = "/api/apps/v2/jscode2session";
    ex.headers["Content-Type"] = "application/json";
    ex.body = nlohmann::json{{"appid", app.at("appid")}, {"secret", app.at("secret")}, {"code", code}}.dump();
    const TransportResult r = call(ex);
    const nlohmann::json body = r.ok() ? nlohmann::json::parse(r.reply->body, nullptr, false) : nlohmann::json();
    PackExchange out;
    if (!body.is_object() || !body.contains("err_no") || !body["err_no"].is_number_integer()) {
        out.no_answer = r;
        return out;
    }
    const int err_no = body["err_no"];
    const std::string tips = body.value("err_tips", "");
    const nlohmann::json data = body.value("data", nlohmann::json::object());
    if (err_no != 0 || !data.is_object() || data.value("openid", "").empty()) {
        out.why = "jscode2session failed: " + std::to_string(err_no) + " " + tips;
        // The built-in server's own refusal, in its one shape for every platform: {error, errcode, errmsg}.
        out.rejection = {401, nlohmann::json{{"error", "jscode2session_failed"}, {"errcode", err_no}, {"errmsg", tips}}
                                  .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)};
        return out;
    }
    DevSession s;
    s.openid = data.value("openid", "");
    s.unionid = data.value("unionid", "");
    s.session_key = data.value("session_key", "");  // kept server-side only
    out.session = s;
    return out;
}

constexpr uint32_t kDouyinBlack = 0x161823;

std::vector<CatalogEntry> douyin_catalog() {
    using C = Confidence;
    const char* tt = R"({"errMsg":"login:fail MESSAGE","errorCode":N,"errorType":"U"})";
    const char* c2s = R"({"err_no":N,"err_tips":"TIPS","log_id":"…","data":{"session_key":"","openid":"","anonymous_openid":"","unionid":""}})";
    return {
        {"douyin", Hop::Dialog, "113001", "host login fail", "the user cancelled the host app's login window", tt, C::Verified},
        {"douyin", Hop::ClientCall, "113094", "app in background", "tt.login was called while the mini program was in the background", tt,
         C::Verified},
        {"douyin", Hop::ClientCall, "network unavailable", "network unavailable", "no network (older error table: no errorCode)",
         R"({"errMsg":"login:fail network unavailable"})", C::Verified},
        {"douyin", Hop::SessionCheck, "113101", "session is empty", "no session: no tt.login with the host logged in, or the user logged out",
         R"({"errMsg":"checkSession:fail session is empty","errorCode":113101})", C::Verified},
        {"douyin", Hop::SessionCheck, "113102", "session is expired", "the session of the latest tt.login expired",
         R"({"errMsg":"checkSession:fail session is expired","errorCode":113102})", C::Verified},
        {"douyin", Hop::PlatformResponse, "-1", "system error", "系统错误 (err_tips: assumption)", c2s, C::Documented},
        {"douyin", Hop::PlatformResponse, "40014", "bad params", "未传必要参数 (err_tips: the v1 API's errmsg)", c2s, C::Documented},
        {"douyin", Hop::PlatformResponse, "40015", "bad appid", "appid 错误", c2s, C::Documented},
        {"douyin", Hop::PlatformResponse, "40017", "bad secret", "secret 错误 (err_tips: assumption)", c2s, C::Documented},
        {"douyin", Hop::PlatformResponse, "40018", "bad code", "code 错误: unknown, used or expired (err_tips: assumption)", c2s,
         C::Documented},
        {"douyin", Hop::PlatformResponse, "40019", "bad anonymous_code", "acode 错误 (err_tips: assumption)", c2s, C::Documented},
    };
}

constexpr const char* kWhyTips =
    "Only 40015's err_tips (\"bad appid\") is documented; the others follow its style (40014's is the v1 API's errmsg).";
constexpr const char* kWhyStatus =
    "jscode2session v2's HTTP status on an error is not documented; err_no carries it.";
constexpr const char* kWhySession =
    "How long tt.checkSession keeps a session alive is not documented (\"session_key 有效期\" unpublished): 3 days.";
constexpr const char* kWhyHang =
    "tt.login has no timeout parameter: a call that never hears back fails with network unavailable after 10 s.";
constexpr const char* kWhyIds =
    "The formats of Douyin's identifiers are not documented; these follow values seen in public samples.";
constexpr const char* kWhyLayout =
    "The host app's login window is Douyin's own UI and undocumented; only its cancel result (113001) is.";
constexpr const char* kWhySpent =
    "When one of code and anonymous_code is bad, whether the other is spent is not documented: neither is.";
constexpr const char* kWhyErrorType =
    "errorType is documented for 113001 and 113094 only.";

std::vector<Assumption> douyin_assumptions() {
    return {
        {"douyin.err_tips", "bad params / bad secret / bad code / bad anonymous_code / system error",
         kWhyTips},
        {"douyin.http_status", "200", kWhyStatus},
        {"douyin.session.ttl_ms", "259200000",
         kWhySession},
        {"douyin.login.hang_ms", "10000",
         kWhyHang},
        {"douyin.ids", "openid \"_000\" + 32 alphanumerics; unionid a UUID; codes 24 alphanumerics",
         kWhyIds},
        {"douyin.host_login.layout", "登录抖音 · 一键登录 / 取消",
         kWhyLayout},
        {"douyin.codes_spent", "neither on error",
         kWhySpent},
        {"douyin.error_type", "U for every tt.login and tt.checkSession failure",
         kWhyErrorType},
    };
}

std::vector<NarrationEntry> douyin_narration() {
    return {
        {"api.call", "douyin text~tt.login()",
         "The mini program calls tt.login. If the user is logged in to the Douyin app it returns a code (valid 5 minutes, single "
         "use) and an anonymousCode; if not, force (true by default) makes Douyin show its own login window first.",
         "小程序调用 tt.login。用户已登录抖音 App 时返回 code（有效期 5 分钟，只能用一次）和 anonymousCode；未登录时，force（默认 true）"
         "会让抖音先弹出自己的登录窗口。"},
        {"api.call", "douyin text~force: false",
         "tt.login with force: false never shows a login window: a user not logged in to Douyin gets only an anonymousCode "
         "(isLogin false), which identifies the phone, not the user.",
         "force: false 的 tt.login 不会弹登录窗口：没登录抖音的用户只拿到 anonymousCode（isLogin 为 false），它标识的是这台手机，不是用户。"},
        {"api.call", "douyin text~uni.login",
         "uni.login on Douyin calls tt.login, but first drops scopes and timeout with a console warning: a codebase shared with "
         "Alipay loses its scopes here silently, apart from that warning.",
         "uni.login 在抖音上调用 tt.login，但先丢掉 scopes 和 timeout，只在控制台打一条警告：和支付宝共用的代码在这里静默失去 scopes，"
         "只有那条警告提醒你。"},
        {"api.call", "douyin text~tt.checkSession",
         "tt.checkSession asks whether the Douyin session of the latest tt.login is alive. It is empty before a logged-in "
         "tt.login and after the user logs out of Douyin (113101), and expires after a while (113102).",
         "tt.checkSession 询问最近一次 tt.login 的抖音登录态是否还有效。没有登录过或用户退出抖音后为空（113101），过一段时间会过期（113102）。"},
        {"douyin.host_login_opened", "",
         "The user is not logged in to the Douyin app, so Douyin shows its own login window before it hands out a code. "
         "Cancelling it fails tt.login with host login fail (113001).",
         "用户没有登录抖音 App，所以抖音先弹出自己的登录窗口，然后才给 code。取消会让 tt.login 以 host login fail（113001）失败。"},
        {"code.issued", "douyin",
         "Douyin issued a code, valid 5 minutes (older docs said 3) and usable once. The developer server exchanges it at "
         "jscode2session with the appid and the secret; the session_key it gets is replaced by the next tt.login.",
         "抖音发了一个 code，有效期 5 分钟（旧文档写的是 3 分钟），只能用一次。开发者服务器用 appid 和 secret 到 jscode2session 换取；"
         "换到的 session_key 会被下一次 tt.login 刷新。"},
        {"code.issued", "douyin anonymous=true",
         "Douyin issued an anonymousCode: it comes whether or not the user is logged in, lives 5 minutes, and exchanges for "
         "anonymous_openid, the same for every login on this phone.",
         "抖音发了一个 anonymousCode：无论是否登录都会返回，有效期 5 分钟，可换取 anonymous_openid，同一台手机上每次都相同。"},
        {"http.request", "/api/douyin/login",
         "The mini program sends Douyin's code to its developer server; the secret needed to exchange it is only there.",
         "小程序把抖音的 code 发给自己的开发者服务器；换取 code 要用的 secret 只在服务器上。"},
        {"http.request", "/api/apps/v2/jscode2session",
         "The developer server posts JSON to Douyin's jscode2session: appid, secret and the code (or anonymous_code). Douyin "
         "answers err_no 0 with data, or an err_no and err_tips.",
         "开发者服务器向抖音的 jscode2session 发送 JSON：appid、secret 和 code（或 anonymous_code）。抖音返回 err_no 为 0 和 data，"
         "或者一个 err_no 和 err_tips。"},
        {"http.response", "/api/douyin/login",
         "The developer server answers the app: on success only its own login token, never session_key; on failure 401 "
         "with Douyin's err_no.",
         "开发者服务器回复应用：成功时只给自己的登录 token，绝不给 session_key；失败时返回 401 和抖音的 err_no。"},
        {"http.response", "/api/apps/v2/jscode2session",
         "Douyin's answer: data has session_key, openid and unionid only when a code was sent, anonymous_openid only when an "
         "anonymous_code was; an error keeps data with every field empty.",
         "抖音的回答：只有发了 code，data 里才有 session_key、openid 和 unionid；只有发了 anonymous_code 才有 anonymous_openid；"
         "出错时 data 的每个字段都是空的。"},
        {"exchange.ok", "douyin",
         "jscode2session succeeded and Douyin consumed the code: openid is the user in this mini program, unionid the same user "
         "across the developer's apps, session_key stays on the server.",
         "jscode2session 成功，抖音消耗了这个 code：openid 是用户在这个小程序里的身份，unionid 是同一个用户在开发者各应用间的身份，"
         "session_key 留在服务器上。"},
        {"exchange.error", "douyin",
         "Douyin refused jscode2session with an err_no instead of data.", "抖音拒绝了 jscode2session，返回 err_no 而不是 data。"},
        {"exchange.error", "douyin err_no=40018",
         "Douyin answered 40018 (bad code): the code is unknown, was already used, or is older than 5 minutes.",
         "抖音返回 40018（bad code）：这个 code 不存在、已经用过，或者超过了 5 分钟。"},
        {"exchange.error", "douyin err_no=40015",
         "Douyin answered 40015 (bad appid): the appid is not this mini program's.", "抖音返回 40015（bad appid）：appid 不是这个小程序的。"},
        {"exchange.error", "douyin err_no=40017",
         "Douyin answered 40017: the secret does not match the appid.", "抖音返回 40017：secret 和 appid 对不上。"},
        {"action.fail", "douyin errcode=113001",
         "tt.login failed with host login fail (113001): the user cancelled Douyin's login window. Douyin's docs say no action "
         "is needed; the app can offer the login again later.",
         "tt.login 以 host login fail（113001）失败：用户取消了抖音的登录窗口。抖音文档说无需处理，应用可以稍后再提供登录。"},
        {"action.fail", "douyin errcode=113101",
         "tt.checkSession failed with session is empty (113101): there was no tt.login with the user logged in to Douyin, or "
         "the user logged out. Call tt.login again.",
         "tt.checkSession 以 session is empty（113101）失败：没有在登录抖音的状态下调用过 tt.login，或用户已退出。需要重新 tt.login。"},
        {"session.valid", "douyin", "tt.checkSession succeeds: the Douyin session is still alive, no need to log in again.",
         "tt.checkSession 成功：抖音登录态仍然有效，不需要重新登录。"},
        {"session.invalid", "douyin",
         "tt.checkSession fails: the session is empty or expired, so the mini program must call tt.login again.",
         "tt.checkSession 失败：登录态为空或已过期，小程序必须重新调用 tt.login。"},
    };
}

// The English the GUI shows translated: the flow, its lifelines, its step labels, its assumptions' reasons.
std::vector<std::pair<const char*, const char*>> translations() {
    return {
        {"Douyin mini program", "抖音小程序"},
        {"Douyin", "抖音"},
        {"Client (Douyin mini program)", "客户端（抖音小程序）"},
        {"Platform (Douyin)", "平台（抖音）"},
        {"tt.login (force: false)", "tt.login（force: false）"},
        {"tap 一键登录 (Douyin)", "点击 一键登录（抖音）"},
        {"tap 取消 (Douyin)", "点击 取消（抖音）"},
        {"uni.login (Douyin)", "uni.login（抖音）"},
        {kWhyTips, "只有 40015 的 err_tips（\"bad appid\"）有文档；其余沿用它的写法（40014 的取自 v1 接口的 errmsg）。"},
        {kWhyStatus, "jscode2session v2 出错时的 HTTP 状态没有文档；错误由 err_no 表达。"},
        {kWhySession, "tt.checkSession 让登录态存活多久没有文档（session_key 有效期未公布）：取 3 天。"},
        {kWhyHang, "tt.login 没有 timeout 参数：一直收不到回应的调用在 10 秒后以 network unavailable 失败。"},
        {kWhyIds, "抖音标识符的格式没有文档；这里沿用公开示例中见到的形式。"},
        {kWhyLayout, "宿主 App 的登录窗口是抖音自己的界面，没有文档；只有取消的结果（113001）有文档。"},
        {kWhySpent, "code 和 anonymous_code 其中一个无效时，另一个是否被消耗没有文档：这里两个都不消耗。"},
        {kWhyErrorType, "errorType 只对 113001 和 113094 有文档。"},
    };
}

std::vector<StepKind> steps(FlowSet mine) {
    constexpr StepBy kPhone = StepBy::Phone;
    return {
        {"tt_login", "tt.login", "", kPhone, true, 6, mine, [](Engine& e, const Step& s) { return tt_login(e, s, true); }},
        {"tt_login_no_force", "tt.login (force: false)", "", kPhone, false, 2, mine,
         [](Engine& e, const Step& s) { return tt_login(e, s, false); }},
        {"douyin_host_log_in", "tap 一键登录 (Douyin)", "", kPhone, true, 3, mine,
         [](Engine& e, const Step& s) { return host_login(e, s, true); }},
        {"douyin_host_cancel", "tap 取消 (Douyin)", "", kPhone, false, 1, mine,
         [](Engine& e, const Step& s) { return host_login(e, s, false); }},
        {"tt_check_session", "tt.checkSession", "", kPhone, false, 2, mine, tt_check_session},
        {"uni_login_toutiao", "uni.login (Douyin)", "", kPhone, true, 1, mine, uni_login_toutiao},
    };
}

}  // namespace

PlatformPack douyin_pack(Flow first) {
    PlatformPack p;
    p.id = "douyin";
    p.name = "Douyin";
    p.host = "https://developer.toutiao.com";
    p.endpoints = {{"POST", "/api/apps/v2/jscode2session", "(JSON: appid, secret, code, anonymous_code)"}};
    p.login_path = "/api/douyin/login";
    p.flows = {{"douyin", "Douyin mini program", "tt.login", "tt.request", true, "douyin", "douyin",
                "leak-session-key accept-reused-code trust-client-openid log-secret", "tt_login", "抖音一键登录",
                PhonePage::PackMiniProgram, "Client (Douyin mini program)", "Platform (Douyin)", "Douyin", true, "",
                "user douyin_logged_in", {Hop::ClientCall, Hop::Dialog, Hop::SessionCheck, Hop::PlatformResponse}}};
    p.steps = steps(flow_bit(first));
    p.catalog = douyin_catalog();
    p.assumptions = douyin_assumptions();
    p.narration = douyin_narration();
    p.event_kinds = {"douyin.host_login_opened"};
    p.glossary = {
        {"anonymousCode",
         "What tt.login returns on Douyin whether or not the user is logged in: valid 5 minutes, single use, exchanged at "
         "jscode2session for anonymous_openid, which identifies the phone rather than the user.",
         "抖音 tt.login 无论用户是否登录都会返回的凭证：有效期 5 分钟，只能用一次，在 jscode2session 换取 anonymous_openid，它标识的是手机而不是用户。"},
        {"anonymous_openid",
         "Douyin's id of a phone in one mini program, from an anonymousCode: the same for every login on that phone.",
         "抖音用 anonymousCode 换到的、一台手机在某个小程序里的标识：同一台手机每次都相同。"},
        {"tt.login",
         "Douyin's login API: a code (5 minutes, single use) for a user logged in to the Douyin app, always an anonymousCode; "
         "with force (default true) a logged-out user first sees Douyin's login window.",
         "抖音的登录接口：用户已登录抖音 App 时给 code（5 分钟，只能用一次），总是给 anonymousCode；force 默认 true，未登录用户会先看到抖音的登录窗口。"},
    };
    p.demos = {
        {first, "scenarios/douyin/success.json", "tt.login -> jscode2session: a code, the server's token", "tt.login -> jscode2session：code 换 token", false},
        {first, "scenarios/douyin/host-login.json", "Not logged in to Douyin: its login window, then the code",
         "未登录抖音：先弹登录窗口，再拿 code", false},
        {first, "scenarios/douyin/host-cancel-113001.json", "The user cancels Douyin's login window: host login fail (113001)",
         "用户取消抖音登录窗口：host login fail（113001）", true},
        {first, "scenarios/douyin/anonymous-only.json", "force: false while logged out: only an anonymousCode",
         "未登录时 force: false：只有 anonymousCode", true},
        {first, "scenarios/douyin/code-reused-40018.json", "A Douyin code works once: 40018 bad code", "抖音 code 只能用一次：40018 bad code", true},
        {first, "scenarios/douyin/check-session-113101.json", "tt.checkSession before any login: 113101 session is empty",
         "还没登录就 tt.checkSession：113101 session is empty", true},
    };
    p.settings = {{kLoggedIn, true, "Logged in to Douyin", "已登录抖音", "off: tt.login opens Douyin's login window (force) or gives only an anonymousCode",
                   "关闭：tt.login 会弹出抖音的登录窗口（force），或只给 anonymousCode", "Douyin logged out", "抖音未登录"}};
    p.app_fields = {{"appid", "AppID", "tt8f3c2a1b0e9d7c65", false}, {"secret", "AppSecret", "5d9e0c7b3a1f24e68d0b9c7a5e3f1d2c4b6a8e0f", true}};
    p.buttons = {{"tt_login_no_force", "tt.login force:false", "tt.login({force: false}): never a login window; logged out, only an anonymousCode",
                  "tt.login({force: false})：不弹登录窗口；未登录时只有 anonymousCode"},
                 {"tt_check_session", "checkSession", "tt.checkSession(): 113101 when empty, 113102 when expired",
                  "tt.checkSession()：为空 113101，过期 113102"},
                 {"uni_login_toutiao", "uni.login", "uni.login on Douyin: scopes and timeout dropped with a warning, then tt.login",
                  "抖音上的 uni.login：丢掉 scopes 和 timeout 并警告，然后调用 tt.login"}};
    p.masked_fields = {"secret"};
    p.translations = translations();
    p.page = {"抖音小程序示例", "登录后可同步你的收藏与订单", kDouyinBlack, "已登录", "tt_check_session"};
    p.sheets = {douyin_host_login_sheet()};
    p.make = [](PackWorld w) -> std::unique_ptr<PackPlatform> { return std::make_unique<DouyinPlatform>(std::move(w)); };
    p.exchange = exchange;
    return p;
}

}  // namespace ls
