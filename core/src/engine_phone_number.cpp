// Phone-number quick verification in a mini program (手机号快速验证, PLATFORM-FACTS §1.7): the
// page's button, WeChat's sheet, bindgetphonenumber, then the app's own server trades the code.
#include <nlohmann/json.hpp>

#include "engine_internal.hpp"
#include "engine_hops.hpp"
#include "loginscope/engine.hpp"

namespace ls {

bool Engine::phone_sheet_open() const {
    std::lock_guard lock(mu_);
    return phone_sheet_;
}

std::string Engine::phone_sheet_number() const {
    std::lock_guard lock(mu_);
    return phone_sheet_ ? phone_sheet_number_ : "";
}

ActionResult Engine::get_phone_number() {
    auto [flow, r] = EngineHops::start(*this, "get_phone_number");
    note(flow, Actor::Client, Hop::ClientCall, "api.call", "<button open-type=\"getPhoneNumber\" bindgetphonenumber> tapped", {},
         Actor::Platform);
    gate(Hop::ClientCall);
    const std::string number = platform_.phone_of(environment().user);
    {
        std::lock_guard lock(mu_);
        phone_sheet_number_ = mask_phone(number);
    }
    EngineHops::show(*this, phone_sheet_);
    note(flow, Actor::Platform, Hop::Dialog, "phone.sheet_opened",
         "WeChat's sheet: 申请获取并验证你的手机号 " + mask_phone(number) + " (微信绑定号码)", {}, Actor::Client);
    return EngineHops::waits_for_user(*this, flow, r, "phone-number sheet open");
}

ActionResult Engine::phone_sheet(bool allow) {
    auto [flow, r] = EngineHops::start(*this, allow ? "phone_allow" : "phone_deny");
    if (!close_dialog(phone_sheet_)) return EngineHops::finish_with(*this, flow, r, "no phone-number sheet is open");
    note(flow, Actor::Client, Hop::Dialog, "phone.sheet_closed", allow ? "the user tapped 允许" : "the user tapped 拒绝");
    gate(Hop::Dialog);
    if (!allow) {  // §1.7: the handler still runs, with the refusal in e.detail
        r.errMsg = "getPhoneNumber:fail user deny";
        r.detail = r.errMsg;
        console(flow, "bindgetphonenumber detail " + res_json{{"errMsg", r.errMsg}}.dump());
        return finish(flow, r);
    }
    const IssuedCode code = platform_.issue_phone_code(cfg_.app.appid, environment().user, flow);
    console(flow, "bindgetphonenumber detail " + res_json{{"errMsg", "getPhoneNumber:ok"}, {"code", code.code}}.dump());
    ActionResult x = post_phone_code(flow, code.code);
    x.action = r.action;
    return finish(flow, x);
}

// The handler posts the code to the app's server with our token: {phone: masked} or an error.
ActionResult Engine::post_phone_code(uint32_t flow, const std::string& code) {
    ActionResult r;
    r.code = code;
    gate(Hop::ClientToDev);
    if (EngineHops::fails_offline(*this, flow, r)) return r;
    const ServerAnswer a = ask_server(flow, ServerCall::Phone, app_post("/api/phone", {{"code", code}}, identity().token),
                                      {{"phone_code", code}});
    if (!a.missing.empty()) return not_asked(r, a.missing);
    const TransportResult& t = a.t;
    r.http_status = t.ok() ? t.reply->status : 0;
    r.errMsg = t.ok() ? "request:ok" : "request:fail " + t.error;
    const nlohmann::json body = t.ok() ? nlohmann::json::parse(t.reply->body, nullptr, false) : nlohmann::json();
    if (cfg_.backend) {  // a team's backend: a 2xx reply means it took the code; the body is its own
        r.ok = t.ok() && t.reply->status / 100 == 2;
        r.detail = !t.ok() ? r.errMsg
                   : r.ok  ? "the backend took the phone-number code"
                           : "the backend refused the phone-number code (HTTP " + std::to_string(t.reply->status) + ")";
    } else {
        r.ok = t.ok() && t.reply->status == 200 && body.is_object() && body.contains("phone");
        if (r.ok) {
            r.detail = "the server verified the number: " + body.value("phone", "");
        } else if (body.is_object() && body.contains("errcode")) {
            r.errcode = body["errcode"].get<int>();
            r.detail = "developer server: " + body.value("error", "") + " " + std::to_string(*r.errcode) + " " + body.value("errmsg", "");
        } else {
            r.detail = "developer server: " + (body.is_object() ? body.value("error", "") : r.errMsg);
        }
    }
    deliver_callbacks(flow, "wx.request", r, request_res(t));
    return r;
}

}  // namespace ls
