// wx.getUserProfile and the open data it returns (PLATFORM-FACTS §1.6, §6.3). The signature and the
// encryption use the session_key WeChat considers current; the developer server checks them with the
// one it holds — after a newer wx.login they differ, which is the classic race.
#include <nlohmann/json.hpp>

#include "engine_internal.hpp"
#include "engine_hops.hpp"
#include "loginscope/catalog.hpp"
#include "loginscope/crypto.hpp"
#include "loginscope/engine.hpp"
#include "loginscope/open_data.hpp"

namespace ls {

namespace {
// The grey default avatar every withdrawn getUserProfile answers (observed, PLATFORM-FACTS §6.3).
constexpr const char* kAnonymousAvatarUrl =
    "https://thirdwx.qlogo.cn/mmopen/vi_32/POgEwh4mIHO4nibH0KlMECNjjGxQUq24ZEaGT4poC6icRiccVGKSyXwibcPq4BWmiaIGuG1icwxaQX6grC9VemZoJ8rg/132";

ActionResult profile_failed(ActionResult r, const std::string& errMsg) {
    r.ok = false;
    r.pending = false;
    r.errMsg = errMsg;
    r.detail = errMsg;
    return r;
}

// §6.3: the parameter check comes first (desc required, ≤ 30 characters), then the tap rule.
std::string profile_request_error(const ProfileRequest& req, bool from_tap) {
    if (!req.desc) return find_assumption("wechat.profile.no_desc_errmsg")->value;
    if (js_length(*req.desc) > 30) return find_assumption("wechat.profile.long_desc_errmsg")->value;
    if (!from_tap) return "getUserProfile:fail can only be invoked by user TAP gesture.";
    return "";
}

std::string profile_call(const ProfileRequest& req) {
    std::string args = req.desc ? "desc: '" + *req.desc + "'" : "";
    if (req.lang != "en") args += std::string(args.empty() ? "" : ", ") + "lang: '" + req.lang + "'";
    return "wx.getUserProfile({" + args + "})";
}
}  // namespace

bool Engine::profile_sheet_open() const {
    std::lock_guard lock(mu_);
    return profile_sheet_;
}

ActionResult Engine::get_user_profile(bool from_tap, const ProfileRequest& request) {
    auto [flow, r] = EngineHops::start(*this, "get_user_profile");
    note(flow, Actor::Client, Hop::ClientCall, "api.call", profile_call(request), {}, Actor::Platform);
    const Environment env = environment();
    if (compare_versions(env.base_library, "2.10.4") < 0) {  // the API arrived in 2.10.4: the call throws
        r = profile_failed(r, "TypeError: wx.getUserProfile is not a function");
        r.detail = r.errMsg + " (base library " + env.base_library + " < 2.10.4)";
        console(flow, r.errMsg);
        return finish(flow, r);
    }
    if (const std::string error = profile_request_error(request, from_tap); !error.empty()) {
        r = profile_failed(r, error);
        return finish(flow, deliver_callbacks(flow, "wx.getUserProfile", r, res_json{{"errMsg", r.errMsg}}));
    }
    {
        std::lock_guard lock(mu_);
        profile_request_ = request;
    }
    if (compare_versions(env.base_library, "2.27.1") >= 0) {  // withdrawn: no sheet, the anonymous profile
        note(flow, Actor::Platform, Hop::ClientCall, "profile.anonymous",
             "base library " + env.base_library + " ≥ 2.27.1: no sheet; WeChat answers 微信用户 with the grey avatar", {},
             Actor::Client);
        return finish(flow, return_profile(flow, r, "", true));
    }
    EngineHops::show(*this, profile_sheet_);
    note(flow, Actor::Platform, Hop::Dialog, "profile.sheet_opened", "WeChat's authorization sheet: 申请获取你的昵称、头像", {},
         Actor::Client);
    return EngineHops::waits_for_user(*this, flow, r, "authorization sheet open");
}

ActionResult Engine::profile_sheet(bool allow, const std::string& watermark_appid) {
    auto [flow, r] = EngineHops::start(*this, allow ? "profile_allow" : "profile_deny");
    if (!close_dialog(profile_sheet_)) return EngineHops::finish_with(*this, flow, r, "no authorization sheet is open");
    note(flow, Actor::Client, Hop::Dialog, "profile.sheet_closed", allow ? "the user tapped 允许" : "the user tapped 拒绝");
    gate(Hop::Dialog);
    if (!allow) {
        r = profile_failed(r, find_assumption("wechat.profile.deny_errmsg")->value);
        return finish(flow, deliver_callbacks(flow, "wx.getUserProfile", r, res_json{{"errMsg", r.errMsg}}));
    }
    return finish(flow, return_profile(flow, r, watermark_appid, false));
}

// userInfo as WeChat returns it: since 2021-10 gender is 0 and the region empty for everyone; from
// base library 2.27.1 the nickname is 微信用户 and the avatar the grey default (§6.3).
ActionResult Engine::return_profile(uint32_t flow, ActionResult r, const std::string& watermark_appid, bool anonymous) {
    const Environment env = environment();
    const std::string key = platform_.current_session_key(cfg_.app.appid, env.user);
    if (key.empty()) {
        r = profile_failed(r, find_assumption("wechat.profile.no_session_errmsg")->value);
        return deliver_callbacks(flow, "wx.getUserProfile", r, res_json{{"errMsg", r.errMsg}});
    }
    const ProfileRequest request = [&] {
        std::lock_guard lock(mu_);
        return profile_request_;
    }();
    const res_json user_info{{"nickName", anonymous ? "微信用户" : env.user},
                             {"gender", 0},
                             {"language", anonymous ? find_assumption("wechat.profile.anonymous_language")->value : request.lang},
                             {"city", ""},
                             {"province", ""},
                             {"country", ""},
                             {"avatarUrl", anonymous ? kAnonymousAvatarUrl : ""}};
    res_json plain = user_info;  // no openId nor unionId in getUserProfile's encryptedData (WeChat's tip, §6.3)
    plain["watermark"] = {{"timestamp", assumed_int("wechat.profile.watermark_epoch") + clock_.now_ms() / 1000}, {"appid", watermark_appid.empty() ? cfg_.app.appid : watermark_appid}};
    std::string iv_bytes(16, '\0');
    for (auto& c : iv_bytes) c = char(ids_.next() & 0xff);
    const std::string raw = user_info.dump(), iv = base64_encode(iv_bytes);
    const res_json res{{"errMsg", "getUserProfile:ok"}, {"userInfo", user_info}, {"rawData", raw},
                       {"signature", open_data_signature(raw, key)},
                       {"encryptedData", encrypt_open_data(plain.dump(), key, iv)}, {"iv", iv}};
    note(flow, Actor::Platform, anonymous ? Hop::ClientCall : Hop::Dialog, "profile.signed",
         watermark_appid.empty() ? std::string(anonymous ? "WeChat signed and encrypted the anonymous profile with the current session_key"
                                                         : "WeChat signed and encrypted the profile with the current session_key")
                                 : "open data replayed from another app (watermark.appid " + watermark_appid +
                                       "), signed and encrypted with the current session_key",
         {{"session_key", key}, {"watermark_appid", plain["watermark"]["appid"].get<std::string>()}}, Actor::Client);
    r.ok = true;
    deliver_callbacks(flow, "wx.getUserProfile", r, res);
    return post_open_data(flow, nlohmann::json::parse(res.dump()));
}

// The app's success callback: POST /api/profile with our token.
ActionResult Engine::post_open_data(uint32_t flow, const nlohmann::json& open_data) {
    ActionResult r;
    r.action = "profile_allow";
    gate(Hop::ClientToDev);
    const nlohmann::json sent{{"rawData", open_data["rawData"]}, {"signature", open_data["signature"]},
                              {"encryptedData", open_data["encryptedData"]}, {"iv", open_data["iv"]}};
    const ServerAnswer a = ask_server(flow, ServerCall::OpenData, app_post("/api/profile", sent, identity().token),
                                      {{"rawData", sent["rawData"]}, {"signature", sent["signature"]},
                                       {"encryptedData", sent["encryptedData"]}, {"iv", sent["iv"]}});
    if (!a.missing.empty()) return not_asked(r, a.missing);
    const TransportResult& t = a.t;
    r.http_status = t.ok() ? t.reply->status : 0;
    r.ok = t.ok() && (cfg_.backend ? t.reply->status / 100 == 2 : t.reply->status == 200);
    r.errMsg = t.ok() ? "request:ok" : "request:fail " + t.error;
    const nlohmann::json body = t.ok() ? nlohmann::json::parse(t.reply->body, nullptr, false) : nlohmann::json();
    r.detail = cfg_.backend ? (r.ok ? "the backend accepted the open data" : "the backend refused the open data (" + (t.ok() ? "HTTP " + std::to_string(t.reply->status) : r.errMsg) + ")")
               : r.ok       ? "developer server verified and decrypted the profile"
                            : "developer server: " + (body.is_object() ? body.value("error", "") : r.errMsg);
    deliver_callbacks(flow, "wx.request", r, request_res(t));
    return r;
}

}  // namespace ls
