// Reading a backend profile (backend.hpp): every field checked, every problem named by its JSON path.
#include <fstream>
#include <set>
#include <random>
#include <sstream>

#include "loginscope/backend.hpp"
#include "loginscope/platform_pack.hpp"

namespace ls {

using nlohmann::json;

namespace {

constexpr size_t kMaxProfileBytes = 1024 * 1024;

[[noreturn]] void fail(const std::string& path, const std::string& why) { throw ProfileError(path + ": " + why); }

const json& member(const json& j, const std::string& path, const char* key) {
    if (!j.contains(key)) fail(path + "." + key, "missing");
    return j.at(key);
}

void only_keys(const json& j, const std::string& path, const std::set<std::string>& allowed) {
    if (!j.is_object()) fail(path, "must be an object");
    for (auto& [k, v] : j.items())
        if (!allowed.count(k)) fail(path + "." + k, "unknown field");
}

std::string text(const json& j, const std::string& path, bool non_empty = true) {
    if (!j.is_string()) fail(path, "must be a string");
    if (non_empty && j.get<std::string>().empty()) fail(path, "must not be empty");
    return j.get<std::string>();
}

// Every {{name}} in `s` must be a known placeholder.
void check_placeholders(const std::string& s, const std::string& path) {
    for (size_t at = s.find("{{"); at != std::string::npos; at = s.find("{{", at + 2)) {
        const size_t end = s.find("}}", at);
        if (end == std::string::npos) fail(path, "unclosed placeholder \"" + s.substr(at) + "\"");
        const std::string name = s.substr(at + 2, end - at - 2);
        const auto& known = backend_placeholders();
        if (std::find(known.begin(), known.end(), name) == known.end()) fail(path, "unknown placeholder {{" + name + "}}");
    }
}

void check_json_placeholders(const json& j, const std::string& path) {
    if (j.is_string()) return check_placeholders(j.get<std::string>(), path);
    if (j.is_object())
        for (auto& [k, v] : j.items()) check_json_placeholders(v, path + "." + k);
    if (j.is_array())
        for (size_t i = 0; i < j.size(); ++i) check_json_placeholders(j[i], path + "[" + std::to_string(i) + "]");
}

std::string pointer(const json& j, const std::string& path) {
    const std::string p = text(j, path, false);
    if (!p.empty() && p[0] != '/') fail(path, "must be a JSON Pointer (RFC 6901): \"\" or starting with \"/\"");
    try {
        (void)json::json_pointer(p);
    } catch (const json::exception&) {
        fail(path, "must be a JSON Pointer (RFC 6901)");
    }
    return p;
}

std::string http_url(const json& j, const std::string& path) {
    const std::string url = text(j, path);
    if (url.rfind("http://", 0) != 0) fail(path, "must be an http:// URL (https is not supported: point it at a plain-HTTP port)");
    if (url.size() <= 7 || url[7] == '/' || url[7] == ':') fail(path, "has no host");
    check_placeholders(url, path);
    return url;
}

// An object of strings (headers, form, query): each value may hold placeholders.
json string_object(const json& j, const std::string& path) {
    if (!j.is_object()) fail(path, "must be an object of strings");
    for (auto& [k, v] : j.items()) {
        if (!v.is_string()) fail(path + "." + k, "must be a string");
        check_placeholders(v.get<std::string>(), path + "." + k);
    }
    return j;
}

RequestTemplate request_template(const json& j, const std::string& path) {
    only_keys(j, path, {"method", "url", "headers", "json", "form", "query"});
    RequestTemplate t;
    t.method = text(member(j, path, "method"), path + ".method");
    static const std::set<std::string> kMethods = {"GET", "POST", "PUT", "PATCH", "DELETE"};
    if (!kMethods.count(t.method)) fail(path + ".method", "must be GET, POST, PUT, PATCH or DELETE");
    t.url = http_url(member(j, path, "url"), path + ".url");
    if (j.contains("headers")) {
        const json headers = string_object(j["headers"], path + ".headers");
        for (auto& [k, v] : headers.items()) t.headers.emplace_back(k, v.get<std::string>());
    }
    int bodies = 0;
    for (auto [key, kind] : {std::pair{"json", RequestTemplate::Body::Json}, std::pair{"form", RequestTemplate::Body::Form},
                             std::pair{"query", RequestTemplate::Body::Query}}) {
        if (!j.contains(key)) continue;
        if (++bodies > 1) fail(path + "." + key, "at most one of json, form and query");
        t.body = kind;
        const std::string at = path + "." + key;
        if (kind == RequestTemplate::Body::Json) {
            check_json_placeholders(j[key], at);
            t.payload = j[key];
        } else {
            t.payload = string_object(j[key], at);
        }
    }
    return t;
}

SessionLocator session_locator(const json& j, const std::string& path) {
    if (j.is_string()) return {SessionLocator::Kind::Pointer, pointer(j, path)};
    if (!j.is_object() || j.size() != 1 || !(j.contains("cookie") || j.contains("header")))
        fail(path, "must be a JSON Pointer, {\"cookie\": NAME} or {\"header\": NAME}");
    const bool cookie = j.contains("cookie");
    const char* key = cookie ? "cookie" : "header";
    return {cookie ? SessionLocator::Kind::Cookie : SessionLocator::Kind::Header, text(j[key], path + "." + key)};
}

FlowProfile flow_profile(const json& j, const std::string& path) {
    only_keys(j, path, {"login", "session", "whoami", "identity", "profile", "phone"});
    FlowProfile f;
    f.login = request_template(member(j, path, "login"), path + ".login");
    f.session = session_locator(member(j, path, "session"), path + ".session");
    if (j.contains("whoami")) {
        f.whoami = request_template(j["whoami"], path + ".whoami");
        f.identity = pointer(member(j, path, "identity"), path + ".identity");
    } else if (j.contains("identity")) {
        fail(path + ".identity", "needs whoami (the request whose reply it points into)");
    }
    if (j.contains("profile")) f.profile = request_template(j["profile"], path + ".profile");
    if (j.contains("phone")) f.phone = request_template(j["phone"], path + ".phone");
    return f;
}

std::vector<ProfileApp> profile_apps(const json& j) {
    if (!j.is_array() || j.empty()) fail("apps", "must be a non-empty array of {platform, appid, secret}");
    std::vector<ProfileApp> apps;
    static const std::set<std::string> kPlatforms = [] {
        std::set<std::string> all = {"wechat", "wechat-app", "uni-weixin", "swan", "univerify"};
        for (const PlatformPack& p : platform_packs()) all.insert(p.id);
        return all;
    }();
    static const std::string kNames = [] {
        std::string names = "wechat, wechat-app, uni-weixin, swan";
        for (const PlatformPack& p : platform_packs()) names += std::string(", ") + p.id;
        return names + " or univerify";
    }();
    for (size_t i = 0; i < j.size(); ++i) {
        const std::string path = "apps[" + std::to_string(i) + "]";
        only_keys(j[i], path, {"platform", "appid", "secret"});
        ProfileApp a;
        a.platform = text(member(j[i], path, "platform"), path + ".platform");
        if (!kPlatforms.count(a.platform)) fail(path + ".platform", "must be " + kNames);
        a.appid = text(member(j[i], path, "appid"), path + ".appid");
        a.secret = text(member(j[i], path, "secret"), path + ".secret");
        apps.push_back(a);
    }
    return apps;
}

}  // namespace

const std::vector<std::pair<Flow, const char*>>& backend_flows() {
    static const std::vector<std::pair<Flow, const char*>> kFlows = [] {
        std::vector<std::pair<Flow, const char*>> all = {
            {Flow::WeChatMp, "wechat"}, {Flow::Taro, "wechat"},  {Flow::WeChatApp, "wechat-app"},
            {Flow::UniWeixin, "uni-weixin"}, {Flow::Swan, "swan"}, {Flow::Univerify, "univerify"}};
        for (const PlatformPack& p : platform_packs())  // every pack's flow logs in at its own platform
            for (const FlowInfo& f : p.flows) all.push_back({*flow_from_string(f.id), p.id});
        return all;
    }();
    return kFlows;
}

const std::vector<std::string>& backend_placeholders() {
    static const std::vector<std::string> kNames = {"code",      "session", "claimed_openid", "encryptedData", "iv",
                                                    "signature", "rawData", "access_token",   "openid",        "phone_code"};
    return kNames;
}

const FlowProfile& BackendProfile::flow(Flow f) const {
    if (auto it = flows.find(f); it != flows.end()) return it->second;
    std::string has;
    for (auto& [other, fp] : flows) has += std::string(has.empty() ? "" : ", ") + to_string(other);
    throw ProfileError(std::string("the backend profile has no flow ") + to_string(f) + " (it has " + has + ")");
}

const ProfileApp* BackendProfile::app_for(const std::string& platform) const {
    for (const ProfileApp& a : apps)
        if (a.platform == platform) return &a;
    return nullptr;
}

BackendProfile parse_backend_profile(const json& j) {
    only_keys(j, "profile", {"name", "apps", "flows"});
    BackendProfile p;
    p.name = text(member(j, "profile", "name"), "name");
    p.apps = profile_apps(member(j, "profile", "apps"));
    const json& flows = member(j, "profile", "flows");
    if (!flows.is_object() || flows.empty()) fail("flows", "must be an object with at least one flow");
    for (auto& [name, spec] : flows.items()) {
        const std::string path = "flows." + name;
        const std::optional<Flow> flow = flow_from_string(name);
        const auto& known = backend_flows();
        auto it = std::find_if(known.begin(), known.end(), [&](auto& f) { return flow && f.first == *flow; });
        if (it == known.end()) {
            std::string names;
            for (const auto& [f, platform] : known) names += std::string(names.empty() ? "" : ", ") + to_string(f);
            fail(path, "not a flow with a developer server (" + names + ")");
        }
        if (!p.app_for(it->second)) fail(path, std::string("needs an app with platform \"") + it->second + "\" in apps");
        p.flows[*flow] = flow_profile(spec, path);
    }
    return p;
}

BackendProfile load_backend_profile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw ProfileError(path + ": cannot be read");
    in.seekg(0, std::ios::end);
    const auto size = in.tellg();
    if (size < 0 || uint64_t(size) > kMaxProfileBytes) throw ProfileError(path + ": larger than 1 MiB");
    in.seekg(0);
    std::stringstream ss;
    ss << in.rdbuf();
    const json j = json::parse(ss.str(), nullptr, false);
    if (j.is_discarded()) throw ProfileError(path + ": not JSON");
    try {
        return parse_backend_profile(j);
    } catch (const ProfileError& e) {
        throw ProfileError(path + ": " + e.what());
    }
}

uint64_t fresh_world_seed() {
    std::random_device entropy;
    return entropy() | uint64_t(entropy()) << 32;
}

namespace {

// Which AppConfig fields a profile app fills, per app platform: its appid and its secret (univerify
// has no secret here: its uniCloud function holds it). Read by both directions below.
struct AppFields {
    const char* platform;
    std::string* (*appid)(AppConfig&);
    std::string* (*secret)(AppConfig&);
};
const AppFields kAppFields[] = {
    {"wechat", [](AppConfig& a) { return &a.appid; }, [](AppConfig& a) { return &a.secret; }},
    {"wechat-app", [](AppConfig& a) { return &a.donut.appid; }, [](AppConfig& a) { return &a.donut.appsecret; }},
    {"uni-weixin", [](AppConfig& a) { return &a.open.appid; }, [](AppConfig& a) { return &a.open.secret; }},
    {"swan", [](AppConfig& a) { return &a.baidu.app_key; }, [](AppConfig& a) { return &a.baidu.app_secret; }},
    {"univerify", [](AppConfig& a) { return &a.univerify.uni_appid; }, nullptr},
};

// onto_profile: each field still at the demo's value takes the profile app's; else each field at the
// profile's value goes back to the demo's.
void map_apps(AppConfig& app, const BackendProfile& p, bool onto_profile) {
    AppConfig demo;
    const auto swap_field = [&](std::string* field, std::string* demo_field, const std::string& value) {
        const std::string& was = onto_profile ? *demo_field : value;
        if (*field == was) *field = onto_profile ? value : *demo_field;
    };
    for (const ProfileApp& a : p.apps)
        for (const AppFields& f : kAppFields) {
            if (a.platform != f.platform) continue;
            swap_field(f.appid(app), f.appid(demo), a.appid);
            if (f.secret) swap_field(f.secret(app), f.secret(demo), a.secret);
        }
    for (const ProfileApp& a : p.apps)  // a pack's app: its "appid" and "secret" fields (PackAppField ids)
        if (const PlatformPack* pack = find_pack(a.platform)) {
            PackApp now = pack_app(app, *pack), was = pack_app(demo, *pack);
            for (const char* field : {"appid", pack->profile_secret})
                if (now.count(field)) {
                    swap_field(&now[field], &was[field], field == std::string("appid") ? a.appid : a.secret);
                    app.pack_apps[pack->id][field] = now[field];
                }
        }
}

}  // namespace

EngineConfig backend_engine_config(EngineConfig cfg, const BackendProfile& p, int platform_port, int hang_ms) {
    cfg.backend = std::make_shared<const FlowProfile>(p.flow(cfg.flow));
    cfg.journal_platform_calls = true;
    cfg.seed = fresh_world_seed();
    cfg.transport = TransportMode::Http;
    cfg.platform_port = platform_port;
    cfg.hang_hold_real_ms = hang_ms;
    cfg.app.flaws.clear();  // the built-in server's flaws: the backend has its own
    // The profile's apps, where the scenario left the demo's: one that sets its own (uniAppid left
    // out, say) keeps it, since that is what it is about.
    map_apps(cfg.app, p, true);
    return cfg;
}

EngineConfig builtin_engine_config(EngineConfig cfg, const BackendProfile& p) {
    cfg.backend.reset();
    cfg.journal_platform_calls = false;
    map_apps(cfg.app, p, false);
    return cfg;
}

}  // namespace ls
