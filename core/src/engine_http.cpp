// The engine's HTTP side: the services its loopback hosts answer (the platforms, the developer
// server and univerify's cloud function, with the faults of each hop applied), and the client's, the
// server's and the cloud function's sends, journaled with every AppSecret masked.
#include "loginscope/engine.hpp"

#include <chrono>

#include <nlohmann/json.hpp>

#include "engine_internal.hpp"
#include "loginscope/catalog.hpp"
#include "loginscope/platform_pack.hpp"

namespace ls {

using nlohmann::json;

namespace {
constexpr const char* kPlatformHost = "https://api.weixin.qq.com";
constexpr const char* kDevHost = "https://dev.example.test";  // the app's own backend (logical name)

std::string mask(const std::string& secret) {
    return secret.size() <= 8 ? std::string(secret.size(), '*') : secret.substr(0, 4) + "****" + secret.substr(secret.size() - 4);
}

// A gateway's error page, as a proxy in front of the platform would send it.
HttpReply gateway_reply(int status) {
    return {status, "<html><head><title>" + std::to_string(status) + "</title></head><body>" + std::to_string(status) +
                        " gateway error</body></html>",
            "text/html"};
}

// Which hung_ flag a request hop's hang raises: [0] client→dev, [1] →platform, [2] dev→cloud function.
int hung_slot(Hop request_hop) {
    return request_hop == Hop::DevToPlatform ? 1 : request_hop == Hop::DevToCloudFunction ? 2 : 0;
}

std::string corrupt_json(const std::string& body) {
    // Valid prefix, then garbage: what a broken proxy or a half-written buffer yields.
    return body.substr(0, body.size() / 2) + "\x01<!--";
}
}  // namespace

// ---- HTTP services --------------------------------------------------------------------------

// Faults of the request hop act before the service sees the request; faults of the response hop
// act on its reply, after the service processed the request (a lost reply still consumed the code).
Delivery Engine::apply_http_faults(Hop request_hop, Hop response_hop, const HttpRequest& req,
                                   const std::function<HttpReply(const std::string&)>& handle) {
    const uint32_t flow = active_flow_;
    const int slot = hung_slot(request_hop);
    auto caller_timeout = [&]() -> int64_t {
        return request_hop == Hop::DevToPlatform        ? platform_wait_ms(req.path)
               : request_hop == Hop::DevToCloudFunction ? cfg_.app.exchange_timeout_ms
                                                        : assumed_int("wechat.request.default_timeout_ms");
    };
    auto hang = [&] {
        hung_[slot] = true;
        return Delivery{{}, SocketAction::Hang};
    };
    std::optional<FaultRule> before, after;
    if (!faults_.surely_empty()) {
        std::lock_guard lock(mu_);  // both hops' rules at once
        before = faults_.take(request_hop, req.path);
        if (response_hop != Hop::None) after = faults_.take(response_hop, req.path);
    }
    std::string forced;
    bool duplicate = false;
    for (const auto* f : {&before, &after}) {
        if (!*f) continue;
        fired(**f, flow);
        const FaultRule& r = **f;
        if (r.kind == FaultKind::Delay || r.kind == FaultKind::ClockJump) {
            if (r.kind == FaultKind::Delay && r.ms >= caller_timeout()) return hang();
            clock_.advance(r.ms);
        }
        if (r.kind == FaultKind::PlatformError) forced = r.code;
        if (r.kind == FaultKind::HttpStatus) return {gateway_reply(r.status)};
        if (f == &before) {
            if (r.kind == FaultKind::Hang) return hang();
            if (r.kind == FaultKind::ConnectionReset) return {{}, SocketAction::Reset};
            if (r.kind == FaultKind::EmptyReply) return {{}, SocketAction::Empty};
            if (r.kind == FaultKind::DuplicateDelivery) duplicate = true;
        }
    }
    HttpReply reply = handle(forced);
    if (duplicate) {
        note(flow, Actor::Engine, request_hop, "request.duplicated", "the same request is delivered a second time");
        reply = handle(forced);
    }
    const FaultRule* lost = before && (before->kind == FaultKind::MalformedJson || before->kind == FaultKind::CutBody) ? &*before
                            : after ? &*after : nullptr;
    if (!lost) return {std::move(reply)};
    switch (lost->kind) {
        case FaultKind::MalformedJson: reply.body = corrupt_json(reply.body); return {std::move(reply)};
        case FaultKind::CutBody: return {std::move(reply), SocketAction::Cut, size_t(lost->bytes)};
        case FaultKind::Hang: return hang();
        case FaultKind::ConnectionReset: return {std::move(reply), SocketAction::Reset};
        case FaultKind::EmptyReply: return {std::move(reply), SocketAction::Empty};
        default: return {std::move(reply)};
    }
}

Delivery Engine::platform_service(const HttpRequest& req) {
    if (admin_ && req.path.rfind("/__admin", 0) == 0) return admin_(req);
    // Every platform endpoint: the call of the platform that answers it, with its forced error code.
    using Api = HttpReply (*)(Engine&, const HttpRequest&, uint32_t, const std::string&);
    static const std::pair<const char*, Api> kApis[] = {
        {"/sns/jscode2session", [](Engine& e, const HttpRequest& r, uint32_t f, const std::string& x) { return e.platform_.jscode2session(r, f, x); }},
        {"/cgi-bin/token", [](Engine& e, const HttpRequest& r, uint32_t f, const std::string& x) { return e.platform_.get_access_token(r, f, x); }},
        {"/wxa/checksession", [](Engine& e, const HttpRequest& r, uint32_t f, const std::string& x) { return e.platform_.check_session_key(r, f, x); }},
        {"/wxa/resetusersessionkey", [](Engine& e, const HttpRequest& r, uint32_t f, const std::string& x) { return e.platform_.reset_session_key(r, f, x); }},
        {"/wxa/business/getuserphonenumber", [](Engine& e, const HttpRequest& r, uint32_t f, const std::string& x) { return e.platform_.get_user_phone_number(r, f, x); }},
        {"/oauth/jscode2sessionkey", [](Engine& e, const HttpRequest& r, uint32_t f, const std::string& x) { return e.baidu_.jscode2sessionkey(r, f, x); }},
        {"/sns/oauth2/access_token", [](Engine& e, const HttpRequest& r, uint32_t f, const std::string& x) { return e.open_.access_token(r, f, x); }},
        {"/donut/code2verifyinfo", [](Engine& e, const HttpRequest& r, uint32_t f, const std::string& x) { return e.donut_.code2verifyinfo(r, f, x); }},
        {kGetPhoneNumberPath, [](Engine& e, const HttpRequest& r, uint32_t f, const std::string& x) { return e.univerify_.get_phone_number(r, f, x); }},
    };
    auto answer = [&](const std::function<HttpReply(const std::string& forced)>& api) {
        gate(Hop::PlatformResponse);
        auto serve = [&] { return apply_http_faults(Hop::DevToPlatform, Hop::PlatformResponse, req, api); };
        return cfg_.journal_platform_calls ? journal_foreign_exchange(req, serve) : serve();
    };
    for (auto& [path, api] : kApis)
        if (req.path == path) return answer([&, api = api](const std::string& forced) { return api(*this, req, active_flow_, forced); });
    const auto& packs = platform_packs();  // a pack's endpoints (platform_pack.hpp)
    for (size_t i = 0; i < packs.size(); ++i)
        for (const PackEndpoint& ep : packs[i].endpoints)
            if (req.path == ep.path)
                return answer([&, i](const std::string& forced) { return packs_[i]->answer(req, active_flow_, forced); });
    return {{404, R"({"errcode":404,"errmsg":"no such api"})"}};
}

Delivery Engine::dev_service(const HttpRequest& req) {
    return apply_http_faults(Hop::ClientToDev, Hop::None, req,
                             [&](const std::string&) { return dev_.handle(req, active_flow_); });
}

// The function's URL; any other path on its host is not a function (a gateway's 404).
Delivery Engine::cloud_function_service(const HttpRequest& req) {
    if (req.path != cloud_function_path()) return {{404, R"({"message":"no function at this path"})"}};
    return apply_http_faults(Hop::DevToCloudFunction, Hop::None, req,
                             [&](const std::string&) { return cloud_.handle(req, active_flow_); });
}

int64_t Engine::platform_wait_ms(const std::string& path) const {
    return path == kGetPhoneNumberPath ? assumed_int("unicloud.call_timeout_ms") : cfg_.app.exchange_timeout_ms;
}

namespace {
// The platform host a request is shown under (PLATFORM-FACTS: WeChat's api host, Baidu's spapi host);
// uniCloud.getPhoneNumber is an SDK call with no documented host, so it gets a logical name.
std::string platform_host(const std::string& path) {
    if (path == "/oauth/jscode2sessionkey") return "https://spapi.baidu.com";
    for (const PlatformPack& p : platform_packs())
        for (const PackEndpoint& ep : p.endpoints)
            if (path == ep.path) return p.host;
    if (path.rfind("/univerify/", 0) == 0) return "unicloud:";
    return kPlatformHost;
}

// The fields platform packs mark secret (PlatformPack::masked_fields), masked in the query, in a form
// body and in a JSON body's top level.
void mask_pack_fields(std::map<std::string, std::string>& query, std::string& body) {
    const nlohmann::json j = nlohmann::json::parse(body, nullptr, false);
    std::map<std::string, std::string> form = j.is_discarded() ? parse_form(body) : std::map<std::string, std::string>{};
    nlohmann::ordered_json shown = j.is_object() ? nlohmann::ordered_json::parse(body) : nlohmann::ordered_json();
    bool changed = false;
    for (const PlatformPack& p : platform_packs())
        for (const char* key : p.masked_fields) {
            if (auto it = query.find(key); it != query.end()) it->second = mask(it->second);
            if (shown.is_object() && shown.contains(key) && shown[key].is_string())
                shown[key] = mask(shown[key].get<std::string>()), changed = true;
            if (form.count(key)) {
                const size_t at = body.rfind(std::string(key) + "=", 0) == 0 ? 0 : body.find("&" + std::string(key) + "=");
                if (at == std::string::npos) continue;
                const size_t from = body.find('=', at) + 1, to = std::min(body.find('&', from), body.size());
                body.replace(from, to - from, mask(body.substr(from, to - from)));
            }
        }
    if (changed) body = shown.dump();
}

// Where a request went on the wire: the loopback port its server listens on ("" in process).
std::string loopback_url(int port, const std::string& target) {
    return port > 0 ? "http://127.0.0.1:" + std::to_string(port) + target : "";
}

// The reply, or why none came, into the record of its exchange.
void record_reply(HttpRecord& rec, const TransportResult& r) {
    rec.status = r.ok() ? r.reply->status : 0;
    rec.response_body = r.ok() ? r.reply->body : "";
    rec.response_type = r.ok() ? r.reply->content_type : "";
    rec.response_headers = r.ok() ? r.reply->headers : std::vector<HeaderField>{};
    rec.transport_error = r.error;
}

// The request as the journal keeps it: every AppSecret masked (WeChat's secret, the multi-terminal
// app's appsecret, Baidu's sk in the form body). `port`: the platform's on the HTTP transport, else 0.
HttpRecord shown_request(const HttpRequest& req, int port) {
    HttpRequest shown = req;
    for (const char* key : {"secret", "appsecret"})
        if (shown.query.count(key)) shown.query[key] = mask(shown.query[key]);
    std::string body = req.body;
    const size_t sk = body.rfind("sk=", 0) == 0 ? 0 : body.find("&sk=");
    if (sk != std::string::npos) {
        const size_t from = body.find('=', sk) + 1, to = std::min(body.find('&', from), body.size());
        body.replace(from, to - from, mask(body.substr(from, to - from)));
    }
    mask_pack_fields(shown.query, body);
    HttpRecord rec{req.method, platform_host(req.path) + shown.target(), body};
    rec.url = loopback_url(port, shown.target());
    rec.request_headers = req.headers;
    return rec;
}
}  // namespace

HttpRecord Engine::note_platform_request(uint32_t flow, Actor peer, const HttpRequest& req) {
    HttpRecord rec = shown_request(req, platform_port());  // the journal never keeps an app secret in clear
    note(flow, peer, Hop::DevToPlatform, "http.request", req.method + " " + req.path,
         req.query.count("js_code") ? Links{{"code", req.query.at("js_code")}} : Links{}, Actor::Platform, rec);
    return rec;
}

void Engine::note_platform_reply(uint32_t flow, Actor peer, HttpRecord rec, const TransportResult& r) {
    record_reply(rec, r);
    note(flow, Actor::Platform, Hop::PlatformResponse, "http.response",
         r.ok() ? "HTTP " + std::to_string(r.reply->status) : "no reply: " + r.error, {}, peer, std::move(rec));
}

// The backend's own call, seen from the platform's side: journaled as its caller would have seen it.
Delivery Engine::journal_foreign_exchange(const HttpRequest& req, const std::function<Delivery()>& serve) {
    const uint32_t flow = active_flow_;
    HttpRecord rec = note_platform_request(flow, Actor::DevServer, req);
    Delivery d = serve();
    note_platform_reply(flow, Actor::DevServer, std::move(rec), delivered(d));
    return d;
}

TransportResult Engine::send_to_platform(const HttpRequest& req, uint32_t flow, Actor from) {
    HttpRecord rec = note_platform_request(flow, from, req);
    clock_.advance(environment().latency_ms);
    hung_[1] = false;
    TransportResult r = to_platform_->send(req);
    if (!r.ok() && hung_[1]) r.error = "timeout";
    if (r.error == "timeout") clock_.advance(platform_wait_ms(req.path));
    clock_.advance(environment().latency_ms);
    note_platform_reply(flow, from, std::move(rec), r);
    return r;
}

// The developer server's GET to its cloud function's URL (the signed query is not a secret: the
// secret it was made with never travels).
TransportResult Engine::send_to_cloud_function(const HttpRequest& req, uint32_t flow) {
    HttpRecord rec{req.method, cloud_function_url() + req.target().substr(req.path.size()), req.body};
    rec.url = loopback_url(cloud_function_port(), req.target());
    rec.request_headers = req.headers;
    Links links;
    if (req.query.count("access_token")) links["access_token"] = req.query.at("access_token");
    note(flow, Actor::DevServer, Hop::DevToCloudFunction, "http.request", req.method + " " + req.path, links, Actor::CloudFunction, rec);
    clock_.advance(environment().latency_ms);
    hung_[2] = false;
    TransportResult r = to_cloud_->send(req);
    if (!r.ok() && hung_[2]) r.error = "timeout";
    if (r.error == "timeout") clock_.advance(cfg_.app.exchange_timeout_ms);
    clock_.advance(environment().latency_ms);
    record_reply(rec, r);
    note(flow, Actor::CloudFunction, Hop::DevToCloudFunction, "http.response",
         r.ok() ? "HTTP " + std::to_string(r.reply->status) : "no reply: " + r.error, {}, Actor::DevServer, rec);
    return r;
}

TransportResult Engine::send_to_dev(const HttpRequest& req, uint32_t flow) { return send_to_dev(req, flow, *to_dev_, ""); }

TransportResult Engine::send_to_dev(const HttpRequest& req, uint32_t flow, Transport& via, const std::string& url) {
    HttpRecord rec{req.method, url.empty() ? std::string(kDevHost) + req.target() : url, req.body};
    rec.url = url.empty() ? loopback_url(dev_port(), req.target()) : url;
    rec.request_headers = req.headers;
    // A team's backend (`url` given): its hops say so, for the narration of what such a server should do.
    const Links server = url.empty() ? Links{} : Links{{"server", "backend"}};
    note(flow, Actor::Client, Hop::ClientToDev, "http.request", req.method + " " + req.path, server, Actor::DevServer, rec);
    clock_.advance(environment().latency_ms);
    hung_[0] = false;
    const auto sent_at = std::chrono::steady_clock::now();
    TransportResult r = via.send(req);
    if (!url.empty()) rec.wire_ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - sent_at).count();
    if (!r.ok() && hung_[0]) r.error = "timeout";
    if (r.error == "timeout") clock_.advance(assumed_int("wechat.request.default_timeout_ms"));
    clock_.advance(environment().latency_ms);
    record_reply(rec, r);
    note(flow, Actor::DevServer, Hop::ClientToDev, "http.response",
         r.ok() ? "HTTP " + std::to_string(r.reply->status) : "no reply: " + r.error, server, Actor::Client, rec);
    return r;
}

}  // namespace ls
