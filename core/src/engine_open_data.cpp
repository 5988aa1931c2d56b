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
ActionResult profile_failed(ActionResult r, const std::string& errMsg) {
    r.ok = false;
    r.pending = false;
    r.errMsg = errMsg;
    r.detail = errMsg;
    return r;
}
}  // namespace

bool Engine::profile_sheet_open() const {
    std::lock_guard<std::mutex> lock(mu_);
    return profile_sheet_;
}

ActionResult Engine::get_user_profile(bool from_tap) {
    auto [flow, r] = EngineHops::start(*this, "get_user_profile");
    note(flow, Actor::Client, Hop::ClientCall, "api.call", "wx.getUserProfile({desc: '用于完善会员资料'})", {}, Actor::Platform);
    if (!from_tap) {  // §6.3: only directly inside a tap handler
        r = profile_failed(r, "getUserProfile:fail can only be invoked by user TAP gesture.");
        return finish(flow, deliver_callbacks(flow, "wx.getUserProfile", r, res_json{{"errMsg", r.errMsg}}));
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
    const Environment env = environment();
    const std::string key = platform_.current_session_key(cfg_.app.appid, env.user);
    if (key.empty()) {
        r = profile_failed(r, find_assumption("wechat.profile.no_session_errmsg")->value);
        return finish(flow, deliver_callbacks(flow, "wx.getUserProfile", r, res_json{{"errMsg", r.errMsg}}));
    }
    const res_json user_info{{"nickName", env.user}, {"gender", 0}, {"language", "zh_CN"}, {"city", ""},
                             {"province", ""}, {"country", ""}, {"avatarUrl", ""}};
    res_json plain = user_info;
    plain["openId"] = platform_.openid_of(cfg_.app.appid, env.user);
    plain["watermark"] = {{"timestamp", assumed_int("wechat.profile.watermark_epoch") + clock_.now_ms() / 1000}, {"appid", watermark_appid.empty() ? cfg_.app.appid : watermark_appid}};
    std::string iv_bytes(16, '\0');
    for (auto& c : iv_bytes) c = char(ids_.next() & 0xff);
    const std::string raw = user_info.dump(), iv = base64_encode(iv_bytes);
    const res_json res{{"errMsg", "getUserProfile:ok"}, {"userInfo", user_info}, {"rawData", raw},
                       {"signature", open_data_signature(raw, key)},
                       {"encryptedData", encrypt_open_data(plain.dump(), key, iv)}, {"iv", iv}};
    note(flow, Actor::Platform, Hop::Dialog, "profile.signed",
         watermark_appid.empty() ? "WeChat signed and encrypted the profile with the current session_key"
                                 : "open data replayed from another app (watermark.appid " + watermark_appid +
                                       "), signed and encrypted with the current session_key",
         {{"session_key", key}, {"watermark_appid", plain["watermark"]["appid"].get<std::string>()}}, Actor::Client);
    r.ok = true;
    deliver_callbacks(flow, "wx.getUserProfile", r, res);
    return finish(flow, post_open_data(flow, nlohmann::json::parse(res.dump())));
}

// The app's success callback: POST /api/profile with our token.
ActionResult Engine::post_open_data(uint32_t flow, const nlohmann::json& open_data) {
    ActionResult r;
    r.action = "profile_allow";
    gate(Hop::ClientToDev);
    HttpRequest req;
    req.method = "POST";
    req.path = "/api/profile";
    req.headers["Content-Type"] = "application/json";
    {
        std::lock_guard<std::mutex> lock(mu_);
        req.headers["Authorization"] = "Bearer " + identity_.token;
    }
    req.body = nlohmann::json{{"rawData", open_data["rawData"]}, {"signature", open_data["signature"]},
                              {"encryptedData", open_data["encryptedData"]}, {"iv", open_data["iv"]}}.dump();
    const TransportResult t = send_to_dev(req, flow);
    r.http_status = t.ok() ? t.reply->status : 0;
    r.ok = t.ok() && t.reply->status == 200;
    r.errMsg = t.ok() ? "request:ok" : "request:fail " + t.error;
    const nlohmann::json body = t.ok() ? nlohmann::json::parse(t.reply->body, nullptr, false) : nlohmann::json();
    r.detail = r.ok ? "developer server verified and decrypted the profile"
                    : "developer server: " + (body.is_object() ? body.value("error", "") : r.errMsg);
    deliver_callbacks(flow, "wx.request", r, request_res(t));
    return r;
}

}  // namespace ls
