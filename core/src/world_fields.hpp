#pragma once
// The fields of a scenario's "environment" and "config", described once: each one's JSON name, the
// member it is and what it may hold. The scenario parser reads through these lists, the recorder and
// the steps' JSON write through them, so one more field is one line here (and Setup's control).
//
// A visitor takes each field as one of:
//   v(name, member)                   a bool, string or integer, any value its type holds
//   v(name, member, Choices{…})       a string that must be one of the choices
//   v(name, member, valid, why)       a string that `valid` accepts ("must be …" otherwise)
//   v.ms(name, member)                milliseconds of virtual time (clock.hpp)
//   v.carrier(name, member)           a carrier, written as its id
//   v.follows(name, member, leader)   a string that is `leader` unless given
#include <string>
#include <vector>

#include "loginscope/engine.hpp"
#include "loginscope/univerify.hpp"

namespace ls {

// The strings a field may hold, and the complaint when it holds another: must be "a", "b" or "c".
struct Choices {
    std::vector<const char*> names;
    bool has(const std::string& s) const {
        for (const char* n : names)
            if (s == n) return true;
        return false;
    }
    std::string why() const {
        std::string out = "must be ";
        size_t i = 0;
        for (const char* n : names) {
            out += std::string(i == 0 ? "" : i + 1 == names.size() ? " or " : ", ") + "\"" + n + "\"";
            ++i;
        }
        return out;
    }
};

// Environment: the built-in fields in the order the recorder writes them (a platform pack's settings
// follow, read through platform_pack.hpp).
template <class Env, class Visit>
void environment_fields(Env& e, Visit&& v) {
    v("os", e.os, Choices{{"android", "ios"}});
    v("online", e.online);
    v.ms("latency_ms", e.latency_ms);
    v("user", e.user);
    v("high_risk_user", e.high_risk_user);
    v("sim_present", e.line.sim_present);
    v("cellular_data", e.line.cellular_data);
    v.carrier("carrier", e.line.carrier);
    v("number", e.line.number);
    v("gateway_ok", e.line.gateway_ok);
    v("wechat_installed", e.wechat_installed);
    v("baidu_logged_in", e.baidu_logged_in);
    v("base_library", e.base_library, valid_base_library, "must be a version like \"2.27.1\" (numbers and dots)");
    v("content_check", e.content_check, Choices{{"pass", "reject", "timeout"}});
}

// AppConfig: every field a scenario's "config" has but its flaws (a list, read and written apart).
template <class Config, class Visit>
void config_fields(Config& c, Visit&& v) {
    v("appid", c.appid);
    v("secret", c.secret);
    v("unionid_bound", c.unionid_bound);
    v.ms("code_ttl_ms", c.policy.code_ttl_ms);
    v.ms("session_key_idle_ttl_ms", c.policy.session_key_idle_ttl_ms);
    v("quota_per_user_minute", c.policy.quota_per_user_minute);
    v.ms("token_ttl_ms", c.token_ttl_ms);
    v.ms("exchange_timeout_ms", c.exchange_timeout_ms);
    v("uni_appid", c.univerify.uni_appid);
    v("service_enabled", c.univerify.service_enabled);
    v("approved", c.univerify.approved);
    v("account", c.univerify.account, Choices{{"ok", "abnormal", "no_balance"}});
    v("uni_runtime", c.uni_runtime, Choices{{"vue2", "vue3"}});
    v("app_closes_page", c.app_closes_page);
    v.ms("prelogin_ttl_ms", c.univerify_policy.prelogin_ttl_ms);
    v.ms("univerify_token_ttl_ms", c.univerify_policy.token_ttl_ms);
    v("unicloud_secret", c.unicloud.function_secret);
    // The server's copy of the cloud function's secret is the function's unless it differs on purpose.
    v.follows("unicloud_server_secret", c.unicloud.server_secret, c.unicloud.function_secret);
    v("donut_identity_management", c.donut.identity_management);
    v("donut_mobile_app", c.donut.mobile_app, Choices{{"ok", "none", "wrong"}});
    v("donut_opensdk", c.donut.opensdk);
    v("open_appsecret_in_app", c.open.appsecret_in_app);
}

// Writes every field it visits into `j` (a const object's fields).
template <class Json>
struct FieldWriter {
    Json& j;
    template <class T, class... Rule>
    void operator()(const char* name, const T& value, Rule&&...) { j[name] = value; }
    void ms(const char* name, int64_t value) { j[name] = value; }
    void carrier(const char* name, Carrier c) { j[name] = carrier_info(c).id; }
    void follows(const char* name, const std::string& value, const std::string&) { j[name] = value; }
};

}  // namespace ls
