// libFuzzer target: the request parsing of every platform endpoint `serve` answers and of the
// developer server's endpoints, called in-process through the platform classes' handlers (the same
// functions Engine::platform_service calls) and DeveloperServer::handle.
//
// Input: byte 0 picks the endpoint (kEndpoints, modulo its size; the high bit swaps GET and POST),
// byte 1 picks the catalog code every platform call of this input is forced to answer (0: none,
// else a platform_response code of the catalog, as a platform_error fault forces it), the rest is
//   QUERY "\n" AUTHORIZATION "\n" BODY
// QUERY is form-encoded (k=v&k2=v2), AUTHORIZATION the Authorization header's value (empty: none).
// Before the request, a fresh world is set up the same way every time (same seed, same calls), so
// its credentials can be named in the input and are replaced before the request is sent:
//   $APPID $SECRET $CODE $WXTOKEN $OPENID $SIG $DEVTOKEN $DONUTAPPID $DONUTSECRET $DONUTCODE
//   $DONUTTOKEN $OPENAPPID $OPENSECRET $OPENCODE $BAIDUKEY $BAIDUSK $BAIDUCODE $UNIAPPID $UNITOKEN
//   $UNIOPENID $IV, and $ENC(text)$ / $SIGN(text)$: text encrypted as open data / its open-data
//   signature, both with the session_key the developer server holds.
//
// Contract under test: a handler answers every request (no exception, crash, sanitizer report or
// hang); its status is an HTTP status; a JSON content type means a JSON body; the developer
// server never sends a session_key or the full phone number to the client.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "loginscope/baidu.hpp"
#include "loginscope/catalog.hpp"
#include "loginscope/crypto.hpp"
#include "loginscope/developer_server.hpp"
#include "loginscope/engine.hpp"
#include "loginscope/open_data.hpp"
#include "loginscope/unicloud.hpp"

namespace {

using nlohmann::json;

enum class Target { Platform, Dev };
struct Endpoint {
    Target target;
    const char* method;
    const char* path;
};
const Endpoint kEndpoints[] = {
    {Target::Platform, "GET", "/sns/jscode2session"},
    {Target::Platform, "GET", "/cgi-bin/token"},
    {Target::Platform, "GET", "/wxa/checksession"},
    {Target::Platform, "GET", "/wxa/resetusersessionkey"},
    {Target::Platform, "GET", "/donut/code2verifyinfo"},
    {Target::Platform, "GET", "/sns/oauth2/access_token"},
    {Target::Platform, "POST", "/oauth/jscode2sessionkey"},
    {Target::Platform, "POST", "/univerify/getPhoneNumber"},
    {Target::Dev, "POST", "/api/login"},
    {Target::Dev, "GET", "/api/me"},
    {Target::Dev, "POST", "/api/univerify/login"},
    {Target::Dev, "POST", "/api/profile"},
    {Target::Dev, "POST", "/api/app/login"},
    {Target::Dev, "POST", "/api/open/login"},
    {Target::Dev, "POST", "/api/baidu/login"},
    {Target::Dev, "POST", "/api/session/check"},
    {Target::Dev, "POST", "/api/session/reset"},
};
constexpr size_t kEndpointCount = sizeof kEndpoints / sizeof kEndpoints[0];

[[noreturn]] void violated(const std::string& what) {
    std::fprintf(stderr, "fuzz_endpoints: contract violated: %s\n", what.c_str());
    std::abort();
}

// The codes a platform_error fault can force at the platform_response hop, in catalog order.
const std::vector<std::string>& forced_codes() {
    static const std::vector<std::string> codes = [] {
        std::vector<std::string> out;
        for (const auto& e : ls::catalog())
            if (e.hop == ls::Hop::PlatformResponse) out.push_back(e.code);
        return out;
    }();
    return codes;
}

std::string field(const std::string& body, const char* key) {
    const json j = json::parse(body, nullptr, false);
    return j.is_object() && j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : std::string();
}

// One simulated world: the engine's platforms plus a developer server whose platform calls go
// straight to their handlers, all forced to answer `forced` when it is set.
struct World {
    ls::Engine engine;
    ls::IdGenerator dev_ids{7};
    std::string forced;
    std::unique_ptr<ls::CloudFunction> cloud;  // univerify: the server asks it, it asks DCloud
    std::unique_ptr<ls::DeveloperServer> dev;
    std::map<std::string, std::string> vars;
    std::vector<std::string> session_keys;  // every session_key handed out (none may reach a client)
    std::string phone;                      // the full number univerify reports

    static ls::EngineConfig config() {
        ls::EngineConfig c;
        c.transport = ls::TransportMode::InProcess;
        return c;
    }

    World() : engine(config()) {
        const ls::AppConfig& a = engine.config().app;
        // The configuration Engine gives its own developer server, with no flaw switched on
        // (a flaw such as leak-session-key breaks the contract checked below on purpose).
        ls::DeveloperServerConfig dc = ls::developer_server_config(a);
        dc.flaws.clear();
        cloud = std::make_unique<ls::CloudFunction>(
            engine.clock(), engine.journal(), ls::CloudFunctionConfig{a.unicloud.function_secret, a.univerify.uni_appid},
            [this](const ls::HttpRequest& req, uint32_t) { return ls::TransportResult{platform(req), ""}; });
        dev = std::make_unique<ls::DeveloperServer>(
            engine.clock(), dev_ids, engine.journal(), dc,
            [this](const ls::HttpRequest& req, uint32_t) { return ls::TransportResult{platform(req), ""}; },
            [this](const ls::HttpRequest& req, uint32_t flow) { return ls::TransportResult{cloud->handle(req, flow), ""}; });
    }

    ls::HttpReply platform(const ls::HttpRequest& req) {
        if (req.path == "/sns/jscode2session") return engine.platform().jscode2session(req, 0, forced);
        if (req.path == "/cgi-bin/token") return engine.platform().get_access_token(req, 0, forced);
        if (req.path == "/wxa/checksession") return engine.platform().check_session_key(req, 0, forced);
        if (req.path == "/wxa/resetusersessionkey") return engine.platform().reset_session_key(req, 0, forced);
        if (req.path == "/donut/code2verifyinfo") return engine.donut_platform().code2verifyinfo(req, 0, forced);
        if (req.path == "/sns/oauth2/access_token") return engine.open_platform().access_token(req, 0, forced);
        if (req.path == "/oauth/jscode2sessionkey") return engine.baidu_platform().jscode2sessionkey(req, 0, forced);
        if (req.path == "/univerify/getPhoneNumber") return engine.univerify().get_phone_number(req, 0, forced);
        return {404, R"({"errcode":404,"errmsg":"no such api"})"};
    }

    static ls::HttpRequest get(const std::string& path, std::map<std::string, std::string> query) {
        ls::HttpRequest r;
        r.path = path;
        r.query = std::move(query);
        return r;
    }

    // The same credentials every time: same seed, same calls in the same order.
    void set_up() {
        const ls::AppConfig& a = engine.config().app;
        const std::string user = engine.environment().user;
        vars["$APPID"] = a.appid;
        vars["$SECRET"] = a.secret;
        // The code the input may exchange; a later wx.login replaces its session_key, as on WeChat.
        vars["$CODE"] = engine.platform().issue_code(a.appid, user, 0)->code;
        session_keys.push_back(engine.platform().current_session_key(a.appid, user));
        // A developer-server session for the endpoints that need our token.
        const std::string login_code = engine.platform().issue_code(a.appid, user, 0)->code;
        const std::string key = engine.platform().current_session_key(a.appid, user);
        session_keys.push_back(key);
        ls::HttpRequest login;
        login.method = "POST";
        login.path = "/api/login";
        login.body = json{{"code", login_code}}.dump();
        vars["$DEVTOKEN"] = field(dev->handle(login, 0).body, "token");
        vars["$OPENID"] = engine.platform().openid_of(a.appid, user);
        vars["$SIG"] = ls::hmac_sha256_hex(key, "");
        vars["$WXTOKEN"] = field(platform(get("/cgi-bin/token", {{"grant_type", "client_credential"}, {"appid", a.appid}, {"secret", a.secret}})).body,
                                 "access_token");
        vars["$IV"] = ls::base64_encode("0123456789abcdef");
        vars["$DONUTAPPID"] = a.donut.appid;
        vars["$DONUTSECRET"] = a.donut.appsecret;
        vars["$DONUTCODE"] = engine.donut_platform().issue_code(user, 0).first;
        vars["$DONUTTOKEN"] = field(
            platform(get("/cgi-bin/token", {{"grant_type", "client_credential"}, {"appid", a.donut.appid}, {"secret", a.donut.appsecret}})).body,
            "access_token");
        vars["$OPENAPPID"] = a.open.appid;
        vars["$OPENSECRET"] = a.open.secret;
        vars["$OPENCODE"] = engine.open_platform().issue_code(user, 0).first;
        vars["$BAIDUKEY"] = a.baidu.app_key;
        vars["$BAIDUSK"] = a.baidu.app_secret;
        vars["$BAIDUCODE"] = engine.baidu_platform().issue_code(user, 0).first;
        vars["$UNIAPPID"] = a.univerify.uni_appid;
        const ls::PhoneLine line = engine.environment().line;
        phone = line.number;
        const ls::UniverifyToken t = engine.univerify().issue_token(line, 0);
        vars["$UNITOKEN"] = t.access_token;
        vars["$UNIOPENID"] = t.openid;
    }

    std::string replace_vars(std::string s) const {
        // Longest name first, so that no name is replaced inside a longer one.
        std::vector<const std::pair<const std::string, std::string>*> by_length;
        for (auto& kv : vars) by_length.push_back(&kv);
        std::sort(by_length.begin(), by_length.end(), [](auto* a, auto* b) { return a->first.size() > b->first.size(); });
        for (auto* kv : by_length) {
            size_t at = 0;
            while ((at = s.find(kv->first, at)) != std::string::npos) {
                s.replace(at, kv->first.size(), kv->second);
                at += kv->second.size();
            }
        }
        return s;
    }

    // $ENC(text)$ and $SIGN(text)$ (their text may name variables), then the variables.
    std::string substitute(std::string s) const {
        const std::string& key = session_keys.back();
        for (const std::string fn : {"$ENC(", "$SIGN("}) {
            size_t at = 0;
            while ((at = s.find(fn, at)) != std::string::npos) {
                const size_t end = s.find(")$", at + fn.size());
                if (end == std::string::npos) break;
                const std::string text = replace_vars(s.substr(at + fn.size(), end - at - fn.size()));
                const std::string out = fn == "$ENC(" ? ls::encrypt_open_data(text, key, vars.at("$IV")) : ls::open_data_signature(text, key);
                s.replace(at, end + 2 - at, out);
                at += out.size();
            }
        }
        return replace_vars(s);
    }
};

// Whether `req` itself carried `text` (an echo of the client's own bytes is not a leak).
bool sent_by_client(const ls::HttpRequest& req, const std::string& text) {
    if (req.body.find(text) != std::string::npos) return true;
    for (const auto& [k, v] : req.query)
        if (v.find(text) != std::string::npos) return true;
    for (const auto& [k, v] : req.headers)
        if (v.find(text) != std::string::npos) return true;
    return false;
}

// The contract: a real status, JSON that parses, and no secret the client did not send reaches it.
void check_reply(const ls::HttpReply& r, const ls::HttpRequest& req, const Endpoint& ep, World& w) {
    const std::string where = std::string(ep.method) + " " + ep.path;
    if (r.status < 100 || r.status > 599) violated(where + ": HTTP status " + std::to_string(r.status));
    if (r.content_type == "application/json" && json::parse(r.body, nullptr, false).is_discarded())
        violated(where + ": a JSON reply that is not JSON: " + r.body.substr(0, 200));
    if (ep.target != Target::Dev) return;
    std::vector<std::string> secrets = w.session_keys;
    // The developer server may have asked for a new key (resetusersessionkey) during this request.
    secrets.push_back(w.engine.platform().current_session_key(w.engine.config().app.appid, w.engine.environment().user));
    for (const auto& k : secrets)
        if (!k.empty() && r.body.find(k) != std::string::npos && !sent_by_client(req, k))
            violated(where + ": a session_key reached the client: " + r.body);
    if (!w.phone.empty() && r.body.find(w.phone) != std::string::npos && !sent_by_client(req, w.phone)) violated(where + ": the full phone number reached the client: " + r.body);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size < 2) return 0;
    const Endpoint& ep = kEndpoints[(data[0] & 0x7f) % kEndpointCount];
    const bool swap_method = data[0] & 0x80;
    const std::vector<std::string>& codes = forced_codes();
    const size_t pick = data[1] % (codes.size() + 1);

    World w;
    w.set_up();
    w.forced = pick == 0 ? "" : codes[pick - 1];

    const std::string text(reinterpret_cast<const char*>(data) + 2, size - 2);
    const size_t nl1 = text.find('\n');
    const size_t nl2 = nl1 == std::string::npos ? std::string::npos : text.find('\n', nl1 + 1);
    const std::string query = w.substitute(text.substr(0, nl1));
    const std::string auth = nl1 == std::string::npos ? "" : w.substitute(text.substr(nl1 + 1, nl2 == std::string::npos ? std::string::npos : nl2 - nl1 - 1));
    const std::string body = nl2 == std::string::npos ? "" : w.substitute(text.substr(nl2 + 1));

    ls::HttpRequest req;
    req.method = swap_method ? (std::string(ep.method) == "GET" ? "POST" : "GET") : ep.method;
    req.path = ep.path;
    for (auto& [k, v] : ls::parse_form(query)) req.query[k] = v;
    if (!auth.empty()) req.headers["Authorization"] = auth;
    req.body = body;

    const ls::HttpReply reply = ep.target == Target::Platform ? w.platform(req) : w.dev->handle(req, 0);
    check_reply(reply, req, ep, w);
    return 0;
}
