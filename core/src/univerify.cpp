#include "loginscope/univerify.hpp"

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "loginscope/catalog.hpp"
#include "loginscope/crypto.hpp"

namespace ls {

using nlohmann::json;

// §5.8 (source-IP codes) and §5.10 (slogans, terms; term names vary by carrier SDK version [U]).
const std::vector<CarrierInfo>& carriers() {
    static const std::vector<CarrierInfo> kCarriers = {
        {Carrier::ChinaMobile, "china_mobile", "中国移动", "《中国移动认证服务条款》",
         "https://wap.cmpassport.com/resources/html/contract.html", "40101"},
        {Carrier::ChinaUnicom, "china_unicom", "中国联通", "《中国联通认证服务协议》",
         "https://auth.wosms.cn/html/oauth/protocol2.html", "40201"},
        {Carrier::ChinaTelecom, "china_telecom", "中国电信", "《天翼服务及隐私协议》",
         "https://e.189.cn/sdk/agreement/detail.do?hidetop=true", "40301"},
    };
    return kCarriers;
}

const CarrierInfo& carrier_info(Carrier c) {
    for (auto& i : carriers())
        if (i.carrier == c) return i;
    return carriers().front();
}

std::optional<Carrier> carrier_from_string(const std::string& id) {
    for (auto& i : carriers())
        if (id == i.id) return i.carrier;
    return std::nullopt;
}

std::string mask_phone(const std::string& number) {
    if (number.size() < 7) return number;
    return number.substr(0, 3) + "****" + number.substr(number.size() - 4);
}

// ---- univerifyStyle ---------------------------------------------------------------------------

std::optional<float> css_px(const std::string& v) {
    if (v.empty() || !(std::isdigit(static_cast<unsigned char>(v[0])) || v[0] == '.')) return std::nullopt;
    char* end = nullptr;
    const float px = std::strtof(v.c_str(), &end);
    const std::string tail(end);
    if (tail != "px" && !tail.empty()) return std::nullopt;
    return px;
}

std::optional<uint32_t> css_rgb(const std::string& v) {
    if (v.size() != 7 || v[0] != '#') return std::nullopt;
    uint32_t rgb = 0;
    for (size_t i = 1; i < 7; ++i) {
        const char c = v[i];
        const int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (d < 0) return std::nullopt;
        rgb = rgb * 16 + uint32_t(d);
    }
    return rgb;
}

namespace {

// JSON pointer escaping (RFC 6901) of one key.
std::string pointer_token(const std::string& key) {
    std::string out;
    for (char c : key) out += c == '~' ? "~0" : c == '/' ? "~1" : std::string(1, c);
    return out;
}

// Reads one level of univerifyStyle; every complaint names the full key. A key the docs do not list
// is kept in `ignored` (pointer and value), not refused.
class StyleReader {
public:
    StyleReader(const json& j, std::string where, std::string pointer, std::vector<UniverifyStyle::Ignored>& ignored,
                std::initializer_list<const char*> keys)
        : j_(j), where_(std::move(where)), pointer_(std::move(pointer)), ignored_(ignored) {
        if (!j_.is_object()) fail("", "must be an object");
        for (auto& [k, v] : j_.items()) {
            bool known = false;
            for (const char* key : keys) known = known || k == key;
            if (!known) ignored_.push_back({pointer_ + "/" + pointer_token(k), v.dump()});
        }
    }
    // The reader of the object at `key` (or `key`[index]), with its own options.
    StyleReader child(const char* key, std::initializer_list<const char*> keys) const {
        return StyleReader(raw(key), at(key), pointer_ + "/" + key, ignored_, keys);
    }
    [[noreturn]] void fail(const std::string& key, const std::string& why) const {
        throw std::invalid_argument(where_ + (key.empty() ? "" : "." + key) + ": " + why);
    }
    std::string at(const std::string& key) const { return where_ + "." + key; }
    bool has(const char* key) const { return j_.contains(key); }
    const json& raw(const char* key) const { return j_.at(key); }

    void text(const char* key, std::string& out) const {
        if (!has(key)) return;
        if (!j_[key].is_string()) fail(key, "must be a string");
        out = j_[key].get<std::string>();
    }
    void colour(const char* key, std::string& out, bool may_be_empty = false) const {
        text(key, out);
        if (has(key) && !(may_be_empty && out.empty()) && !css_rgb(out)) fail(key, "must be a colour like #3479f5");
    }
    void px(const char* key, std::string& out) const {
        text(key, out);
        if (has(key) && !css_px(out)) fail(key, "must be a size like \"24px\"");
    }
    void flag(const char* key, bool& out) const {
        if (!has(key)) return;
        if (!j_[key].is_boolean()) fail(key, "must be true or false");
        out = j_[key].get<bool>();
    }
    // An array of objects `shape` with the options `keys`: read(its reader) for each, in order.
    template <class Read>
    void each(const char* key, const char* shape, std::initializer_list<const char*> keys, Read read) const {
        if (!has(key)) return;
        const json& items = raw(key);
        if (!items.is_array()) fail(key, std::string("must be an array of ") + shape);
        for (size_t i = 0; i < items.size(); ++i)
            read(StyleReader(items[i], at(key) + "[" + std::to_string(i) + "]", pointer_ + "/" + key + "/" + std::to_string(i),
                             ignored_, keys));
    }

private:
    const json& j_;
    std::string where_, pointer_;
    std::vector<UniverifyStyle::Ignored>& ignored_;
};

void read_icon(const StyleReader& r, UniverifyStyle::Icon& icon) {
    r.text("path", icon.path);
    r.px("width", icon.width);
    r.px("height", icon.height);
}

void read_privacy(const StyleReader& r, UniverifyStyle& s) {
    auto& p = s.privacyTerms;
    r.flag("defaultCheckBoxState", p.defaultCheckBoxState);
    r.flag("isCenterHint", p.isCenterHint);
    r.text("uncheckedImage", p.uncheckedImage);
    r.text("checkedImage", p.checkedImage);
    if (r.has("checkBoxSize")) {
        if (!r.raw("checkBoxSize").is_number() || r.raw("checkBoxSize").get<double>() <= 0) r.fail("checkBoxSize", "must be a positive number");
        p.checkBoxSize = int(r.raw("checkBoxSize").get<double>());
    }
    r.colour("textColor", p.textColor);
    r.colour("termsColor", p.termsColor);
    r.text("prefix", p.prefix);
    r.text("suffix", p.suffix);
    r.each("privacyItems", "{url, title}", {"url", "title"}, [&](const StyleReader& ir) {
        UniverifyPrivacyItem item;
        ir.text("url", item.url);
        ir.text("title", item.title);
        p.privacyItems.push_back(item);
    });
}

void read_buttons(const StyleReader& r, UniverifyStyle& s) {
    r.px("iconWidth", s.buttons.iconWidth);
    r.each("list", "{provider, iconPath}", {"provider", "iconPath"}, [&](const StyleReader& br) {
        UniverifyCustomButton b;
        br.text("provider", b.provider);
        br.text("iconPath", b.iconPath);
        if (b.provider.empty()) br.fail("provider", "required");
        s.buttons.list.push_back(b);
    });
}

}  // namespace

UniverifyStyle univerify_style_from_json(const json& j) {
    UniverifyStyle s;
    const std::string w = "univerifyStyle";
    StyleReader r(j, w, "", s.ignored,
                  {"fullScreen", "backgroundColor", "backgroundImage", "icon", "closeIcon", "phoneNum", "slogan",
                   "authButton", "otherLoginButton", "privacyTerms", "buttons"});
    r.flag("fullScreen", s.fullScreen);
    r.colour("backgroundColor", s.backgroundColor);
    r.text("backgroundImage", s.backgroundImage);
    if (r.has("icon")) read_icon(r.child("icon", {"path", "width", "height"}), s.icon);
    if (r.has("closeIcon")) read_icon(r.child("closeIcon", {"path", "width", "height"}), s.closeIcon);
    if (r.has("phoneNum")) r.child("phoneNum", {"color"}).colour("color", s.phoneNum.color);
    if (r.has("slogan")) r.child("slogan", {"color"}).colour("color", s.slogan.color);
    if (r.has("authButton")) {
        auto& b = s.authButton;
        const StyleReader br = r.child("authButton", {"normalColor", "highlightColor", "disabledColor", "textColor", "title", "borderRadius"});
        br.colour("normalColor", b.normalColor);
        br.colour("highlightColor", b.highlightColor);
        br.colour("disabledColor", b.disabledColor);
        br.colour("textColor", b.textColor);
        br.text("title", b.title);
        br.px("borderRadius", b.borderRadius);
    }
    if (r.has("otherLoginButton")) {
        auto& b = s.otherLoginButton;
        const StyleReader br =
            r.child("otherLoginButton", {"visible", "normalColor", "highlightColor", "textColor", "title", "borderColor", "borderRadius"});
        br.flag("visible", b.visible);
        br.colour("normalColor", b.normalColor, true);
        br.colour("highlightColor", b.highlightColor, true);
        br.colour("textColor", b.textColor);
        br.text("title", b.title);
        br.colour("borderColor", b.borderColor, true);
        br.px("borderRadius", b.borderRadius);
    }
    if (r.has("privacyTerms"))
        read_privacy(r.child("privacyTerms", {"defaultCheckBoxState", "isCenterHint", "uncheckedImage", "checkedImage", "checkBoxSize",
                                              "textColor", "termsColor", "prefix", "suffix", "privacyItems"}),
                     s);
    if (r.has("buttons")) read_buttons(r.child("buttons", {"iconWidth", "list"}), s);
    return s;
}

UniverifyStyle honoured_style(UniverifyStyle s, const std::string& os, std::vector<std::string>* dropped) {
    if (os == "ios") return s;
    const UniverifyStyle d;
    auto fall_back = [&](std::string& value, const std::string& to, const char* key) {
        if (value != to && dropped) dropped->push_back(key);
        value = to;
    };
    // Android has no pressed or busy colour of its own: the button keeps normalColor [U].
    if (s.authButton.highlightColor != d.authButton.highlightColor && dropped) dropped->push_back("authButton.highlightColor");
    if (s.authButton.disabledColor != d.authButton.disabledColor && dropped) dropped->push_back("authButton.disabledColor");
    s.authButton.highlightColor = s.authButton.normalColor;
    s.authButton.disabledColor = s.authButton.normalColor;
    fall_back(s.otherLoginButton.borderColor, "", "otherLoginButton.borderColor");
    fall_back(s.closeIcon.width, d.closeIcon.width, "closeIcon.width");
    fall_back(s.closeIcon.height, d.closeIcon.height, "closeIcon.height");
    return s;
}

std::string style_key(const std::string& pointer) {
    std::string out;
    for (size_t from = 1; from <= pointer.size();) {
        size_t slash = pointer.find('/', from);
        if (slash == std::string::npos) slash = pointer.size();
        std::string token = pointer.substr(from, slash - from);
        for (size_t i = 0; (i = token.find('~', i)) != std::string::npos; ++i) token.replace(i, 2, token[i + 1] == '1' ? "/" : "~");
        const bool index = !token.empty() && token.find_first_not_of("0123456789") == std::string::npos;
        out += index ? "[" + token + "]" : (out.empty() ? "" : ".") + token;
        from = slash + 1;
    }
    return out;
}

json univerify_style_to_json(const UniverifyStyle& s) {
    auto icon = [](const UniverifyStyle::Icon& i) { return json{{"path", i.path}, {"width", i.width}, {"height", i.height}}; };
    json items = json::array();
    for (auto& i : s.privacyTerms.privacyItems) items.push_back({{"url", i.url}, {"title", i.title}});
    json list = json::array();
    for (auto& b : s.buttons.list) list.push_back({{"provider", b.provider}, {"iconPath", b.iconPath}});
    const auto& a = s.authButton;
    const auto& o = s.otherLoginButton;
    const auto& p = s.privacyTerms;
    json out{{"fullScreen", s.fullScreen},
                {"backgroundColor", s.backgroundColor},
                {"backgroundImage", s.backgroundImage},
                {"icon", icon(s.icon)},
                {"closeIcon", icon(s.closeIcon)},
                {"phoneNum", {{"color", s.phoneNum.color}}},
                {"slogan", {{"color", s.slogan.color}}},
                {"authButton", {{"normalColor", a.normalColor}, {"highlightColor", a.highlightColor},
                                {"disabledColor", a.disabledColor}, {"textColor", a.textColor}, {"title", a.title},
                                {"borderRadius", a.borderRadius}}},
                {"otherLoginButton", {{"visible", o.visible}, {"normalColor", o.normalColor}, {"highlightColor", o.highlightColor},
                                      {"textColor", o.textColor}, {"title", o.title}, {"borderColor", o.borderColor},
                                      {"borderRadius", o.borderRadius}}},
                {"privacyTerms", {{"defaultCheckBoxState", p.defaultCheckBoxState}, {"isCenterHint", p.isCenterHint},
                                  {"uncheckedImage", p.uncheckedImage}, {"checkedImage", p.checkedImage},
                                  {"checkBoxSize", p.checkBoxSize}, {"textColor", p.textColor}, {"termsColor", p.termsColor},
                                  {"prefix", p.prefix}, {"suffix", p.suffix}, {"privacyItems", items}}},
                {"buttons", {{"iconWidth", s.buttons.iconWidth}, {"list", list}}}};
    for (const auto& [pointer, value] : s.ignored) out[json::json_pointer(pointer)] = json::parse(value);
    return out;
}

std::vector<UniverifyPrivacyItem> shown_privacy_items(const UniverifyStyle& s) {
    std::vector<UniverifyPrivacyItem> out;
    for (auto& i : s.privacyTerms.privacyItems)
        if (!i.url.empty() && !i.title.empty() && out.size() < 2) out.push_back(i);
    return out;
}

// ---- DCloud + carrier -------------------------------------------------------------------------

UniverifyPlatform::UniverifyPlatform(VirtualClock& clock, IdGenerator& ids, Journal& journal, UniverifyPolicy policy)
    : PlatformBase(clock, ids, journal), policy_(policy) {}

// The order of the checks is ours [U]: configuration first, then the SIM, data, network, gateway.
std::string UniverifyPlatform::unsuitable(const PhoneLine& line, bool online) const {
    const UniverifyApp a = app();
    if (a.uni_appid.empty()) return "-7";
    if (!a.service_enabled) return "1000";
    if (!a.approved) return "40004";
    if (!line.sim_present) return "30005";
    if (!line.cellular_data) return "20202";
    if (!online) return "30001";
    if (!line.gateway_ok) return carrier_info(line.carrier).gateway_code;
    return "";
}

void UniverifyPlatform::remember_prelogin(const PhoneLine& line, uint32_t flow) {
    const int64_t now = clock_.now_ms();
    const std::string id = "prelogin:" + mask_phone(line.number) + "@" + std::to_string(now);
    {
        std::lock_guard<std::mutex> lock(mu_);
        prelogin_[line.number] = {add_ms(now, policy_.prelogin_ttl_ms), id};
    }
    Event e = platform_event(now, flow, Hop::ClientCall, Actor::Client);
    e.kind = "prelogin.ok";
    e.text = std::string(carrier_info(line.carrier).slogan) + " pre-fetched " + mask_phone(line.number) +
             " (valid 10 min, single use)";
    e.links = {{"phone", mask_phone(line.number)}};
    e.starts = Lifetime{"prelogin", id, now, add_ms(now, policy_.prelogin_ttl_ms)};
    journal_.record(std::move(e));
}

bool UniverifyPlatform::take_prelogin(const PhoneLine& line, uint32_t flow) {
    PreLogin p;
    {
        std::lock_guard<std::mutex> lock(mu_);
        auto it = prelogin_.find(line.number);
        if (it == prelogin_.end()) return false;
        p = it->second;
        prelogin_.erase(it);
    }
    const int64_t now = clock_.now_ms();
    const bool live = now < p.expires_ms;
    if (live) {  // an expired one already ended at its expiry on the timeline
        Event e;
        e.t_ms = now;
        e.flow = flow;
        e.actor = Actor::Client;
        e.hop = Hop::ClientCall;
        e.kind = "prelogin.used";
        e.text = "uni.login used the preLogin result (single use)";
        e.ends = p.id;
        journal_.record(std::move(e));
    }
    return live;
}

UniverifyToken UniverifyPlatform::issue_token(const PhoneLine& line, uint32_t flow) {
    const int64_t now = clock_.now_ms();
    UniverifyToken t;
    {
        std::lock_guard<std::mutex> lock(mu_);
        std::string& openid = openids_[app_.uni_appid + "/" + line.number];
        if (openid.empty()) openid = ids_.univerify_openid();
        // The doc sample's access_token is base64 of "<32 hex>||2|v2|2".
        t = {base64_encode(ids_.hex(32) + "||2|v2|2"), openid, add_ms(now, policy_.token_ttl_ms)};
        tokens_.sweep(now);
        tokens_.put(t.access_token, {line.number, ""}, t.expires_at_ms, openid);
    }
    Event e = platform_event(now, flow, Hop::Dialog, Actor::Client);
    e.kind = "univerify.token";
    e.text = std::string(carrier_info(line.carrier).slogan) + " issued an access_token (valid 2 min, single use)";
    e.links = {{"access_token", t.access_token}, {"openid", t.openid}};
    e.starts = Lifetime{"access_token", t.access_token, now, t.expires_at_ms};
    journal_.record(std::move(e));
    return t;
}

HttpReply UniverifyPlatform::error_reply(const std::string& code) const {
    const CatalogEntry* e = find_catalog_entry("univerify", code, Hop::PlatformResponse);
    // A fault may force another platform's code here, and some are text ("invalid_grant").
    json body{{"code", errcode_number(code)}, {"success", false}, {"message", e ? e->message : "其他错误"}};
    return {200, body.dump()};
}

HttpReply UniverifyPlatform::get_phone_number(const HttpRequest& req, uint32_t flow, const std::string& forced) {
    const json in = json::parse(req.body, nullptr, false);
    const int64_t now = clock_.now_ms();
    Event e = platform_event(now, flow, Hop::PlatformResponse);
    auto reject = [&](const std::string& code, const std::string& why) {
        journal_rejection(journal_, e, "getPhoneNumber", code, why);
        return error_reply(code);
    };
    auto field = [&](const char* k) {
        return in.is_object() && in.contains(k) && in[k].is_string() ? in[k].get<std::string>() : std::string();
    };
    const std::string appid = field("appid"), token = field("access_token"), openid = field("openid");
    if (!in.is_object() || field("provider") != "univerify" || token.empty() || openid.empty())
        return reject("4001", "provider, access_token and openid are required");
    e.links["access_token"] = token;
    std::lock_guard<std::mutex> lock(mu_);
    if (appid.empty()) return reject("-7", "no appid");
    if (appid != app_.uni_appid) return reject("4003", "appid does not match the app");
    if (!app_.service_enabled) return reject("1000", "one-click login not enabled");
    if (app_.account == "abnormal") return reject("1001", "owner account abnormal");
    if (app_.account == "no_balance") return reject("1002", "owner account balance insufficient");
    if (!forced.empty()) {
        if (forced == "5000") tokens_.use_up(token, now);
        return reject(forced, "injected fault");
    }
    const CodeStore::Seen seen = tokens_.seen(token, now, openid);  // another openid's token is unknown
    switch (seen.state) {
        case CodeStore::Take::Unknown: return reject("5000", "unknown access_token");
        case CodeStore::Take::Used: return reject("5000", "access_token already used");
        case CodeStore::Take::Expired: return reject("5000", "access_token expired");
        case CodeStore::Take::Ok: break;
    }
    const std::string number(seen.user);
    tokens_.use_up(token, now);
    journal_acceptance(journal_, e, "getPhoneNumber ok: " + mask_phone(number) + " (token consumed)",
                       {{"phone", mask_phone(number)}}, token);
    return {200, json{{"code", 0}, {"success", true}, {"phoneNumber", number}}.dump()};
}

std::optional<int64_t> UniverifyPlatform::next_expiry(int64_t after_ms) const {
    std::lock_guard<std::mutex> lock(mu_);
    std::optional<int64_t> best;
    auto consider = [&](int64_t t) {
        if (t > after_ms && (!best || t < *best)) best = t;
    };
    for (auto& [n, p] : prelogin_) consider(p.expires_ms);
    if (auto t = tokens_.next_expiry(after_ms)) consider(*t);
    return best;
}

void UniverifyPlatform::sweep() {
    std::lock_guard<std::mutex> lock(mu_);
    tokens_.sweep(clock_.now_ms());
}

void UniverifyPlatform::reset() {
    std::lock_guard<std::mutex> lock(mu_);
    prelogin_.clear();
    tokens_.clear();
    openids_.clear();
}

}  // namespace ls
