#pragma once
// The engine: one simulated world (phone, developer server, platform, network, virtual clock) and
// the client actions a user or a scenario performs in it. Every front end — the GUI, `run`,
// `serve`, the tests and the benchmarks — drives this class and reads its journal.
//
// Threading: client actions are synchronous and must not overlap; the GUI runs them on one worker
// thread. Everything else (faults, environment, clock, step control, snapshots) may be called
// from any thread at any time.
#include <atomic>
#include <condition_variable>
#include <functional>
#include <cstdint>
#include <memory>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "loginscope/baidu.hpp"
#include "loginscope/catalog.hpp"
#include "loginscope/clock.hpp"
#include "loginscope/developer_server.hpp"
#include "loginscope/faults.hpp"
#include "loginscope/flaws.hpp"
#include "loginscope/http.hpp"
#include "loginscope/idgen.hpp"
#include "loginscope/journal.hpp"
#include "loginscope/open_platform.hpp"
#include "loginscope/unicloud.hpp"
#include "loginscope/univerify.hpp"
#include "loginscope/wechat_app.hpp"
#include "loginscope/wechat_platform.hpp"

namespace ls {

struct FlowProfile;      // backend.hpp
class BackendClient;     // backend.hpp
class PackPlatform;      // platform_pack.hpp
struct PackSheet;        // platform_pack.hpp

// The built-in flows; a platform pack's flows (platform_pack.hpp) take the values after Univerify,
// so that every flow is an index of flow_catalog().
enum class Flow { WeChatMp, Taro, WeChatApp, Swan, UniWeixin, UniApple, Univerify };
const char* to_string(Flow f);  // its flow_catalog() id: "wechat-mp", "taro", …, a pack's ("douyin")
std::optional<Flow> flow_from_string(const std::string& s);

// What can lie over the phone's page, one at a time: univerify's one-click page, WeChat's
// getUserProfile sheet, WeChat's phone-number sheet, WeChat's authorization page (App flows), the Sign
// in with Apple sheet, the Baidu app's account dialog, WeChat's avatar sheet (chooseAvatar) and the
// nickname keyboard (<input type="nickname"> focused).
enum class PhoneOverlay {
    None, UniverifyPage, ProfileSheet, WechatAuth, AppleSheet, BaiduDialog, PhoneNumberSheet, AvatarSheet, NicknameKeyboard,
    PackSheet  // a platform pack's own dialog (Engine::pack_sheet)
};

// The login page a flow's phone shows: a WeChat mini program, a Baidu smart program, a native App
// with one provider's button (wechat-app, uni-weixin, uni-apple), the App of univerify one-click, or
// a platform pack's mini program (drawn from its PackPage).
enum class PhonePage { MiniProgram, SmartProgram, NativeApp, OneClickApp, PackMiniProgram };

struct FlowInfo {
    const char* id;     // scenario and CLI name
    const char* title;  // what the flow picker shows
    const char* api;    // the client call it exercises
    const char* request_api;  // the framework's own HTTP call the app sends to its server with ("Taro.request", …)
    bool available;     // implemented in this build
    const char* client_catalogs;  // the catalogs (platform ids) whose codes a fault may inject on the phone
    const char* server_catalogs;  // … and at the platform's answers
    const char* flaws;            // the developer-server flaws that can act in this flow (flaws.hpp ids)
    const char* login_step;       // the step (steps.hpp id) its Login buttons take
    const char* login_button;     // the phone's login button, as the page says it ("微信一键登录", …)
    PhonePage page;               // the login page the phone shows
    const char* client_lifeline;    // the sequence diagram's lifelines: "Client (mini program)", …
    const char* platform_lifeline;  // … "Platform (WeChat)", …
    const char* platform_name;      // whose identifiers the inspector shows: "WeChat", "Baidu", …
    bool session_keys;              // its platform gives the developer server a session_key
    const char* default_os;         // the OS a new world of it starts on ("" keeps the phone's)
    const char* phone_settings;     // the Environment fields Setup offers besides OS, network, latency
    std::vector<Hop> preset_hops;   // where its Faults presets offer every catalog code (App flows, swan)
    // The lifeline between developer server and platform, when the server reaches the platform
    // through a uniCloud cloud function (univerify, unicloud.hpp); nullptr: it calls the platform itself.
    const char* cloud_lifeline = nullptr;
};
// Setup offers `field` of the Environment ("user", "high_risk_user", "line", "wechat_installed",
// "baidu_logged_in", "base_library") in `flow`.
bool offers_phone_setting(Flow flow, const std::string& field);
const std::vector<FlowInfo>& flow_catalog();  // every flow of PRODUCT.md, available or not, in Flow order
// The developer-server flaws that change something in `flow` (a session_key to leak, a code to
// replay, an openid to claim, a secret to log, open data to check); the others have nothing to act on.
FlawSet flaws_for(Flow flow);
// The codes a platform_error fault may inject at `hop` in `flow` (scenario validation, explore).
std::vector<const CatalogEntry*> fault_codes(Flow flow, Hop hop);
// The hops a fault may name in `flow`, in all_fault_hops() order: dev_to_cloud_function only where
// the flow has a cloud function (FlowInfo::cloud_lifeline).
std::vector<Hop> fault_hops(Flow flow);

enum class TransportMode { InProcess, Http };

struct Environment {
    std::string os = "android";  // "android" | "ios"
    bool online = true;
    int64_t latency_ms = 40;     // virtual one-way network latency per HTTP message
    std::string user = "alice";  // which WeChat user is logged in on the phone
    bool high_risk_user = false; // WeChat blocks this user's codes (40226)
    PhoneLine line;              // SIM, cellular data, carrier, number (univerify)
    bool wechat_installed = true;  // the WeChat app on the phone (multi-terminal app, uni.login weixin)
    bool baidu_logged_in = true;   // the Baidu app's own login (swan)
    // The mini program's WeChat base library (SDKVersion, "2.27.0"): from 2.27.1 wx.getUserProfile
    // answers the anonymous profile without a sheet (§6.3). Default: a current one (assumptions()).
    std::string base_library = "3.8.0";
    // What WeChat's content check (from base library 2.24.4) says of the avatar or nickname the user
    // picks or types: "pass" | "reject" | "timeout" (§6.6). The world's, not the app's: a setting.
    std::string content_check = "pass";
    // The platform packs' phone settings that were set (platform_pack.hpp: pack_setting reads them,
    // with each one's fallback when absent).
    std::map<std::string, bool> pack_settings;
};
bool valid_content_check(const std::string& verdict);
// A base library version's parts compared as numbers ("2.27.10" > "2.27.9"); missing parts are 0.
// False for anything but dot-separated decimal numbers.
bool valid_base_library(const std::string& version);
int compare_versions(const std::string& a, const std::string& b);

struct AppConfig {
    std::string appid = "wx5f0d3c8a9b1e2d47";
    std::string secret = "3c1f0e9d8b7a69584736251403f2e1d0";
    bool unionid_bound = true;
    WeChatPolicy policy;
    int64_t token_ttl_ms = assumed_int("dev_server.token_ttl_ms");                // [U]
    int64_t exchange_timeout_ms = assumed_int("dev_server.exchange_timeout_ms");  // [U]
    UniverifyApp univerify;
    UniCloudSecrets unicloud;          // univerify: the cloud function's sign secret, the function's and the server's copy
    DonutApp donut;                    // the multi-terminal app (wx.weixinAppLogin)
    OpenApp open;                      // the WeChat Open Platform mobile app (uni.login weixin)
    BaiduApp baidu;                    // the Baidu smart program (AppKey, AppSecret)
    std::string apple_bundle_id = "com.example.loginscope";  // uni.login apple: identityToken's aud
    UniverifyPolicy univerify_policy;
    std::string uni_runtime = "vue3";  // "vue2" | "vue3": the shape of uni-app's error objects (§5.7)
    bool app_closes_page = true;       // the app calls uni.closeAuthView() on success and on 30002 (as the demo)
    FlawSet flaws;                     // the developer server's mistakes switched on (flaws.hpp)
    // The platform packs' apps: pack id → field → value; a field not given is the demo app's (pack_app).
    std::map<std::string, std::map<std::string, std::string>> pack_apps;
};
// What an Engine tells its own developer server of the app: its ids, secrets, lifetimes and flaws.
DeveloperServerConfig developer_server_config(const AppConfig& app);

struct EngineConfig {
    uint64_t seed = 1;
    Flow flow = Flow::WeChatMp;
    TransportMode transport = TransportMode::Http;
    Environment env;
    AppConfig app;
    int hang_hold_real_ms = 250;  // real time a hung reply holds its loopback socket silent before it drops
    int platform_port = 0;                 // 0 = ephemeral
    std::string platform_bind = "127.0.0.1";
    // A team's own backend in place of the built-in developer server (issue 16): the app sends it
    // the profile's templates (backend.hpp); the platforms still answer here, at platform_port, and
    // journal the backend's exchanges with them. Needs the HTTP transport.
    std::shared_ptr<const FlowProfile> backend;
    // The platforms journal every call they answer, as http.request/http.response between the
    // developer server and the platform: a team's backend calls them itself (with `backend`, and the audit).
    bool journal_platform_calls = false;
};

struct LoginOptions {
    std::optional<int64_t> timeout_ms;  // wx.login({timeout})
};

// wx.getUserProfile's own parameters (§6.3): desc is required, at most 30 characters; lang is the
// language of userInfo's country, province and city ("en" | "zh_CN" | "zh_TW").
struct ProfileRequest {
    std::optional<std::string> desc = std::string("用于完善会员资料");
    std::string lang = "en";
};

// 头像昵称填写 (§6.6): what the mini program's profile form holds.
enum class AvatarSource { WeChat, Album, Camera };  // the rows of WeChat's avatar sheet
struct ProfileFill {
    std::string avatar_url;  // bindchooseavatar's temporary path ("": the page's default avatar)
    std::string nickname;    // the nickname input's value
    bool keyboard = false;   // the input is focused: the keyboard is up
    bool suggests = false;   // the keyboard offers the WeChat nickname (base library 2.21.2+)
    std::string notice;      // WeChat's toast after a refusal (无法使用该头像 / 无法使用该昵称) until the next step
    bool submitted = false;  // the form was submitted with the values above
};

// How one client action ended, as the JavaScript would see it.
struct ActionResult {
    std::string action;         // "login", "wx_login", "send_code", "check_session", "call_api"
    bool ok = false;
    bool pending = false;       // uni.login opened the one-click page: its callbacks come with a tap
    std::string errMsg;         // "login:ok", "login:fail timeout", "request:fail timeout", …
    std::optional<int> errcode; // the platform's errcode when the failure came from WeChat
    int http_status = 0;        // the developer server's HTTP status, when it answered
    std::string unsent;         // a team's backend: why the request was not sent (its profile has no template for it)
    std::string code;           // the code this action used or obtained
    std::string token;          // our login token on success
    std::string detail;         // one line for people
};

// The univerify one-click page, as the user sees it.
struct UniverifyPageState {
    bool open = false;
    UniverifyStyle style;
    bool checked = true;         // the privacy checkbox
    bool hint_visible = false;   // the "tick the box first" hint (its text is an assumption)
    bool login_pending = false;  // uni.login's callbacks are still to come
    std::string masked_number;   // 138****8000
    Carrier carrier = Carrier::ChinaMobile;
    bool manager = false;        // uni.getUniverifyManager() was called
    int button_subscribers = 0;  // onButtonsClick callbacks
    bool otherLoginVisible() const { return style.otherLoginButton.visible; }
};

// The identifiers of the latest login, linked (inspector): code → openid/unionid → session_key → token.
struct IdentityChain {
    std::string code;
    int64_t code_expires_at_ms = 0;
    int64_t code_used_at_ms = -1;       // when WeChat accepted it (single use); -1: not used
    std::string openid, unionid;
    std::string server_session_key;    // what the developer server holds
    std::string platform_session_key;  // what WeChat considers current (differs after a newer wx.login)
    std::string token;
    int64_t token_expires_at_ms = 0;
};

// What the app asks its own server: to log in (a code, or univerify's token), whom its session
// is, to take open data or a phone-number code, anything else (the built-in server's other APIs).
enum class ServerCall { Login, Whoami, OpenData, Phone, Other };

class Engine {
public:
    explicit Engine(EngineConfig cfg = {});
    ~Engine();
    Engine(const Engine&) = delete;
    Engine& operator=(const Engine&) = delete;

    const EngineConfig& config() const { return cfg_; }
    VirtualClock& clock() { return clock_; }
    Journal& journal() { return journal_; }
    const Journal& journal() const { return journal_; }
    WeChatPlatform& platform() { return platform_; }
    DeveloperServer& developer_server() { return dev_; }
    // The openid the current flow's platform gave `user` for this app ("" before that user logged in).
    std::string openid_of(const std::string& user) const;

    // Faults (where × when × what).
    void add_fault(const FaultRule& r);
    void remove_fault(size_t index);
    void set_fault_enabled(size_t index, bool on);
    void clear_faults();
    std::vector<FaultRule> faults() const;

    // The developer server's mistakes (flaws.hpp), switched live; journaled as flaw.switched.
    void set_flaws(const FlawSet& flaws);
    FlawSet flaws() const;

    Environment environment() const;
    void set_environment(const Environment& env);  // journaled as environment.changed

    // Client actions.
    ActionResult login(const LoginOptions& opt = {});     // wx.login → developer server → code2Session → token
    ActionResult wx_login(const LoginOptions& opt = {});  // wx.login only (the code is kept, not sent)
    // POST the code (default: the last one) to the dev server; a non-empty `claim_openid` is sent along
    // as {"openid": …}, the way a client that "helps" its server does (trust-client-openid).
    ActionResult send_code(const std::string& code = "", const std::string& claim_openid = "");
    ActionResult check_session();                          // wx.checkSession
    ActionResult call_api();                               // GET /api/me with our token
    // The developer server asks WeChat about the session_key it holds (§1.4).
    ActionResult server_check_session();                   // POST /api/session/check → /wxa/checksession
    ActionResult server_reset_session_key();               // POST /api/session/reset → /wxa/resetusersessionkey

    // wx.weixinAppLogin (§2): the hand-off to WeChat, its authorization page, then the app's server
    // exchanges the code at /donut/code2verifyinfo.
    ActionResult weixin_app_login();
    ActionResult wechat_auth(bool allow);  // the WeChat app's authorization page
    bool wechat_auth_open() const;

    // Baidu (§4): the login button (the Baidu account dialog when the Baidu app is logged out), then
    // swan.getLoginCode and the server's jscode2sessionkey; the API-style calls; uni-app on Baidu.
    ActionResult swan_button_login();
    ActionResult baidu_dialog(bool log_in);
    bool baidu_dialog_open() const;
    ActionResult swan_login(const LoginOptions& opt = {});  // swan.login (a code only)
    ActionResult swan_get_login_code();
    ActionResult swan_check_session();
    ActionResult swan_is_login_sync();
    ActionResult uni_login_baidu();        // uni.login on Baidu: only after the button's login event
    ActionResult uni_get_login_code();

    // uni.login in an App (§6.1, §6.2): provider 'weixin' (WeChat's page, wechat_auth) and 'apple'.
    ActionResult uni_login_weixin(bool only_authorize);
    ActionResult uni_login_apple();
    ActionResult apple_sheet(bool proceed);  // Sign in with Apple: continue or cancel
    bool apple_sheet_open() const;

    // wx.getUserProfile (§6.3) and WeChat's authorization sheet; on "allow" the app posts the open
    // data to its server, which verifies the signature and decrypts with the session_key it holds.
    // From base library 2.27.1 no sheet opens: the anonymous profile comes back at once.
    ActionResult get_user_profile(bool from_tap = true, const ProfileRequest& request = {});
    // `watermark_appid` non-empty: the open data carries another app's watermark (the replay that
    // skip-watermark-check lets through; an assumption of how such data arrives, see assumptions()).
    ActionResult profile_sheet(bool allow, const std::string& watermark_appid = "");
    bool profile_sheet_open() const;

    // Phone-number quick verification (§1.7): the page's <button open-type="getPhoneNumber"> opens
    // WeChat's sheet with the account's number; 允许 gives bindgetphonenumber {errMsg, code} and the
    // app posts the code to its server (/api/phone), which trades it at getuserphonenumber; 拒绝
    // gives "getPhoneNumber:fail user deny".
    ActionResult get_phone_number();
    ActionResult phone_sheet(bool allow);
    bool phone_sheet_open() const;
    std::string phone_sheet_number() const;  // the account's number the open sheet shows, masked ("" when shut)

    // 头像昵称填写 (§6.6, base library 2.21.2): the page's <button open-type="chooseAvatar"> opens
    // WeChat's avatar sheet; a pick gives bindchooseavatar {avatarUrl: a temporary path}. The
    // <input type="nickname"> raises a keyboard with the WeChat nickname offered above it. From
    // 2.24.4 WeChat checks a picked picture before bindchooseavatar and a nickname after bindblur
    // (asynchronously: a rejected nickname is cleared after the app has seen it).
    ActionResult choose_avatar();
    ActionResult avatar_sheet(std::optional<AvatarSource> pick);  // nullopt: 取消
    bool avatar_sheet_open() const;
    ActionResult nickname_focus();
    ActionResult nickname_type(const std::string& text);  // the typed text replaces the value
    ActionResult nickname_use_wechat();                   // tap the nickname offered above the keyboard
    ActionResult nickname_done();                         // 完成: the input blurs, then WeChat's check
    ActionResult profile_submit();                        // <button form-type="submit">: bindsubmit
    ProfileFill profile_fill() const;

    // univerify (PLATFORM-FACTS §5). uni.login opens the page and returns pending; a tap settles it.
    // uni.preLogin({provider}): the provider must be 'univerify' (§5.2: "preLogin:fail provider error").
    ActionResult pre_login(const std::string& provider = "univerify");
    ActionResult univerify_login(const UniverifyStyle& style);  // uni.login({provider:'univerify', univerifyStyle})
    ActionResult page_toggle_checkbox();
    ActionResult page_tap_login();
    ActionResult page_tap_other_login();
    ActionResult page_tap_close();
    ActionResult page_tap_custom_button(int index);
    ActionResult close_auth_view();                             // uni.closeAuthView() / manager.close()
    ActionResult get_univerify_manager();                       // uni.getUniverifyManager()
    ActionResult on_buttons_click(bool subscribe);              // manager.onButtonsClick / offButtonsClick
    ActionResult get_checkbox_state();                          // uni.getCheckBoxState()
    UniverifyPageState univerify_page() const;
    // What lies over the phone's page now: one overlay at most, the flow's own (a flag another
    // flow left behind is not shown).
    PhoneOverlay overlay() const;
    // A page image that could not be shown ("icon.path: /static/x.png (not found)"): journaled once.
    void report_missing_asset(const std::string& what);
    UniverifyPlatform& univerify() { return univerify_; }
    DonutPlatform& donut_platform() { return donut_; }
    OpenPlatform& open_platform() { return open_; }
    BaiduPlatform& baidu_platform() { return baidu_; }
    // A platform pack's platform in this world (platform_pack.hpp); nullptr for an unknown pack id.
    PackPlatform* pack_platform(const std::string& pack_id);
    // Every pack's one-off work now (PackPlatform::prepare: Alipay's demo keys). Thread-safe.
    void prepare_packs();
    // The dialog the current flow's pack platform shows, if any (PhoneOverlay::PackSheet).
    std::optional<PackSheet> pack_sheet() const;

    // Virtual clock. advance() also forgets the codes, tokens and sessions dead by then (forget_dead).
    void advance(int64_t ms);
    void forget_dead();
    std::optional<int64_t> next_expiry() const;
    bool jump_to_next_expiry();

    // Step mode: when on, every hop waits for next_step() before it happens.
    void set_step_mode(bool on);
    bool step_mode() const;
    void next_step();
    std::optional<Hop> waiting_at() const;  // the hop a paused action waits before
    bool busy() const { return busy_.load(); }
    // Ends every hang fault now (the held sockets drop at once): call before joining a worker.
    void release_hangs();

    IdentityChain identity() const;
    std::optional<ActionResult> last_result() const;
    int platform_port() const;  // 0 when in-process
    int dev_port() const;
    int cloud_function_port() const;  // univerify's uniCloud cloud function (unicloud.hpp)
    // `serve`: requests whose path starts with /__admin go to this service instead of the platform.
    void set_admin_service(Service admin);

    void reset(uint64_t seed);  // a new world with the same config (call when not busy)

private:
    friend struct EngineHops;
    Delivery platform_service(const HttpRequest& req);
    Delivery dev_service(const HttpRequest& req);
    Delivery cloud_function_service(const HttpRequest& req);
    Delivery apply_http_faults(Hop request_hop, Hop response_hop, const HttpRequest& req,
                               const std::function<HttpReply(const std::string& forced)>& handle);
    TransportResult send_to_platform(const HttpRequest& req, uint32_t flow, Actor from = Actor::DevServer);
    TransportResult send_to_dev(const HttpRequest& req, uint32_t flow);
    // … through `via` to `url` (where it really goes, as the journal shows it): a team's backend.
    TransportResult send_to_dev(const HttpRequest& req, uint32_t flow, Transport& via, const std::string& url);
    // What the app asks its own server: the built-in developer server's `builtin` request, or with a
    // backend profile (EngineConfig::backend) the profile's template for it, filled with `values`
    // ({{session}} is the app's token). `missing` names the template the profile lacks: nothing was sent.
    struct ServerAnswer {
        TransportResult t;
        std::string session;  // a backend's login reply: the session at the profile's locator
        std::string missing;
    };
    ServerAnswer ask_server(uint32_t flow, ServerCall call, const HttpRequest& builtin,
                            std::map<std::string, std::string> values = {});
    ActionResult backend_session(uint32_t flow, ActionResult r, const std::string& credential, const std::string& session,
                                 const nlohmann::ordered_json& res);
    ActionResult not_asked(ActionResult r, const std::string& why);
    ServerAnswer ask_backend(uint32_t flow, ServerCall call, const HttpRequest& builtin, std::map<std::string, std::string> values);
    // An exchange a team's backend makes with a platform, journaled here as send_to_platform journals
    // the built-in server's (the backend's own side of it is out of sight).
    Delivery journal_foreign_exchange(const HttpRequest& req, const std::function<Delivery()>& serve);
    // A platform exchange's two journal entries (secrets masked), whoever made it: `peer` asks, and hears back.
    HttpRecord note_platform_request(uint32_t flow, Actor peer, const HttpRequest& req);
    void note_platform_reply(uint32_t flow, Actor peer, HttpRecord rec, const TransportResult& r);
    TransportResult send_to_cloud_function(const HttpRequest& req, uint32_t flow);
    // How long the caller of the platform endpoint `path` waits before it reports a timeout: the
    // cloud function for getPhoneNumber (assumptions(): unicloud.call_timeout_ms), else the server.
    int64_t platform_wait_ms(const std::string& path) const;
    std::optional<FaultRule> take_fault(Hop hop, const std::string& path = "");
    // The one interpreter of a fault at a client hop (ClientCall, SessionCheck, Dialog), if one fires:
    // journaled; a delay shorter than the caller's `timeout_ms`, or a clock jump, moves the clock and
    // the call goes on; a platform error is the code the call fails with; a hang, or a delay as long
    // as the timeout, is `hung` (the caller waits its timeout and fails its own way).
    struct ClientFault {
        std::string code;
        bool hung = false;
    };
    ClientFault take_client_fault(uint32_t flow, Hop hop, int64_t timeout_ms = INT64_MAX);
    // take_client_fault for a call whose hang fails with `hang_code` after `hang_wait_ms`: the code the
    // call fails with ("" for none).
    std::string client_call_fault(uint32_t flow, Hop hop, const std::string& hang_code = "", int64_t hang_wait_ms = 0);
    void fired(const FaultRule& r, uint32_t flow);
    void gate(Hop hop);
    void console(uint32_t flow, std::string line);
    void note(uint32_t flow, Actor actor, Hop hop, std::string kind, std::string text,
              Links links = {}, std::optional<Actor> to = std::nullopt,
              std::optional<HttpRecord> http = std::nullopt);
    ActionResult finish(uint32_t flow, ActionResult r);
    ActionResult deliver_callbacks(uint32_t flow, const std::string& api, ActionResult r, const nlohmann::ordered_json& res);
    ActionResult issue_code(uint32_t flow, const LoginOptions& opt);
    ActionResult exchange(uint32_t flow, const std::string& code);
    ActionResult exchange_at(uint32_t flow, const std::string& path, const std::string& code, const std::string& claim_openid = "");
    ActionResult post_with_token(uint32_t flow, const std::string& action, const std::string& path);
    uint32_t begin(const std::string& action);
    ActionResult uni_fail(uint32_t flow, const std::string& api, const std::string& code, ActionResult r,
                          std::optional<std::pair<int, std::string>> button = std::nullopt,
                          const std::string& platform = "univerify", const nlohmann::ordered_json* extra = nullptr);
    ActionResult uni_ok(uint32_t flow, const std::string& api, ActionResult r, nlohmann::ordered_json extra);
    ActionResult univerify_exchange(uint32_t flow, const UniverifyToken& t);
    void page_event(uint32_t flow, const std::string& kind, const std::string& text);
    // Closes a dialog whose flag is guarded by mu_; false when it was not showing.
    bool close_dialog(bool& showing);
    void close_page(uint32_t flow, const std::string& why);
    UniverifyPageState page_;  // guarded by mu_
    bool profile_sheet_ = false;  // guarded by mu_
    ProfileRequest profile_request_;  // what the open sheet was asked for; guarded by mu_
    bool phone_sheet_ = false;        // guarded by mu_
    std::string phone_sheet_number_;  // masked; guarded by mu_
    bool avatar_sheet_ = false;       // guarded by mu_
    ProfileFill fill_;                // guarded by mu_
    bool wechat_auth_ = false;    // guarded by mu_: WeChat's authorization page is showing
    bool only_authorize_ = false; // guarded by mu_: the pending uni.login weixin used onlyAuthorize
    bool apple_sheet_ = false;    // guarded by mu_
    bool baidu_dialog_ = false;   // guarded by mu_
    bool baidu_button_ok_ = false; // guarded by mu_: the login button's bindlogin said login:ok
    ActionResult swan_fail(uint32_t flow, const std::string& api, const std::string& code, ActionResult r);
    ActionResult swan_code(uint32_t flow, const std::string& api, ActionResult r, bool with_timeout_code,
                           const LoginOptions& opt = {});
    ActionResult swan_button_ok(uint32_t flow, ActionResult r);
    std::set<std::string> apple_authorized_;  // guarded by mu_: users who shared name and email once
    std::map<std::string, std::string> apple_user_ids_;  // guarded by mu_: each user's appleInfo.user, stable
    ActionResult uni_weixin_allowed(uint32_t flow, ActionResult r);
    ActionResult donut_fail(uint32_t flow, ActionResult r, const std::string& code);
    ActionResult post_open_data(uint32_t flow, const nlohmann::json& open_data);
    ActionResult post_phone_code(uint32_t flow, const std::string& code);
    ActionResult blur_nickname(uint32_t flow, ActionResult r);  // bindblur, then WeChat's check (2.24.4+)
    std::string check_content(uint32_t flow, const std::string& what);  // the verdict, on the virtual clock
    // The signed, encrypted profile WeChat returns (the user's own, or from 2.27.1 the anonymous one).
    ActionResult return_profile(uint32_t flow, ActionResult r, const std::string& watermark_appid, bool anonymous);
    std::set<std::string> missing_assets_;  // guarded by mu_
    void build_transports();

    EngineConfig cfg_;
    VirtualClock clock_;
    IdGenerator ids_;
    Journal journal_;
    WeChatPlatform platform_;
    UniverifyPlatform univerify_;
    DonutPlatform donut_;
    OpenPlatform open_;
    BaiduPlatform baidu_;
    CloudFunction cloud_;
    DeveloperServer dev_;

    mutable AdaptiveMutex mu_;  // faults, environment, identity, last result
    FaultBook faults_;
    Environment env_;
    IdentityChain identity_;
    std::optional<ActionResult> last_;
    uint32_t flow_seq_ = 0;
    std::atomic<uint32_t> active_flow_{0};  // the flow the running action belongs to
    // A hang fault held the reply: [0] client→dev, [1] →platform, [2] dev→cloud function.
    std::atomic<bool> hung_[3] = {false, false, false};

    mutable std::mutex step_mu_;
    std::condition_variable step_cv_;
    std::atomic<bool> step_mode_{false};  // written under step_mu_; read without it on the hot path (gate)
    int step_permits_ = 0;
    std::optional<Hop> waiting_;
    std::atomic<bool> busy_{false};

    Service admin_;
    std::unique_ptr<HttpHost> platform_host_, dev_host_, cloud_host_;
    std::unique_ptr<Transport> to_platform_, to_dev_, to_cloud_;
    std::unique_ptr<BackendClient> backend_client_;  // with a backend profile: the app's cookie jar
    std::vector<std::unique_ptr<PackPlatform>> packs_;  // one per platform_packs() entry, in its order
    PackPlatform* flow_pack() const;                    // the current flow's, or nullptr
};

// What the JavaScript callbacks printed, in order (the Console tab).
std::vector<std::string> console_lines(const std::vector<Event>& events);
// Every lifetime in the journal with when it really ended (the Timeline tab's bars).
struct LifetimeBar { Lifetime life; int64_t ended_ms = -1; std::string end_kind; };  // -1: still alive
std::vector<LifetimeBar> lifetime_bars(const std::vector<Event>& events);

}  // namespace ls
