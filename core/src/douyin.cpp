#include "loginscope/douyin.hpp"

#include <nlohmann/json.hpp>

#include "loginscope/catalog.hpp"

namespace ls {

using nlohmann::json;

namespace {
constexpr int64_t kCodeTtlMs = 5 * 60 * 1000;  // [V] 有效期 5 分钟 (older docs: 3 minutes)

// The body field `key` when it is a string, else "".
std::string text_field(const json& body, const char* key) {
    return body.is_object() && body.contains(key) && body[key].is_string() ? body[key].get<std::string>() : "";
}
}  // namespace

std::string douyin_err_tips(int err_no) {
    const CatalogEntry* e = find_catalog_entry("douyin", std::to_string(err_no), Hop::PlatformResponse);
    return e ? e->message : "unknown error";
}

DouyinPlatform::DouyinPlatform(PackWorld world) : CodePlatform(world.clock, world.ids, world.journal) { configure(world.app); }

void DouyinPlatform::configure(const PackApp& app) {
    auto field = [&](const char* k) { return app.count(k) ? app.at(k) : std::string(); };
    set_app({field("appid"), field("secret")});
}

DouyinCodes DouyinPlatform::issue_codes(const std::string& user, bool logged_in, uint32_t flow) {
    DouyinCodes out;
    std::string key;
    {
        std::lock_guard<std::mutex> lock(mu_);
        if (anonymous_openid_.empty()) anonymous_openid_ = ids_.alnum(32);
        if (logged_in) {
            stable_id(openids_, user, [&] { return "_000" + ids_.alnum(32); });  // format: assumptions() douyin.ids
            Session& s = sessions_[user];
            s.session_key = ids_.session_key();  // "session_key 会随着 login 接口的调用被刷新"
            s.issued_ms = clock_.now_ms();
            key = s.session_key;
        }
    }
    // The anonymousCode stands for the phone, not a user: its grant is the phone's.
    out.anonymous_code = ids_.alnum(24);
    out.expires_ms = issue(out.anonymous_code, "", flow, Hop::ClientCall, kCodeTtlMs,
                           "Douyin issued anonymousCode " + out.anonymous_code + " (valid 5 min, single use)", {{"anonymous", "true"}})
                         .second;
    if (!logged_in) return out;
    out.code = ids_.alnum(24);
    issue(*out.code, user, flow, Hop::ClientCall, kCodeTtlMs, "Douyin issued code " + *out.code + " (valid 5 min, single use)",
          {{"session_key", key}});
    return out;
}

std::string DouyinPlatform::check_session(const std::string& user, bool logged_in) {
    std::lock_guard<std::mutex> lock(mu_);
    if (!logged_in) sessions_.erase(user);  // logging out of the host app clears the session
    auto it = sessions_.find(user);
    if (it == sessions_.end()) return "113101";
    if (clock_.now_ms() - it->second.issued_ms >= assumed_int("douyin.session.ttl_ms")) return "113102";
    return "";
}

void DouyinPlatform::show_host_login(bool on, const std::string& caller) {
    std::lock_guard<std::mutex> lock(mu_);
    host_login_ = on;
    host_login_caller_ = caller;
}

std::string DouyinPlatform::host_login_caller() const {
    std::lock_guard<std::mutex> lock(mu_);
    return host_login_caller_;
}

bool DouyinPlatform::host_login_open() const {
    std::lock_guard<std::mutex> lock(mu_);
    return host_login_;
}

const PackSheet& douyin_host_login_sheet() {
    static const PackSheet sheet{"登录抖音", {"登录后即可使用小程序", "抖音号登录 · 手机号一键登录"},
                                 {{"一键登录", "douyin_host_log_in"}, {"取消", "douyin_host_cancel"}}};
    return sheet;
}

std::optional<PackSheet> DouyinPlatform::sheet() const {
    if (!host_login_open()) return std::nullopt;
    return douyin_host_login_sheet();
}

std::string DouyinPlatform::session_key_of(const std::string& user) const {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = sessions_.find(user);
    return it == sessions_.end() ? "" : it->second.session_key;
}

std::string DouyinPlatform::unionid_of(const std::string& user) {
    std::string& id = unionids_[user];
    if (id.empty()) id = ids_.hex(8) + "-" + ids_.hex(4) + "-" + ids_.hex(4) + "-" + ids_.hex(4) + "-" + ids_.hex(12);
    return id;
}

HttpReply DouyinPlatform::error(int err_no, const std::string& tips) {
    // The 2021 doc's error example carries data with every field empty; log_id as the current page's.
    json body = {{"err_no", err_no}, {"err_tips", tips}, {"log_id", ids_.hex(32)},
                 {"data", {{"session_key", ""}, {"openid", ""}, {"anonymous_openid", ""}, {"unionid", ""}}}};
    return {200, body.dump(-1, ' ', false, json::error_handler_t::replace)};  // HTTP status: assumptions() douyin.http_status
}

HttpReply DouyinPlatform::answer(const HttpRequest& req, uint32_t flow, const std::string& forced) {
    return jscode2session(req, flow, forced);
}

HttpReply DouyinPlatform::jscode2session(const HttpRequest& req, uint32_t flow, const std::string& forced) {
    const json body = json::parse(req.body, nullptr, false);
    const std::string appid = text_field(body, "appid"), secret = text_field(body, "secret");
    const std::string code = text_field(body, "code"), anonymous = text_field(body, "anonymous_code");
    const int64_t now = clock_.now_ms();
    Event e = platform_event(now, flow, Hop::PlatformResponse);
    e.links = {{"code", code.empty() ? anonymous : code}};
    auto reject = [&](int err_no, const std::string& why) {
        journal_rejection(journal_, e, "jscode2session", std::to_string(err_no), why, "err_no");
        return error(err_no, douyin_err_tips(err_no));
    };
    if (req.method != "POST") return reject(40014, "POST with a JSON body is required");
    if (appid.empty() || secret.empty() || (code.empty() && anonymous.empty()))
        return reject(40014, "appid, secret and code or anonymous_code are required");
    std::lock_guard<std::mutex> lock(mu_);
    if (appid != app_.appid) return reject(40015, "unknown appid");
    if (secret != app_.secret) return reject(40017, "wrong secret");
    if (!forced.empty()) {
        if (forced == "40018" && !code.empty()) codes_.use_up(code, now);
        if (forced == "40019" && !anonymous.empty()) codes_.use_up(anonymous, now);
        return reject(errcode_number(forced), "injected fault");
    }
    // Both codes are checked before either is spent: a request that fails spends neither (assumption).
    std::string user, device;
    // An anonymousCode stands for no user (its grant's user is ""): sent as `code` it is a bad code, and
    // a code sent as `anonymous_code` a bad acode.
    auto live = [&](const std::string& c, bool anonymous_kind) {
        const CodeStore::Seen seen = codes_.seen(c, now);
        return c.empty() || (seen.state == CodeStore::Take::Ok && seen.user.empty() == anonymous_kind);
    };
    if (!live(code, false)) return reject(40018, "code unknown, used, expired or an anonymousCode");
    if (!live(anonymous, true)) return reject(40019, "anonymous_code unknown, used, expired or a login code");
    if (!code.empty()) codes_.take(code, now, &user);
    if (!anonymous.empty()) codes_.take(anonymous, now, &device);
    json data = json::object();
    Links links;
    if (!code.empty()) {
        data["session_key"] = sessions_[user].session_key;
        data["openid"] = openids_[user];
        data["unionid"] = unionid_of(user);
        links = {{"openid", openids_[user]}, {"session_key", sessions_[user].session_key}, {"unionid", data["unionid"]}};
    }
    if (!anonymous.empty()) data["anonymous_openid"] = anonymous_openid_, links["anonymous_openid"] = anonymous_openid_;
    journal_acceptance(journal_, e,
                       "jscode2session ok: " + (code.empty() ? "anonymous_openid " + anonymous_openid_ : "openid " + openids_[user]) +
                           " (code consumed)",
                       links, code.empty() ? anonymous : code);
    return {200, json{{"err_no", 0}, {"err_tips", "success"}, {"log_id", ids_.hex(32)}, {"data", data}}.dump()};
}

std::optional<std::pair<std::string, int64_t>> DouyinPlatform::admin_code(const std::string& appid, const std::string& user) {
    if (appid != app().appid) return std::nullopt;
    const DouyinCodes c = issue_codes(user, true, 0);
    return std::make_pair(*c.code, c.expires_ms);
}

void DouyinPlatform::reset() {
    CodePlatform::reset();
    std::lock_guard<std::mutex> lock(mu_);
    sessions_.clear();
    unionids_.clear();
    anonymous_openid_.clear();
    host_login_ = false;
    host_login_caller_.clear();
}

}  // namespace ls
