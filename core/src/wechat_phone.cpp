// Phone-number quick verification (手机号快速验证, PLATFORM-FACTS §1.7): WeChat's side. The user's
// 允许 on the sheet gives the mini program a one-off code; the app's server trades it, with its
// access_token, at POST /wxa/business/getuserphonenumber for phone_info. Observed error forms carry
// a "hint: [...]" before the rid: {"errcode":40029,"errmsg":"invalid code hint: [qigBTVNre-vXl5ra] rid: …"}.
#include <nlohmann/json.hpp>

#include "loginscope/catalog.hpp"
#include "loginscope/platform_base.hpp"
#include "loginscope/wechat_platform.hpp"

namespace ls {

using nlohmann::json;

namespace {
constexpr int64_t kPhoneCodeTtlMs = 5 * 60 * 1000;  // §1.7: valid 5 minutes, single use
}  // namespace

std::string WeChatPlatform::phone_of(const std::string& user) {
    std::lock_guard lock(mu_);
    return phone_locked(user);
}

std::string WeChatPlatform::phone_locked(const std::string& user) {
    std::string& number = phones_[user];
    if (number.empty()) {
        number = "13";
        for (int i = 0; i < 9; ++i) number += char('0' + ids_.next() % 10);
    }
    return number;
}

IssuedCode WeChatPlatform::issue_phone_code(const std::string& appid, const std::string& user, uint32_t flow) {
    std::lock_guard lock(mu_);
    const int64_t now = clock_.now_ms();
    const IssuedCode issued{ids_.hex(64), add_ms(now, kPhoneCodeTtlMs), ""};
    phone_codes_.sweep(now);
    phone_codes_.put(issued.code, {user, ""}, issued.expires_at_ms, appid);
    Event e = code_issued_event(now, flow, Hop::Dialog, issued.code, user, issued.expires_at_ms,
                                "WeChat issued phone-number code " + issued.code.substr(0, 8) + "… (valid 5 min, single use)");
    e.kind = "phone_code.issued";
    journal_.record(std::move(e));
    return issued;
}

HttpReply WeChatPlatform::get_user_phone_number(const HttpRequest& req, uint32_t flow, const std::string& forced) {
    std::lock_guard lock(mu_);
    const int64_t now = clock_.now_ms();
    const json in = json::parse(req.body, nullptr, false);
    auto text = [&](const char* key) {  // a field of the body, "" unless it is a string (hostile bodies)
        return in.is_object() && in.contains(key) && in[key].is_string() ? in[key].get<std::string>() : std::string();
    };
    const std::string code = text("code");
    Event e = platform_event(now, flow, Hop::PlatformResponse);
    e.links = {{"code", code}};
    auto reject = [&](const std::string& err, const std::string& why) {
        e.kind = "phone_number.error";
        e.text = "wxa/business/getuserphonenumber rejected: " + err + " (" + why + ")";
        e.links["errcode"] = err;
        journal_.record(std::move(e));
        const CatalogEntry* c = find_catalog_entry("wechat", err, Hop::PlatformResponse);
        const std::string message = c ? c->message : "system error";
        const std::string hint = err == "40029" || err == "40013" ? " hint: [" + ids_.alnum(9) + "-" + ids_.alnum(6) + "]" : ",";
        return HttpReply{200, json{{"errcode", errcode_number(err)}, {"errmsg", message + hint + " rid: " + ids_.rid()}}.dump()};
    };
    if (req.method != "POST") return reject("43002", "GET: this API takes POST");
    std::string appid;
    for (auto& [a, t] : access_tokens_)
        if (access_token_valid(a, query_param(req, "access_token"))) appid = a;
    if (appid.empty()) return reject("40001", "no valid access_token");
    if (!forced.empty()) return reject(forced, "injected fault");
    phone_codes_.sweep(now);
    const CodeStore::Seen seen = phone_codes_.seen(code, now, appid);
    if (seen.state == CodeStore::Take::Unknown) {
        for (const WeChatApp& other : apps_)  // another app's code: the "binding" check (observed 40013)
            if (other.appid != appid && phone_codes_.seen(code, now, other.appid).state != CodeStore::Take::Unknown)
                return reject("40013", "a code of " + other.appid + ", not of the access_token's app");
        return reject("40029", "no such phone-number code");
    }
    if (seen.state == CodeStore::Take::Used) return reject("40029", "phone-number code already used (single use)");
    if (seen.state == CodeStore::Take::Expired) return reject("40029", "phone-number code expired (5 min)");
    const std::string user(seen.user);
    const std::string openid = openid_for(appid, user);
    if (in.is_object() && in.contains("openid") && text("openid") != openid)  // §1.7: checked against the code
        return reject("40029", "openid is not the code's user");
    if (over_quota(session_at(user_key(appid, user), appid, user))) return reject("45011", "minute quota");  // the openid is drawn already
    phone_codes_.use_up(code, now);
    const std::string number = phone_locked(user);
    e.kind = "phone_number.ok";
    e.text = "getuserphonenumber ok: the number of " + openid + " (code used up)";
    e.links["openid"] = openid;
    e.links["phone"] = number;
    e.ends = code;
    journal_.record(std::move(e));
    const json watermark{{"timestamp", std::stoll(find_assumption("wechat.profile.watermark_epoch")->value) + now / 1000}, {"appid", appid}};
    return {200, nlohmann::ordered_json{{"errcode", 0},
                                        {"errmsg", "ok"},
                                        {"phone_info", {{"phoneNumber", number}, {"purePhoneNumber", number}, {"countryCode", 86},
                                                        {"watermark", watermark}}}}
                     .dump()};
}

}  // namespace ls
