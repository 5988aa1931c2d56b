#include "loginscope/engine.hpp"

#include <algorithm>
#include <cctype>
#include <sstream>

#include <nlohmann/json.hpp>

#include "engine_internal.hpp"
#include "engine_hops.hpp"
#include "loginscope/backend.hpp"
#include "loginscope/catalog.hpp"
#include "loginscope/platform_pack.hpp"

namespace ls {

using nlohmann::json;

DeveloperServerConfig developer_server_config(const AppConfig& app) {
    DeveloperServerConfig d;
    d.appid = app.appid;
    d.secret = app.secret;
    d.token_ttl_ms = app.token_ttl_ms;
    d.exchange_timeout_ms = app.exchange_timeout_ms;
    d.unicloud_secret = app.unicloud.server_secret;
    d.donut_appid = app.donut.appid;
    d.donut_appsecret = app.donut.appsecret;
    d.open_appid = app.open.appid;
    d.open_secret = app.open.secret;
    d.baidu_app_key = app.baidu.app_key;
    d.baidu_secret = app.baidu.app_secret;
    for (const PlatformPack& p : platform_packs()) d.pack_apps[p.id] = pack_app(app, p);
    d.flaws = app.flaws;
    return d;
}

Engine::Engine(EngineConfig cfg)
    : cfg_(std::move(cfg)),
      ids_(cfg_.seed),
      platform_(clock_, ids_, journal_, cfg_.app.policy),
      univerify_(clock_, ids_, journal_, cfg_.app.univerify_policy),
      donut_(clock_, ids_, journal_, platform_),
      open_(clock_, ids_, journal_, platform_),
      baidu_(clock_, ids_, journal_),
      cloud_(clock_, journal_, {cfg_.app.unicloud.function_secret, cfg_.app.univerify.uni_appid},
             [this](const HttpRequest& req, uint32_t flow) {
                 gate(Hop::DevToPlatform);
                 return send_to_platform(req, flow, Actor::CloudFunction);
             }),
      dev_(clock_, ids_, journal_,
           developer_server_config(cfg_.app),
           [this](const HttpRequest& req, uint32_t flow) {
               gate(Hop::DevToPlatform);
               return send_to_platform(req, flow);
           },
           [this](const HttpRequest& req, uint32_t flow) {
               gate(Hop::DevToCloudFunction);
               return send_to_cloud_function(req, flow);
           }),
      env_(cfg_.env) {
    platform_.register_app({cfg_.app.appid, cfg_.app.secret, "Demo mini program", cfg_.app.unionid_bound});
    platform_.set_high_risk(env_.user, env_.high_risk_user);
    univerify_.set_app(cfg_.app.univerify);
    donut_.set_app(cfg_.app.donut);
    open_.set_app(cfg_.app.open);
    baidu_.set_app(cfg_.app.baidu);
    for (const PlatformPack& p : platform_packs()) packs_.push_back(p.make(PackWorld{clock_, ids_, journal_, pack_app(cfg_.app, p)}));
    // The app's real requests to a team's backend wait for its real replies (at most this long).
    if (cfg_.backend) backend_client_ = std::make_unique<BackendClient>(std::chrono::seconds(15));
    build_transports();
}

// The developer server's threads call the cloud function and the platform, the cloud function's
// threads call the platform: the hosts go in that order, each before the transports its threads use.
Engine::~Engine() {
    set_step_mode(false);
    dev_host_.reset();
    to_dev_.reset();
    cloud_host_.reset();
    to_cloud_.reset();
    to_platform_.reset();
    platform_host_.reset();
}

void Engine::build_transports() {
    auto platform = [this](const HttpRequest& r) { return platform_service(r); };
    auto dev = [this](const HttpRequest& r) { return dev_service(r); };
    auto cloud = [this](const HttpRequest& r) { return cloud_function_service(r); };
    if (cfg_.transport == TransportMode::InProcess && cfg_.platform_port == 0) {
        to_platform_ = std::make_unique<InProcessTransport>(platform);
        to_dev_ = std::make_unique<InProcessTransport>(dev);
        to_cloud_ = std::make_unique<InProcessTransport>(cloud);
        return;
    }
    // A hang holds the real socket silent for `hang_ms`, then drops it; the caller reports the
    // timeout its virtual clock says it had (see hung_). The callers' own read timeouts are long
    // so that a pause in step mode, however long, never looks like a timeout.
    const int hang_ms = cfg_.hang_hold_real_ms;
    const int patient_ms = 3600 * 1000;
    platform_host_ = std::make_unique<HttpHost>(platform, cfg_.platform_bind, cfg_.platform_port);
    platform_host_->set_hang_limit_ms(hang_ms);
    // The developer server waits for the platform inside its handler: its calls get threads of their own.
    dev_host_ = std::make_unique<HttpHost>(dev, "127.0.0.1", 0, HttpHost::ServiceCalls::OnWorkers);
    dev_host_->set_hang_limit_ms(hang_ms);
    // So does the cloud function, for DCloud: its own loopback host, as its own URL is.
    cloud_host_ = std::make_unique<HttpHost>(cloud, "127.0.0.1", 0, HttpHost::ServiceCalls::OnWorkers);
    cloud_host_->set_hang_limit_ms(hang_ms);
    to_platform_ = std::make_unique<HttpTransport>(platform_host_->port(), patient_ms);
    to_dev_ = std::make_unique<HttpTransport>(dev_host_->port(), patient_ms);
    to_cloud_ = std::make_unique<HttpTransport>(cloud_host_->port(), patient_ms);
}

void Engine::release_hangs() {
    if (platform_host_) platform_host_->release_hangs();
    if (dev_host_) dev_host_->release_hangs();
    if (cloud_host_) cloud_host_->release_hangs();
}

int Engine::platform_port() const { return platform_host_ ? platform_host_->port() : 0; }
int Engine::dev_port() const { return dev_host_ ? dev_host_->port() : 0; }
int Engine::cloud_function_port() const { return cloud_host_ ? cloud_host_->port() : 0; }

void Engine::set_admin_service(Service admin) { admin_ = std::move(admin); }

// ---- environment ----------------------------------------------------------------------------

Environment Engine::environment() const {
    std::lock_guard lock(mu_);
    return env_;
}

void Engine::set_flaws(const FlawSet& flaws) {
    std::string names;
    for (Flaw f : flaws) names += (names.empty() ? "" : ", ") + std::string(to_string(f));
    DeveloperServerConfig d;
    {
        std::lock_guard lock(mu_);
        cfg_.app.flaws = flaws;
        d = developer_server_config(cfg_.app);
    }
    dev_.set_config(d);
    note(active_flow_, Actor::DevServer, Hop::None, "flaw.switched",
         "developer server flaws: " + (names.empty() ? std::string("none") : names), {{"flaws", names}});
}

FlawSet Engine::flaws() const {
    std::lock_guard lock(mu_);
    return cfg_.app.flaws;
}

void Engine::set_environment(const Environment& env) {
    {
        std::lock_guard lock(mu_);
        env_ = env;
    }
    platform_.set_high_risk(env.user, env.high_risk_user);
    note(active_flow_, Actor::Environment, Hop::None, "environment.changed",
         std::string("network ") + (env.online ? "online" : "offline") + ", latency " + std::to_string(env.latency_ms) +
             " ms, os " + env.os + ", user " + env.user + (env.high_risk_user ? " (high risk)" : ""));
}

// ---- journal helpers ------------------------------------------------------------------------

void Engine::note(uint32_t flow, Actor actor, Hop hop, std::string kind, std::string text,
                  Links links, std::optional<Actor> to, std::optional<HttpRecord> http) {
    Event e;
    e.t_ms = clock_.now_ms();
    e.flow = flow;
    e.actor = actor;
    e.to = to;
    e.hop = hop;
    e.kind = std::move(kind);
    e.text = std::move(text);
    e.links = std::move(links);
    if (http) e.http = std::make_shared<const HttpRecord>(std::move(*http));
    journal_.record(std::move(e));
}

void Engine::console(uint32_t flow, std::string line) {
    note(flow, Actor::Client, Hop::None, "console", std::move(line));
}

// ---- step mode ------------------------------------------------------------------------------

void Engine::set_step_mode(bool on) {
    std::lock_guard<std::mutex> lock(step_mu_);
    step_mode_ = on;
    step_permits_ = 0;
    step_cv_.notify_all();
}

bool Engine::step_mode() const {
    std::lock_guard<std::mutex> lock(step_mu_);
    return step_mode_;
}

void Engine::next_step() {
    std::lock_guard<std::mutex> lock(step_mu_);
    ++step_permits_;
    step_cv_.notify_all();
}

std::optional<Hop> Engine::waiting_at() const {
    std::lock_guard<std::mutex> lock(step_mu_);
    return waiting_;
}

void Engine::gate(Hop hop) {
    if (!step_mode_) return;  // without the lock: serve's I/O threads pass here on every request
    std::unique_lock<std::mutex> lock(step_mu_);
    if (!step_mode_) return;
    waiting_ = hop;
    step_cv_.wait(lock, [&] { return !step_mode_ || step_permits_ > 0; });
    if (step_mode_) --step_permits_;
    waiting_.reset();
}

// ---- client actions -------------------------------------------------------------------------

uint32_t Engine::begin(const std::string& action) {
    busy_ = true;
    uint32_t flow;
    {
        std::lock_guard lock(mu_);
        flow = ++flow_seq_;
        fill_.notice.clear();  // WeChat's toast lasts until the user does something else
    }
    active_flow_ = flow;
    note(flow, Actor::Client, Hop::None, "action.start", action);
    return flow;
}

bool Engine::close_dialog(bool& showing) {
    std::lock_guard lock(mu_);
    const bool was = showing;
    showing = false;
    return was;
}

ActionResult Engine::finish(uint32_t flow, ActionResult r) {
    note(flow, Actor::Client, Hop::None, r.pending ? "action.pending" : r.ok ? "action.ok" : "action.fail",
         r.action + (r.pending ? " waits: " + r.detail : r.ok ? " ok" : " failed: " + (r.detail.empty() ? r.errMsg : r.detail)),
         r.errcode ? Links{{"action", r.action}, {"errcode", std::to_string(*r.errcode)}} : Links{{"action", r.action}});
    {
        std::lock_guard lock(mu_);
        last_ = r;
    }
    busy_ = false;
    return r;
}

// Prints what the JavaScript callbacks receive, in the platform's order (PLATFORM-FACTS §3):
// wx.*: success|fail → complete. Taro: the user's success|fail → complete → then|catch.
// "wx.request" stands for the flow's own request API (Taro.request, swan.request, uni.request: each
// framework's own, with wx.request's res); it calls success whenever an HTTP reply arrived, whatever
// its status, and fail only when none did.
ActionResult Engine::deliver_callbacks(uint32_t flow, const std::string& api, ActionResult r, const res_json& res) {
    const bool request = api == "wx.request";
    const bool taro = cfg_.flow == Flow::Taro;
    const std::string name = request ? flow_catalog()[size_t(cfg_.flow)].request_api
                                     : (taro ? "Taro." : "wx.") + api.substr(api.find('.') + 1);
    const bool success = request ? res.contains("statusCode") : r.ok;
    const std::string payload = res.dump();
    console(flow, name + (success ? " success " : " fail ") + payload);
    console(flow, name + " complete " + payload);
    if (taro) console(flow, name + (success ? " then " : " catch ") + payload);
    return r;
}

ActionResult Engine::issue_code(uint32_t flow, const LoginOptions& opt) {
    ActionResult r;
    r.action = "wx_login";
    const int64_t timeout = opt.timeout_ms.value_or(assumed_int("wechat.login.default_timeout_ms"));
    note(flow, Actor::Client, Hop::ClientCall, "api.call",
         std::string(cfg_.flow == Flow::Taro ? "Taro" : "wx") + ".login(" +
             (opt.timeout_ms ? "{timeout: " + std::to_string(*opt.timeout_ms) + "}" : "") + ")",
         {}, Actor::Platform);
    gate(Hop::ClientCall);
    auto fail = [&](const std::string& errMsg, int64_t wait_ms) {
        clock_.advance(wait_ms);
        r.errMsg = errMsg;
        r.detail = errMsg;
        return deliver_callbacks(flow, "wx.login", r, res_json{{"errMsg", errMsg}});
    };
    const ClientFault fault = take_client_fault(flow, Hop::ClientCall, timeout);
    if (fault.hung) return fail("login:fail timeout", timeout);
    if (!fault.code.empty()) return fail(fault.code, fault.code == "login:fail timeout" ? timeout : environment().latency_ms);
    const Environment env = environment();
    if (!env.online) {
        const Assumption* offline = find_assumption("wechat.login.offline_errmsg");
        return fail(offline->value, env.latency_ms);
    }
    clock_.advance(env.latency_ms);
    auto code = platform_.issue_code(cfg_.app.appid, env.user, flow);
    clock_.advance(env.latency_ms);
    if (!code) return fail("login:fail system error", 0);
    r.ok = true;
    r.errMsg = "login:ok";
    r.code = code->code;
    {
        std::lock_guard lock(mu_);
        // A new code does not end our app session: the token stays until it expires or a new
        // exchange replaces it.
        identity_.code = code->code;
        identity_.code_expires_at_ms = code->expires_at_ms;
    }
    return deliver_callbacks(flow, "wx.login", r, res_json{{"errMsg", "login:ok"}, {"code", code->code}});
}

ActionResult Engine::exchange(uint32_t flow, const std::string& code) { return exchange_at(flow, "/api/login", code); }

// The app posts a code to its server at `path` ({"code": …}) and reads our token from the reply.
ActionResult Engine::exchange_at(uint32_t flow, const std::string& path, const std::string& code, const std::string& claim_openid) {
    ActionResult r;
    r.action = "send_code";
    r.code = code;
    gate(Hop::ClientToDev);
    if (EngineHops::fails_offline(*this, flow, r)) return r;
    json sent{{"code", code}};
    if (!claim_openid.empty()) sent["openid"] = claim_openid;
    const ServerAnswer a = ask_server(flow, ServerCall::Login, app_post(path, sent), {{"code", code}, {"claimed_openid", claim_openid}});
    const TransportResult& t = a.t;
    if (!t.ok()) {
        r.errMsg = "request:fail " + t.error;
        r.detail = r.errMsg;
        return deliver_callbacks(flow, "wx.request", r, request_res(t));
    }
    r.http_status = t.reply->status;
    r.errMsg = "request:ok";
    const res_json res = request_res(t);
    if (cfg_.backend) return backend_session(flow, r, code, a.session, res);
    const res_json& body = res["data"];  // what the app's success callback reads
    if (t.reply->status == 200 && body.is_object() && body.contains("token")) {
        r.ok = true;
        r.token = body["token"];
        r.detail = "logged in";
        std::lock_guard lock(mu_);
        identity_.code = code;
        identity_.token = r.token;
        identity_.token_expires_at_ms = add_ms(clock_.now_ms(), seconds_to_ms(body.value("expires_in", int64_t(0))));
    } else if (body.is_object() && body.contains("errcode")) {
        r.errcode = body["errcode"].get<int>();
        r.detail = "developer server: " + body.value("error", "") + " " + std::to_string(*r.errcode) + " " + body.value("errmsg", "");
    } else if (body.is_object()) {
        r.detail = "developer server: HTTP " + std::to_string(t.reply->status) + " " + body.value("error", "") + " " +
                   body.value("detail", "");
    } else {
        r.detail = "developer server reply is not JSON (HTTP " + std::to_string(t.reply->status) + ")";
    }
    return deliver_callbacks(flow, "wx.request", r, res);
}

ActionResult Engine::login(const LoginOptions& opt) {
    if (cfg_.flow == Flow::Swan) return swan_button_login();  // Baidu logs in through its button
    if (pack_of(cfg_.flow)) return apply_step(*this, make_step(flow_catalog()[size_t(cfg_.flow)].login_step));
    const uint32_t flow = begin("login");
    ActionResult code = issue_code(flow, opt);
    if (!code.ok) {
        code.action = "login";
        return finish(flow, code);
    }
    ActionResult r = exchange(flow, code.code);
    r.action = "login";
    return finish(flow, r);
}

ActionResult Engine::wx_login(const LoginOptions& opt) {
    const uint32_t flow = begin("wx_login");
    return finish(flow, issue_code(flow, opt));
}

std::string Engine::openid_of(const std::string& user) const {
    switch (cfg_.flow) {
        case Flow::WeChatApp: return donut_.openid_of(user);
        case Flow::UniWeixin: return open_.openid_of(user);
        case Flow::Swan: return baidu_.openid_of(user);
        default:
            if (PackPlatform* pack = flow_pack()) return pack->openid_of(user);
            return platform_.openid_of(cfg_.app.appid, user);
    }
}

ActionResult Engine::send_code(const std::string& code, const std::string& claim_openid) {
    std::string c = code;
    if (c.empty()) {
        std::lock_guard lock(mu_);
        c = identity_.code;
    }
    const uint32_t flow = begin("send_code");
    // The app posts to the endpoint of its own kind: a multi-terminal app's server uses code2verifyinfo.
    const PlatformPack* pack = pack_of(cfg_.flow);
    const char* path = pack                           ? pack->login_path
                       : cfg_.flow == Flow::WeChatApp ? "/api/app/login"
                       : cfg_.flow == Flow::UniWeixin ? "/api/open/login"
                       : cfg_.flow == Flow::Swan      ? "/api/baidu/login"
                                                      : "/api/login";
    return finish(flow, exchange_at(flow, path, c, claim_openid));
}

ActionResult Engine::check_session() {
    const uint32_t flow = begin("check_session");
    ActionResult r;
    r.action = "check_session";
    note(flow, Actor::Client, Hop::SessionCheck, "api.call", std::string(cfg_.flow == Flow::Taro ? "Taro" : "wx") + ".checkSession()",
         {}, Actor::Platform);
    gate(Hop::SessionCheck);
    const std::string forced = take_client_fault(flow, Hop::SessionCheck).code;
    const Environment env = environment();
    const bool alive = forced.empty() && platform_.check_session(cfg_.app.appid, env.user, flow);
    r.ok = alive;
    r.errMsg = alive ? "checkSession:ok"
                     : (forced.empty() ? find_catalog_entry("wechat", "checkSession:fail session time out, need relogin")->message : forced);
    r.detail = r.errMsg;
    note(flow, Actor::Platform, Hop::SessionCheck, alive ? "session.valid" : "session.invalid",
         alive ? "session_key of the latest login is alive" : "no live session_key: the user must log in again",
         {{"session_key", platform_.current_session_key(cfg_.app.appid, env.user)}}, Actor::Client);
    deliver_callbacks(flow, "wx.checkSession", r, res_json{{"errMsg", r.errMsg}});
    return finish(flow, r);
}

ActionResult Engine::call_api() {
    const uint32_t flow = begin("call_api");
    ActionResult r;
    r.action = "call_api";
    HttpRequest req;
    req.path = "/api/me";
    {
        std::lock_guard lock(mu_);
        r.token = identity_.token;
    }
    req.headers["Authorization"] = "Bearer " + r.token;
    gate(Hop::ClientToDev);
    const ServerAnswer a = ask_server(flow, ServerCall::Whoami, req);
    if (!a.missing.empty()) return finish(flow, not_asked(r, a.missing));
    const TransportResult& t = a.t;
    r.http_status = t.ok() ? t.reply->status : 0;
    r.ok = t.ok() && t.reply->status == 200;
    r.errMsg = t.ok() ? "request:ok" : "request:fail " + t.error;
    r.detail = t.ok() ? t.reply->body : r.errMsg;
    deliver_callbacks(flow, "wx.request", r, request_res(t));
    return finish(flow, r);
}

ActionResult Engine::server_check_session() {
    const uint32_t flow = begin("server_check_session");
    return finish(flow, post_with_token(flow, "server_check_session", "/api/session/check"));
}

ActionResult Engine::server_reset_session_key() {
    const uint32_t flow = begin("server_reset_session_key");
    return finish(flow, post_with_token(flow, "server_reset_session_key", "/api/session/reset"));
}

// The app asks its own server to do something for the logged-in user (Bearer token).
ActionResult Engine::post_with_token(uint32_t flow, const std::string& action, const std::string& path) {
    ActionResult r;
    r.action = action;
    HttpRequest req;
    req.method = "POST";
    req.path = path;
    {
        std::lock_guard lock(mu_);
        req.headers["Authorization"] = "Bearer " + identity_.token;
    }
    gate(Hop::ClientToDev);
    const ServerAnswer a = ask_server(flow, ServerCall::Other, req);
    if (!a.missing.empty()) return not_asked(r, a.missing);
    const TransportResult& t = a.t;
    r.http_status = t.ok() ? t.reply->status : 0;
    r.ok = t.ok() && t.reply->status == 200;
    r.errMsg = t.ok() ? "request:ok" : "request:fail " + t.error;
    const json body = t.ok() ? json::parse(t.reply->body, nullptr, false) : json();
    if (!cfg_.backend && body.is_object() && body.contains("errcode")) r.errcode = body["errcode"].get<int>();
    r.detail = t.ok() ? t.reply->body : r.errMsg;
    deliver_callbacks(flow, "wx.request", r, request_res(t));
    return r;
}

// ---- clock, snapshots, reset ----------------------------------------------------------------

void Engine::advance(int64_t ms) {
    if (ms <= 0) return;
    clock_.advance(ms);
    note(active_flow_, Actor::Engine, Hop::None, "clock.advanced",
         "clock +" + format_duration(ms) +
             (clock_.now_ms() == kEndOfTime ? " (stopped at the end of virtual time: every lifetime has ended)" : ""));
    forget_dead();
}

// What died by now leaves memory at once (each store also sweeps on its own next call).
void Engine::forget_dead() {
    platform_.sweep();
    donut_.sweep();
    open_.sweep();
    baidu_.sweep();
    univerify_.sweep();
    for (auto& p : packs_) p->sweep();
    dev_.sweep();
}

std::optional<int64_t> Engine::next_expiry() const {
    const int64_t now = clock_.now_ms();
    std::optional<int64_t> best;
    for (auto t : {platform_.next_expiry(now), univerify_.next_expiry(now), donut_.next_expiry(now), open_.next_expiry(now),
                   baidu_.next_expiry(now), dev_.next_expiry(now)})
        if (t && (!best || *t < *best)) best = t;
    for (auto& p : packs_)
        if (auto t = p->next_expiry(now); t && (!best || *t < *best)) best = t;
    return best;
}

bool Engine::jump_to_next_expiry() {
    auto t = next_expiry();
    if (!t) return false;
    advance(*t - clock_.now_ms());
    return true;
}

IdentityChain Engine::identity() const {
    IdentityChain id;
    {
        std::lock_guard lock(mu_);
        id = identity_;
    }
    if (cfg_.flow == Flow::Univerify) return id;  // the univerify chain is kept as it happens
    const Environment env = environment();
    // Each platform's own state: WeChat's session_key, Baidu's; the App flows' platforms keep none.
    id.openid = openid_of(env.user);
    if (cfg_.flow == Flow::Swan)
        id.platform_session_key = baidu_.session_key_of(env.user);
    else if (PackPlatform* pack = flow_pack())
        id.platform_session_key = pack->session_key_of(env.user);
    else if (cfg_.flow == Flow::WeChatMp || cfg_.flow == Flow::Taro)
        id.platform_session_key = platform_.current_session_key(cfg_.app.appid, env.user);
    if (auto used = platform_.code_used_at(id.code)) id.code_used_at_ms = *used;
    if (auto s = dev_.session_for_openid(id.openid)) {
        id.unionid = s->unionid;
        id.server_session_key = s->session_key;
    }
    return id;
}

std::optional<ActionResult> Engine::last_result() const {
    std::lock_guard lock(mu_);
    return last_;
}

void Engine::reset(uint64_t seed) {
    platform_.reset();
    univerify_.reset();
    donut_.reset();
    open_.reset();
    baidu_.reset();
    for (auto& p : packs_) p->reset();
    dev_.reset();
    journal_.clear();
    clock_.set(0);
    ids_.reseed(seed);
    if (backend_client_) backend_client_->forget_cookies();
    std::lock_guard lock(mu_);
    faults_.reset_counts();
    for (auto& r : faults_.rules())
        if (r.when == WhenMode::Next) r.enabled = true;
    identity_ = {};
    page_ = {};
    profile_sheet_ = false;
    phone_sheet_ = false;
    avatar_sheet_ = false;
    fill_ = {};
    wechat_auth_ = false;
    apple_sheet_ = false;
    apple_authorized_.clear();
    apple_user_ids_.clear();
    baidu_dialog_ = false;
    baidu_button_ok_ = false;
    missing_assets_.clear();
    last_.reset();
    flow_seq_ = 0;
    cfg_.seed = seed;
}

}  // namespace ls
