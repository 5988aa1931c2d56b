// Alipay (支付宝小程序, `my`), added as a platform pack (platform_pack.hpp): my.getAuthCode with
// auth_base (silent) and auth_user (Alipay's authorization float: 同意 / 拒绝 / the back key), its
// failures {error, errorMessage}, uni.login on Alipay (vue3 renames authCode to code, vue2 keeps
// both; a failure keeps only errMsg), Taro.login (auth_base forced), and the developer server's
// alipay.system.oauth.token, signed RSA2 (PLATFORM-FACTS-MORE §0, §1). The gateway is alipay.cpp.
#include <mutex>

#include <nlohmann/json.hpp>

#include "engine_hops.hpp"
#include "loginscope/alipay.hpp"
#include "loginscope/platform_pack.hpp"

namespace ls {

namespace {

using H = EngineHops;
using ojson = nlohmann::ordered_json;
constexpr const char* kBaseProduct = "alipay_base_product";

// The app as the pack's fields give it; an empty key field is the demo app's pair.
AlipayApp alipay_app(const PackApp& fields) {
    AlipayApp a;
    auto given = [&](const char* k) { return fields.count(k) && !fields.at(k).empty() ? fields.at(k) : std::string(); };
    if (!given("appid").empty()) a.app_id = given("appid");
    if (!given("app_public_key").empty()) a.app_public_key = given("app_public_key");
    if (!given("app_private_key").empty()) a.app_private_key = given("app_private_key");
    a.openid_mode = given("id_mode") == "open_id";
    return a;
}

// The authorization guide float (授权引导浮窗) of auth_user; its layout is an assumption.
const PackSheet& auth_float() {
    static const PackSheet sheet{"支付宝授权", {"「支付宝小程序示例」申请获取", "你的公开信息（昵称、头像等）"},
                                 {{"同意", "alipay_auth_agree"}, {"拒绝", "alipay_auth_reject"}, {"返回（安卓返回键）", "alipay_auth_back"}}};
    return sheet;
}

// The pack's platform in one world: the gateway (alipay.cpp), the float, and who waits on it.
class AlipayPack final : public PackPlatform {
public:
    explicit AlipayPack(PackWorld w) : gateway_(w.clock, w.ids, w.journal) { configure(w.app); }

    AlipayPlatform& gateway() { return gateway_; }
    HttpReply answer(const HttpRequest& req, uint32_t flow, const std::string& forced) override {
        return gateway_.gateway(req, flow, forced);
    }
    void reset() override {
        gateway_.reset();
        std::lock_guard<std::mutex> lock(mu_);
        float_ = false;
        caller_.clear();
    }
    void sweep() override { gateway_.sweep(); }
    std::optional<int64_t> next_expiry(int64_t after_ms) const override { return gateway_.next_expiry(after_ms); }
    std::string openid_of(const std::string& user) const override {
        const AlipayApp app = gateway_.app();
        return app.openid_mode ? gateway_.open_id_of(user, app.app_id) : gateway_.user_id_of(user);
    }
    std::optional<PackSheet> sheet() const override {
        std::lock_guard<std::mutex> lock(mu_);
        return float_ ? std::optional<PackSheet>(auth_float()) : std::nullopt;
    }
    std::optional<std::pair<std::string, int64_t>> admin_code(const std::string& appid, const std::string& user) override {
        if (appid != gateway_.app().app_id) return std::nullopt;
        return gateway_.issue_code(user, 0);
    }
    void configure(const PackApp& app) override { gateway_.set_app(alipay_app(app)); }
    void prepare() override { registered(); }  // generates the demo key pairs (a few hundred ms) now
    PackApp registered() const override {
        const AlipayApp app = gateway_.app();
        return {{"appid", app.app_id},
                {"app_public_key", app.public_key()},
                {"app_private_key", app.private_key()},  // the demo app's: what a test client signs with
                {"alipay_public_key", gateway_.platform_public_key()},
                {"id_mode", app.openid_mode ? "open_id" : "user_id"}};
    }

    // The float over the phone, and whose callbacks its outcome goes to ("my.getAuthCode", "uni.login").
    void show_float(bool on, const std::string& caller = "") {
        std::lock_guard<std::mutex> lock(mu_);
        float_ = on;
        caller_ = caller;
    }
    bool float_open() const {
        std::lock_guard<std::mutex> lock(mu_);
        return float_;
    }
    std::string caller() const {
        std::lock_guard<std::mutex> lock(mu_);
        return caller_;
    }

private:
    AlipayPlatform gateway_;
    mutable std::mutex mu_;
    bool float_ = false;
    std::string caller_;
};

ActionResult not_alipay(const Step& s) { return H::wrong_flow(s, "alipay"); }

// How `caller` hands a my.getAuthCode result to the page (PLATFORM-FACTS-MORE §0): my.getAuthCode as
// Alipay gives it; uni.login vue3 renames authCode to code, vue2 adds code beside it, and both add
// errMsg; Taro keeps authCode and adds code; a uni.login failure keeps only "login:fail " + message.
ojson shaped(Engine& e, const std::string& caller, ojson res, bool ok) {
    const bool vue2 = e.config().app.uni_runtime == "vue2";
    if (caller == "uni.login" && ok && vue2) {  // result.code = result.authCode: appended, the original kept
        res["code"] = res["authCode"];
        res["errMsg"] = "login:ok";
        return res;
    }
    if (caller == "uni.login" && ok) {  // vue3's returnValue map {authCode: 'code'}: renamed in place
        ojson out;
        out["code"] = res["authCode"];
        out["authErrorScopes"] = res["authErrorScopes"];
        out["authSuccessScopes"] = res["authSuccessScopes"];
        out["errMsg"] = "login:ok";
        return out;
    }
    if (caller == "uni.login") return ojson{{"errMsg", "login:fail " + res["errorMessage"].get<std::string>()}};
    if (caller == "Taro.login" && ok) res["code"] = res["authCode"];
    return res;
}

// The callbacks' console lines: Taro adds then / catch after complete.
void deliver(Engine& e, uint32_t flow, const std::string& caller, bool ok, const ojson& res) {
    H::callbacks(e, flow, caller, ok ? "success" : "fail", res.dump());
    if (caller == "Taro.login") H::console(e, flow, caller + (ok ? " then " : " catch ") + res.dump());
}

// A my.getAuthCode failure with Alipay's {error, errorMessage} (4 adds message and signature N22104).
ActionResult auth_fail(Engine& e, uint32_t flow, const std::string& caller, ActionResult r, const std::string& code) {
    const CatalogEntry* c = find_catalog_entry("alipay", code);
    const std::string message = c ? c->message : code;
    ojson res{{"error", std::stoi(code)}, {"errorMessage", message}};
    if (code == "4") res["message"] = message, res["signature"] = "N22104";
    r.ok = r.pending = false;
    const ojson shown = shaped(e, caller, res, false);
    if (caller == "uni.login") {
        r.errMsg = shown["errMsg"];  // the numeric error is gone: only the message is left to branch on
    } else {
        r.errcode = std::stoi(code);
        r.errMsg = message;
    }
    r.detail = (caller == "uni.login" ? r.errMsg : "error " + code + " " + message);
    deliver(e, flow, caller, false, shown);
    return r;
}

// Alipay issued a code for `scope`: the success callback, then the app posts the code to its server.
ActionResult got_code(Engine& e, uint32_t flow, ActionResult r, const std::string& caller, const std::string& scope) {
    const Environment env = e.environment();
    H::clock(e).advance(add_ms(env.latency_ms, env.latency_ms));
    const auto [code, expires] = H::pack<AlipayPack>(e)->gateway().issue_code(env.user, flow, scope);
    const ojson res{{"authCode", code}, {"authErrorScopes", ojson::object()}, {"authSuccessScopes", ojson::array({scope})}};
    deliver(e, flow, caller, true, shaped(e, caller, res, true));
    H::start_identity(e, code, expires);
    ActionResult x = H::send_code(e, flow, code);
    x.action = r.action;
    return x;
}

// my.getAuthCode({scopes}) as `caller` calls it: the client's checks, then auth_base's code at once
// or auth_user's float.
ActionResult get_auth_code(Engine& e, uint32_t flow, ActionResult r, const std::string& caller, const std::string& scope,
                           const std::string& call) {
    std::string code = H::call_client_api(e, flow, call, "12", assumed_int("alipay.get_auth_code.hang_ms"));
    const Environment env = e.environment();
    if (code.empty() && !env.online) code = "12";
    if (code.empty() && !pack_setting(env, kBaseProduct)) code = "4";
    if (!code.empty()) return auth_fail(e, flow, caller, r, code);
    if (scope != "auth_user") return got_code(e, flow, r, caller, scope);
    H::pack<AlipayPack>(e)->show_float(true, caller);
    H::note(e, flow, Actor::Platform, Hop::Dialog, "alipay.auth_float_opened",
            "Alipay shows its authorization float for auth_user (layout: assumption)", {}, Actor::Client);
    return H::waits_for_user(e, flow, r, "Alipay's authorization float is showing");
}

ActionResult my_get_auth_code(Engine& e, const Step& s, const std::string& scope) {
    if (!H::pack<AlipayPack>(e)) return not_alipay(s);
    auto [flow, r] = H::start(e, s.action);
    return H::finish(e, flow, get_auth_code(e, flow, r, "my.getAuthCode", scope, "my.getAuthCode({scopes: '" + scope + "'})"));
}

// uni.login({provider: 'alipay', scopes}) passes its arguments through to my.getAuthCode (auth_base
// unless the page asks auth_user: the demo page asks auth_user, to show the float and the renaming).
ActionResult uni_login_alipay(Engine& e, const Step& s) {
    if (!H::pack<AlipayPack>(e)) return not_alipay(s);
    auto [flow, r] = H::start(e, s.action);
    return H::finish(e, flow, get_auth_code(e, flow, r, "uni.login", "auth_user",
                                            "uni.login({provider: 'alipay', scopes: 'auth_user'}) → my.getAuthCode"));
}

// Taro.login on Alipay forces scopes to auth_base, whatever the page asked.
ActionResult taro_login_alipay(Engine& e, const Step& s) {
    if (!H::pack<AlipayPack>(e)) return not_alipay(s);
    auto [flow, r] = H::start(e, s.action);
    return H::finish(e, flow, get_auth_code(e, flow, r, "Taro.login", "auth_base",
                                            "Taro.login() → my.getAuthCode({scopes: 'auth_base'})"));
}

// The float's three ways out: 同意 (a code for auth_user), 拒绝 (11), the Android back key (10).
ActionResult float_answer(Engine& e, const Step& s, const std::string& outcome) {
    AlipayPack* pack = H::pack<AlipayPack>(e);
    if (!pack) return not_alipay(s);
    auto [flow, r] = H::start(e, s.action);
    if (!pack->float_open()) return H::finish_with(e, flow, r, "Alipay's authorization float is not showing");
    const std::string caller = pack->caller();
    pack->show_float(false);
    H::gate(e, Hop::Dialog);
    std::string code = H::client_fault(e, flow, Hop::Dialog, "10", 0);
    if (code.empty() && outcome != "agree") code = outcome == "reject" ? "11" : "10";
    if (!code.empty()) return H::finish(e, flow, auth_fail(e, flow, caller, r, code));
    return H::finish(e, flow, got_code(e, flow, r, caller, "auth_user"));
}

// The built-in developer server's alipay.system.oauth.token: signed with the app private key, the
// answer's sign checked with Alipay's public key, as alipay-sdk does; no session_key exists here.
PackExchange exchange(const std::string& code, const PackApp& fields, const PlatformCaller& call, int64_t now_ms) {
    const AlipayApp app = alipay_app(fields);
    const TransportResult r =
        call(alipay_token_request(app, {{"grant_type", "authorization_code"}, {"code", code}}, alipay_timestamp(now_ms)));
    PackExchange out;
    const nlohmann::json body = r.ok() ? nlohmann::json::parse(r.reply->body, nullptr, false) : nlohmann::json();
    const bool answered = body.is_object() && (body.contains(AlipayPlatform::kResponseKey) || body.contains("error_response"));
    if (!answered || (body.contains("sign") && !alipay_response_verified(r.reply->body, demo_platform_keys().public_pem))) {
        out.no_answer = r;
        return out;
    }
    if (body.contains("error_response")) {
        const nlohmann::json& err = body["error_response"];
        const std::string sub_code = err.value("sub_code", ""), sub_msg = err.value("sub_msg", "");
        out.why = "alipay.system.oauth.token failed: " + err.value("code", "") + " " + sub_code + " " + sub_msg;
        out.rejection = {401, nlohmann::json{{"error", "oauth_token_failed"}, {"errcode", std::atoi(err.value("code", "0").c_str())},
                                             {"errmsg", sub_code + " " + sub_msg}}
                                  .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)};
        return out;
    }
    const nlohmann::json& ok = body[AlipayPlatform::kResponseKey];
    DevSession s;
    s.openid = ok.value("user_id", ok.value("open_id", ""));
    s.unionid = ok.value("union_id", "");
    out.session = s;  // the access_token stays on the server (the demo server needs no user info)
    return out;
}

}  // namespace

std::vector<CatalogEntry> alipay_catalog();
std::vector<Assumption> alipay_assumptions();
std::vector<NarrationEntry> alipay_narration();
std::vector<std::pair<const char*, const char*>> alipay_translations();

std::vector<StepKind> alipay_steps(FlowSet mine) {
    constexpr StepBy kPhone = StepBy::Phone;
    return {
        {"my_get_auth_code", "my.getAuthCode (auth_base)", "", kPhone, true, 6, mine,
         [](Engine& e, const Step& s) { return my_get_auth_code(e, s, "auth_base"); }},
        {"my_get_auth_code_user", "my.getAuthCode (auth_user)", "", kPhone, false, 3, mine,
         [](Engine& e, const Step& s) { return my_get_auth_code(e, s, "auth_user"); }},
        {"alipay_auth_agree", "tap 同意 (Alipay)", "", kPhone, true, 3, mine, [](Engine& e, const Step& s) { return float_answer(e, s, "agree"); }},
        {"alipay_auth_reject", "tap 拒绝 (Alipay)", "", kPhone, false, 1, mine, [](Engine& e, const Step& s) { return float_answer(e, s, "reject"); }},
        {"alipay_auth_back", "back key (Alipay float)", "", kPhone, false, 1, mine,
         [](Engine& e, const Step& s) { return float_answer(e, s, "back"); }},
        {"uni_login_alipay", "uni.login (Alipay)", "", kPhone, false, 1, mine, uni_login_alipay},
        {"taro_login_alipay", "Taro.login (Alipay)", "", kPhone, true, 1, mine, taro_login_alipay},
    };
}

PlatformPack alipay_pack(Flow first) {
    PlatformPack p;
    p.id = "alipay";
    p.name = "Alipay";
    p.host = "https://openapi.alipay.com";
    p.endpoints = {{"POST", "/gateway.do",
                    "(alipay.system.oauth.token: query app_id, method, charset, sign_type, sign, timestamp, version; form grant_type, code or refresh_token; RSA2)"}};
    p.login_path = "/api/alipay/login";
    p.flows = {{"alipay", "Alipay mini program", "my.getAuthCode", "my.request", true, "alipay", "alipay", "accept-reused-code trust-client-openid",
                "my_get_auth_code", "支付宝账号登录", PhonePage::PackMiniProgram, "Client (Alipay mini program)", "Platform (Alipay)", "Alipay",
                false, "", "user alipay_base_product", {Hop::ClientCall, Hop::Dialog, Hop::PlatformResponse}}};
    p.steps = alipay_steps(flow_bit(first));
    p.catalog = alipay_catalog();
    p.assumptions = alipay_assumptions();
    p.narration = alipay_narration();
    p.event_kinds = {"alipay.auth_float_opened"};
    p.glossary = {
        {"authCode", "What my.getAuthCode gives an Alipay mini program: a single-use code its server exchanges at alipay.system.oauth.token "
                     "for user_id (or open_id) and an access_token.",
         "支付宝小程序 my.getAuthCode 返回的授权码：只能用一次，服务端用它在 alipay.system.oauth.token 换取 user_id（或 open_id）和 access_token。"},
        {"user_id", "Alipay's id of a user: 16 digits starting 2088, the same in every app (new apps get open_id instead).",
         "支付宝用户 ID：以 2088 开头的 16 位数字，在所有应用里都一样（新应用改用 open_id）。"},
        {"RSA2", "SHA256withRSA: how an Alipay server signs its gateway requests with its app private key, and how Alipay signs its answers.",
         "SHA256withRSA：支付宝服务端用应用私钥给网关请求签名、支付宝给响应签名的算法。"},
    };
    p.demos = {
        {first, "scenarios/alipay/auth-base.json", "my.getAuthCode auth_base -> alipay.system.oauth.token (RSA2)",
         "my.getAuthCode 静默授权 -> alipay.system.oauth.token（RSA2）", false},
        {first, "scenarios/alipay/auth-user-agree.json", "auth_user: Alipay's authorization float, the user agrees", "主动授权：支付宝授权浮窗，同意", false},
        {first, "scenarios/alipay/auth-user-reject-11.json", "The user refuses in the float: error 11 (cancelled)", "用户点拒绝：error 11 用户取消授权", true},
        {first, "scenarios/alipay/uni-login-reject.json", "uni.login on Alipay loses the numeric error: only login:fail and the message",
         "支付宝上的 uni.login 丢了数字错误码：login:fail 用户取消授权", true},
        {first, "scenarios/alipay/code-reused.json", "An auth code works once: isv.code-invalid", "授权码只能用一次：isv.code-invalid", true},
    };
    p.settings = {{kBaseProduct, true, "App has the base product", "应用已签约基础产品",
                   "off: a personal or unsigned app; my.getAuthCode fails with 4 无权调用 (N22104)", "关闭：个人或未签约应用，my.getAuthCode 以 4 无权调用（N22104）失败",
                   "No base product (4)", "未签约基础产品（4）"}};
    p.app_fields = {{"appid", "AppID", "2021004123456789", false},
                    {"app_public_key", "Public key", "", false},
                    {"app_private_key", "Private key", "", true},
                    {"id_mode", "ID mode", "user_id", false, {"user_id", "open_id"}}};
    p.profile_secret = "app_public_key";
    p.buttons = {{"my_get_auth_code_user", "auth_user", "my.getAuthCode({scopes: 'auth_user'}): Alipay's authorization float",
                  "my.getAuthCode({scopes: 'auth_user'})：支付宝授权浮窗"},
                 {"uni_login_alipay", "uni.login", "uni.login on Alipay: authCode renamed code (vue3); a failure keeps only errMsg",
                  "支付宝上的 uni.login：authCode 改名为 code（vue3）；失败只剩 errMsg"},
                 {"taro_login_alipay", "Taro.login", "Taro.login on Alipay: scopes forced to auth_base", "支付宝上的 Taro.login：scopes 强制为 auth_base"}};
    p.page = {"支付宝小程序示例", "登录后可同步你的收藏与订单", 0x1677FF, "已登录", ""};
    p.sheets = {auth_float()};
    p.translations = alipay_translations();
    p.make = [](PackWorld w) -> std::unique_ptr<PackPlatform> { return std::make_unique<AlipayPack>(std::move(w)); };
    p.exchange = exchange;
    return p;
}

}  // namespace ls
