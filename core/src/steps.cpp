#include "loginscope/steps.hpp"

#include <string>

#include "loginscope/faults.hpp"
#include "loginscope/flaws.hpp"
#include "loginscope/platform_pack.hpp"
#include "loginscope/scenario.hpp"
#include "loginscope/univerify.hpp"
#include "world_fields.hpp"

namespace ls {

namespace {

using ojson = nlohmann::ordered_json;

constexpr FlowSet kMp = flow_bit(Flow::WeChatMp), kTaro = flow_bit(Flow::Taro), kApp = flow_bit(Flow::WeChatApp),
                  kSwan = flow_bit(Flow::Swan), kUniWeixin = flow_bit(Flow::UniWeixin), kUniApple = flow_bit(Flow::UniApple),
                  kUniverify = flow_bit(Flow::Univerify);
constexpr FlowSet kPackFlows = ~(kUniverify * 2 - 1);  // every platform pack's flow: each logs in with a code
constexpr FlowSet kCodeFlows = kMp | kTaro | kApp | kSwan | kUniWeixin | kPackFlows;  // where a code goes to the developer server

// The code the phone got `back` codes before its latest one ("" when it got fewer).
std::string recent_code(Engine& engine, int back) {
    std::vector<std::string> codes;
    for (const Event& e : engine.journal().all())
        if (e.kind == "code.issued" && e.links.count("code")) codes.push_back(e.links.at("code"));
    return int(codes.size()) > back ? codes[codes.size() - 1 - back] : "";
}

ActionResult state_change(const Step& step, bool ok = true) {
    ActionResult r;
    r.action = step.action;
    r.ok = ok;
    return r;
}

ActionResult failed(const Step& step, std::string why) {
    ActionResult r = state_change(step, false);
    r.detail = std::move(why);
    return r;
}

ActionResult send_code(Engine& e, const Step& s) {
    const std::string claim = s.claim_openid_of.empty() ? "" : e.openid_of(s.claim_openid_of);
    const std::string older = s.code_back > 0 ? recent_code(e, s.code_back) : "";
    if (s.code_back > 0 && older.empty())  // nothing to replay: say so rather than send the latest code
        return failed(s, "the phone has had fewer than " + std::to_string(s.code_back + 1) + " codes: nothing to replay");
    return e.send_code(s.code_back > 0 ? older : s.code, claim);
}

// remove_fault / set_fault_enabled: rule `s.index` of the list as it is now; a step that fails (and
// says why) when there is no such rule.
ActionResult fault_rule_step(Engine& e, const Step& s) {
    const size_t count = e.faults().size();
    if (s.index < 0 || size_t(s.index) >= count)
        return failed(s, "no fault rule #" + std::to_string(s.index) + " (there are " + std::to_string(count) + ")");
    if (s.action == "remove_fault")
        e.remove_fault(size_t(s.index));
    else
        e.set_fault_enabled(size_t(s.index), s.enabled);
    return state_change(s);
}

using StepRef = const Step&;
constexpr StepBy kPhone = StepBy::Phone, kServer = StepBy::Server, kTester = StepBy::Tester;

// In explore's drawing order (see step_kinds()). Built on first use: other files' statics ask for it.
const std::vector<StepKind>& kinds() {
    // The built-in kinds, then each platform pack's (after them: a seed keeps its meaning in the built-in flows).
    static const std::vector<StepKind> table = with_pack_rows<StepKind>({
    // id, label, engine call, who takes it, login running, explore weight and flows, apply
    {"login", "login", "login", kPhone, true, 6, kMp | kTaro, [](Engine& e, StepRef s) { return e.login(s.login); }},
    {"wx_login", "wx.login", "wx_login", kPhone, true, 3, kMp | kTaro, [](Engine& e, StepRef s) { return e.wx_login(s.login); }},
    {"send_code", "send a code", "send_code", kPhone, false, 4, kCodeFlows, send_code},
    {"resend_code", "send code", "send_code", kPhone, false, 3, kCodeFlows, [](Engine& e, StepRef) { return e.send_code(); }},
    {"check_session", "checkSession", "check_session", kPhone, false, 2, kMp | kTaro, [](Engine& e, StepRef) { return e.check_session(); }},
    {"call_api", "call API", "call_api", kPhone, false, 2, kEveryFlow, [](Engine& e, StepRef) { return e.call_api(); }},
    {"get_user_profile", "wx.getUserProfile", "get_user_profile", kPhone, false, 3, kMp | kTaro,
     [](Engine& e, StepRef s) { return e.get_user_profile(s.from_tap, s.profile); }},
    {"profile_allow", "tap 允许", "profile_sheet", kPhone, false, 3, kMp | kTaro,
     [](Engine& e, StepRef s) { return e.profile_sheet(true, s.watermark_appid); }},
    // Not drawn by explore yet (weight 0): the scenarios check the phone number's invariant.
    {"get_phone_number", "getPhoneNumber button", "get_phone_number", kPhone, false, 0, kMp | kTaro,
     [](Engine& e, StepRef) { return e.get_phone_number(); }},
    {"phone_allow", "tap 允许 (phone number)", "phone_sheet", kPhone, false, 0, kMp | kTaro, [](Engine& e, StepRef) { return e.phone_sheet(true); }},
    {"phone_deny", "tap 拒绝 (phone number)", "phone_sheet", kPhone, false, 0, kMp | kTaro, [](Engine& e, StepRef) { return e.phone_sheet(false); }},
    // 头像昵称填写 (§6.6): not drawn by explore (weight 0); the scenarios in avatar-nickname/ cover them.
    {"choose_avatar", "chooseAvatar button", "choose_avatar", kPhone, false, 0, kMp | kTaro, [](Engine& e, StepRef) { return e.choose_avatar(); }},
    {"avatar_use_wechat", "tap 用微信头像", "avatar_sheet", kPhone, false, 0, kMp | kTaro,
     [](Engine& e, StepRef) { return e.avatar_sheet(AvatarSource::WeChat); }},
    {"avatar_from_album", "tap 从相册选择", "avatar_sheet", kPhone, false, 0, kMp | kTaro,
     [](Engine& e, StepRef) { return e.avatar_sheet(AvatarSource::Album); }},
    {"avatar_take_photo", "tap 拍照", "avatar_sheet", kPhone, false, 0, kMp | kTaro,
     [](Engine& e, StepRef) { return e.avatar_sheet(AvatarSource::Camera); }},
    {"avatar_cancel", "tap 取消 (avatar)", "avatar_sheet", kPhone, false, 0, kMp | kTaro,
     [](Engine& e, StepRef) { return e.avatar_sheet(std::nullopt); }},
    {"nickname_focus", "tap the nickname input", "nickname_focus", kPhone, false, 0, kMp | kTaro,
     [](Engine& e, StepRef) { return e.nickname_focus(); }},
    {"nickname_type", "type a nickname", "nickname_type", kPhone, false, 0, kMp | kTaro,
     [](Engine& e, StepRef s) { return e.nickname_type(s.text); }},
    {"nickname_use_wechat", "tap the WeChat nickname", "nickname_use_wechat", kPhone, false, 0, kMp | kTaro,
     [](Engine& e, StepRef) { return e.nickname_use_wechat(); }},
    {"nickname_done", "tap 完成 (keyboard)", "nickname_done", kPhone, false, 0, kMp | kTaro, [](Engine& e, StepRef) { return e.nickname_done(); }},
    {"profile_submit", "submit the profile form", "profile_submit", kPhone, false, 0, kMp | kTaro,
     [](Engine& e, StepRef) { return e.profile_submit(); }},
    {"profile_deny", "tap 拒绝", "profile_sheet", kPhone, false, 1, kMp | kTaro, [](Engine& e, StepRef) { return e.profile_sheet(false); }},
    {"server_check_session", "server checks the session_key", "server_check_session", kServer, false, 1, kMp | kTaro,
     [](Engine& e, StepRef) { return e.server_check_session(); }},
    {"server_reset_session_key", "server resets the session_key", "server_reset_session_key", kServer, false, 1, kMp | kTaro,
     [](Engine& e, StepRef) { return e.server_reset_session_key(); }},
    {"weixin_app_login", "wx.weixinAppLogin", "weixin_app_login", kPhone, true, 5, kApp, [](Engine& e, StepRef) { return e.weixin_app_login(); }},
    {"wechat_auth_allow", "tap 允许 (WeChat)", "wechat_auth", kPhone, true, 4, kApp | kUniWeixin,
     [](Engine& e, StepRef) { return e.wechat_auth(true); }},
    {"wechat_auth_deny", "tap 拒绝 (WeChat)", "wechat_auth", kPhone, false, 1, kApp | kUniWeixin,
     [](Engine& e, StepRef) { return e.wechat_auth(false); }},
    {"swan_button_login", "login (Baidu button)", "swan_button_login", kPhone, true, 5, kSwan,
     [](Engine& e, StepRef) { return e.swan_button_login(); }},
    {"baidu_dialog_log_in", "tap 一键登录 (Baidu)", "baidu_dialog", kPhone, true, 2, kSwan, [](Engine& e, StepRef) { return e.baidu_dialog(true); }},
    {"baidu_dialog_close", "tap 取消 (Baidu)", "baidu_dialog", kPhone, false, 1, kSwan, [](Engine& e, StepRef) { return e.baidu_dialog(false); }},
    {"swan_login", "swan.login", "swan_login", kPhone, false, 2, kSwan, [](Engine& e, StepRef s) { return e.swan_login(s.login); }},
    {"swan_get_login_code", "swan.getLoginCode", "swan_get_login_code", kPhone, false, 3, kSwan,
     [](Engine& e, StepRef) { return e.swan_get_login_code(); }},
    {"swan_check_session", "swan.checkSession", "swan_check_session", kPhone, false, 2, kSwan,
     [](Engine& e, StepRef) { return e.swan_check_session(); }},
    {"swan_is_login_sync", "swan.isLoginSync", "swan_is_login_sync", kPhone, false, 1, kSwan,
     [](Engine& e, StepRef) { return e.swan_is_login_sync(); }},
    {"uni_login_baidu", "uni.login (Baidu)", "uni_login_baidu", kPhone, false, 1, kSwan, [](Engine& e, StepRef) { return e.uni_login_baidu(); }},
    {"uni_get_login_code", "uni.getLoginCode", "uni_get_login_code", kPhone, false, 1, kSwan,
     [](Engine& e, StepRef) { return e.uni_get_login_code(); }},
    {"uni_login_weixin", "uni.login weixin", "uni_login_weixin", kPhone, true, 5, kUniWeixin,
     [](Engine& e, StepRef s) { return e.uni_login_weixin(s.only_authorize); }},
    {"uni_login_apple", "uni.login apple", "uni_login_apple", kPhone, true, 5, kUniApple, [](Engine& e, StepRef) { return e.uni_login_apple(); }},
    {"apple_continue", "tap 继续 (Apple)", "apple_sheet", kPhone, true, 4, kUniApple, [](Engine& e, StepRef) { return e.apple_sheet(true); }},
    {"apple_cancel", "tap 取消 (Apple)", "apple_sheet", kPhone, false, 1, kUniApple, [](Engine& e, StepRef) { return e.apple_sheet(false); }},
    {"pre_login", "uni.preLogin", "pre_login", kPhone, false, 4, kUniverify, [](Engine& e, StepRef s) { return e.pre_login(s.provider); }},
    {"univerify_login", "uni.login", "univerify_login", kPhone, true, 5, kUniverify,
     [](Engine& e, StepRef s) { return e.univerify_login(s.style); }},
    {"page_toggle_checkbox", "tap checkbox", "page_toggle_checkbox", kPhone, false, 2, kUniverify,
     [](Engine& e, StepRef) { return e.page_toggle_checkbox(); }},
    {"page_tap_login", "tap login", "page_tap_login", kPhone, false, 4, kUniverify, [](Engine& e, StepRef) { return e.page_tap_login(); }},
    {"page_tap_other_login", "tap other login", "page_tap_other_login", kPhone, false, 1, kUniverify,
     [](Engine& e, StepRef) { return e.page_tap_other_login(); }},
    {"page_tap_close", "tap close", "page_tap_close", kPhone, false, 1, kUniverify, [](Engine& e, StepRef) { return e.page_tap_close(); }},
    {"page_tap_custom_button", "tap custom button", "page_tap_custom_button", kPhone, false, 1, kUniverify,
     [](Engine& e, StepRef s) { return e.page_tap_custom_button(s.index); }},
    {"close_auth_view", "uni.closeAuthView", "close_auth_view", kPhone, false, 1, kUniverify,
     [](Engine& e, StepRef) { return e.close_auth_view(); }},
    {"get_univerify_manager", "uni.getUniverifyManager", "get_univerify_manager", kPhone, false, 1, kUniverify,
     [](Engine& e, StepRef) { return e.get_univerify_manager(); }},
    {"on_buttons_click", "onButtonsClick", "on_buttons_click", kPhone, false, 1, kUniverify,
     [](Engine& e, StepRef) { return e.on_buttons_click(true); }},
    {"off_buttons_click", "offButtonsClick", "on_buttons_click", kPhone, false, 1, kUniverify,
     [](Engine& e, StepRef) { return e.on_buttons_click(false); }},
    {"get_checkbox_state", "uni.getCheckBoxState", "get_checkbox_state", kPhone, false, 1, kUniverify,
     [](Engine& e, StepRef) { return e.get_checkbox_state(); }},
    {"advance", "advance the clock", "advance", kTester, false, 4, kEveryFlow, [](Engine& e, StepRef s) {
         e.advance(s.ms);
         return state_change(s);
     }},
    {"jump_to_next_expiry", "jump to the next expiry", "jump_to_next_expiry", kTester, false, 2, kEveryFlow,
     [](Engine& e, StepRef s) { return state_change(s, e.jump_to_next_expiry()); }},
    {"environment", "change the environment", "set_environment", kTester, false, 2, kEveryFlow, [](Engine& e, StepRef s) {
         e.set_environment(*s.env);
         return state_change(s);
     }},
    {"add_fault", "add a fault rule", "add_fault", kTester, false, 2, kEveryFlow, [](Engine& e, StepRef s) {
         e.add_fault(*s.fault);
         return state_change(s);
     }},
    {"clear_faults", "clear the fault rules", "clear_faults", kTester, false, 1, kEveryFlow, [](Engine& e, StepRef s) {
         e.clear_faults();
         return state_change(s);
     }},
    // Never drawn by explore: they name rules by position, or switch the developer server's flaws.
    {"remove_fault", "remove a fault rule", "remove_fault", kTester, false, 0, 0, fault_rule_step},
    {"set_fault_enabled", "switch a fault rule", "set_fault_enabled", kTester, false, 0, 0, fault_rule_step},
    {"set_flaws", "switch the flaws", "set_flaws", kTester, false, 0, 0, [](Engine& e, StepRef s) {
         e.set_flaws(s.flaws);
         return state_change(s);
     }},
    }, &PlatformPack::steps);
    return table;
}

ojson environment_json(const Environment& env) {
    ojson j = ojson::object();
    environment_fields(env, FieldWriter<ojson>{j});
    for (const auto& [id, on] : env.pack_settings) j[id] = on;  // a pack's settings that were set
    return j;
}

ojson ordered(const nlohmann::json& j) { return ojson::parse(j.dump()); }

}  // namespace

ojson expectation_json(const StepExpectation& e) {
    ojson out = ojson::object();
    if (e.ok) out["ok"] = *e.ok;
    if (e.errMsg) out["errMsg"] = *e.errMsg;
    if (e.errcode) out["errcode"] = *e.errcode;
    if (e.http_status) out["http_status"] = *e.http_status;
    if (e.detail_contains) out["detail_contains"] = *e.detail_contains;
    if (e.pending) out["pending"] = *e.pending;
    if (e.page_open) out["page_open"] = *e.page_open;
    if (e.page_checked) out["page_checked"] = *e.page_checked;
    if (e.page_hint) out["page_hint"] = *e.page_hint;
    return out;
}

ojson fault_rule_json(const FaultRule& r) {
    const nlohmann::json j = fault_rule_to_json(r);
    ojson out;
    for (const char* key : {"hop", "path", "when", "n", "probability", "seed", "what", "code", "status", "ms", "bytes"})
        if (j.contains(key)) out[key] = ordered(j[key]);
    for (auto& [key, value] : j.items())
        if (!out.contains(key)) out[key] = ordered(value);
    return out;
}

const std::vector<StepKind>& step_kinds() { return kinds(); }

const StepKind* find_step_kind(std::string_view id) {
    for (const StepKind& k : kinds())
        if (id == k.id) return &k;
    return nullptr;
}

Step make_step(std::string id) {
    Step s;
    s.action = std::move(id);
    return s;
}

ActionResult apply_step(Engine& engine, const Step& step) {
    const StepKind* kind = find_step_kind(step.action);
    if (!kind) throw std::out_of_range("no step kind \"" + step.action + "\"");
    return kind->apply(engine, step);
}

std::string step_label(const Step& step) {
    const StepKind* kind = find_step_kind(step.action);
    if (!kind) return step.action;
    std::string label = kind->label;
    if (step.action == "get_user_profile" && !step.from_tap) label += " (not from a tap)";
    if (step.action == "get_user_profile" && !step.profile.desc) label += " (no desc)";
    if (step.action == "pre_login" && step.provider != "univerify") label += " (provider '" + step.provider + "')";
    if (step.action == "uni_login_weixin" && step.only_authorize) label += " (onlyAuthorize)";
    if (step.action == "page_tap_custom_button") label += " " + std::to_string(step.index);
    if (step.action == "nickname_type") label += " \"" + step.text + "\"";
    return label;
}

ojson step_to_json(const Step& s) {
    const Step blank;
    ojson j{{"action", s.action}};
    if (s.login.timeout_ms) j["timeout_ms"] = *s.login.timeout_ms;
    if (s.ms != blank.ms) j["ms"] = s.ms;
    if (!s.code.empty()) j["code"] = s.code;
    if (s.code_back) j["code_back"] = s.code_back;
    if (!s.claim_openid_of.empty()) j["claim_openid_of"] = s.claim_openid_of;
    if (s.index != blank.index || s.action == "remove_fault" || s.action == "set_fault_enabled") j["index"] = s.index;
    if (s.action == "set_fault_enabled") j["enabled"] = s.enabled;
    if (s.action == "univerify_login" && univerify_style_to_json(s.style) != univerify_style_to_json(blank.style))
        j["style"] = ordered(univerify_style_to_json(s.style));
    if (s.from_tap != blank.from_tap) j["from_tap"] = s.from_tap;
    if (s.profile.desc != blank.profile.desc) j["desc"] = s.profile.desc ? ojson(*s.profile.desc) : ojson(nullptr);
    if (s.profile.lang != blank.profile.lang) j["lang"] = s.profile.lang;
    if (s.provider != blank.provider) j["provider"] = s.provider;
    if (s.action == "nickname_type") j["text"] = s.text;
    if (s.only_authorize != blank.only_authorize) j["only_authorize"] = s.only_authorize;
    if (!s.watermark_appid.empty()) j["watermark_appid"] = s.watermark_appid;
    if (s.env) j["environment"] = environment_json(*s.env);
    if (s.fault) j["fault"] = fault_rule_json(*s.fault);
    if (s.action == "set_flaws") {
        ojson flaws = ojson::array();
        for (Flaw f : s.flaws) flaws.push_back(to_string(f));
        j["flaws"] = flaws;
    }
    if (ojson expect = expectation_json(s.expect); !expect.empty()) j["expect"] = expect;
    return j;
}

}  // namespace ls
