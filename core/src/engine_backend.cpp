// The app's requests to its own server (issue 16): the built-in developer server's API, or a team's
// backend through its profile's templates. A backend's exchange is journaled as the built-in
// server's is — the request to its real URL, the reply as it came — and the faults of the
// client→server hop act on this side of the wire (a request they drop never reaches the backend).
#include <vector>

#include <nlohmann/json.hpp>

#include "engine_internal.hpp"
#include "loginscope/backend.hpp"
#include "loginscope/engine.hpp"

namespace ls {

namespace {
// The profile's template for what the app asks (nullptr when the profile has none), and what it is called.
std::pair<const RequestTemplate*, const char*> template_for(const FlowProfile& p, ServerCall call) {
    switch (call) {
        case ServerCall::Login: return {&p.login, "login"};
        case ServerCall::Whoami: return {p.whoami ? &*p.whoami : nullptr, "whoami"};
        case ServerCall::OpenData: return {p.profile ? &*p.profile : nullptr, "profile"};
        case ServerCall::Phone: return {p.phone ? &*p.phone : nullptr, "phone"};
        case ServerCall::Other: break;
    }
    return {nullptr, ""};
}

// The filled template as the engine's HTTP layer sees a request (for the journal and the faults).
HttpRequest as_http_request(const BackendRequest& b) {
    HttpRequest req;
    req.method = b.method;
    const size_t q = b.target.find('?');
    req.path = b.target.substr(0, q);
    for (auto& [k, v] : b.headers) req.headers[k] = v;
    req.body = b.body;
    return req;
}

// "/data/token", "cookie sid", "header X-Session": where the profile says a login reply carries the session.
std::string locator_text(const SessionLocator& at) {
    return at.kind == SessionLocator::Kind::Pointer  ? at.where
           : at.kind == SessionLocator::Kind::Cookie ? "cookie " + at.where
                                                     : "header " + at.where;
}

// A reply that never came, as the socket would have shown it to the app's request.
SocketAction lost_as(const BackendReply& r) { return r.timed_out ? SocketAction::Hang : SocketAction::Reset; }

// The app's socket to the backend: the faults of its hop (`faults`), and a refused connection said as
// such — the journaled hop carries the URL nothing listened at.
class BackendWire : public Transport {
public:
    BackendWire(InProcessTransport& faults, const BackendReply& got) : faults_(faults), got_(got) {}
    TransportResult send(const HttpRequest& req) override {
        TransportResult r = faults_.send(req);
        if (!r.ok() && got_.unreachable) r.error = "connection refused";
        return r;
    }

private:
    InProcessTransport& faults_;
    const BackendReply& got_;
};
}  // namespace

Engine::ServerAnswer Engine::ask_server(uint32_t flow, ServerCall call, const HttpRequest& builtin,
                                        std::map<std::string, std::string> values) {
    if (!cfg_.backend) return {send_to_dev(builtin, flow), "", ""};
    return ask_backend(flow, call, builtin, std::move(values));
}

Engine::ServerAnswer Engine::ask_backend(uint32_t flow, ServerCall call, const HttpRequest& builtin,
                                         std::map<std::string, std::string> values) {
    const auto [tmpl, name] = template_for(*cfg_.backend, call);
    ServerAnswer a;
    if (!tmpl) {
        a.missing = *name ? std::string("the backend profile has no ") + name + " template"
                          : "the backend profile has no request for " + builtin.method + " " + builtin.path;
        return a;
    }
    values["session"] = identity().token;
    const BackendRequest sent = backend_client_->prepare(*tmpl, values);
    BackendReply got;
    // A session in a reply is the backend's act, journaled as it passes on the wire, whether the app
    // then gets it or not (a garbled reply, the first of a duplicated delivery), as the built-in
    // server journals the tokens it issues.
    const std::string credential = values.count("code") ? values["code"] : values["access_token"];
    InProcessTransport wire([&](const HttpRequest& req) {
        bool asked = false;
        Delivery d = apply_http_faults(Hop::ClientToDev, Hop::None, req, [&](const std::string&) {
            asked = true;
            got = backend_client_->send(sent);
            if (call == ServerCall::Login)
                if (const std::string issued = backend_client_->session_of(got, cfg_.backend->session); !issued.empty())
                    note(flow, Actor::DevServer, Hop::ClientToDev, "token.issued",
                         "the backend issued a session (at " + locator_text(cfg_.backend->session) + " in its reply)",
                         {{"code", credential}, {"token", issued}, {"server", "backend"}}, Actor::Client);
            HttpReply reply{got.status, got.body};
            reply.headers.assign(got.headers.begin(), got.headers.end());  // names lower-cased, as HTTP/2 writes them
            for (auto& [k, v] : got.headers)
                if (k == "content-type") reply.content_type = v;
            return reply;
        });
        if (asked && got.status == 0 && d.action == SocketAction::None) d.action = lost_as(got);
        return d;
    });
    BackendWire socket(wire, got);
    a.t = send_to_dev(as_http_request(sent), flow, socket, sent.url);
    if (a.t.ok() && got.status) {  // the session in the reply as the app got it (a fault may have garbled it)
        BackendReply seen = got;
        seen.status = a.t.reply->status;
        seen.body = a.t.reply->body;
        a.session = backend_client_->session_of(seen, cfg_.backend->session);
    }
    return a;
}

// A backend's login reply: a 2xx with a session where the profile says is a session (backend.hpp).
ActionResult Engine::backend_session(uint32_t flow, ActionResult r, const std::string& credential, const std::string& session,
                                     const nlohmann::ordered_json& res) {
    r.ok = r.http_status >= 200 && r.http_status < 300 && !session.empty();
    if (r.ok) {
        r.token = session;
        r.detail = "the backend issued a session";
        {
            std::lock_guard lock(mu_);
            identity_.code = credential;
            identity_.token = session;
            identity_.token_expires_at_ms = 0;  // its lifetime is the backend's own
        }
    } else {
        r.detail = "the backend issued no session (HTTP " + std::to_string(r.http_status) +
                   (r.http_status >= 200 && r.http_status < 300 ? ", nothing at " + locator_text(cfg_.backend->session) : "") + ")";
    }
    return deliver_callbacks(flow, "wx.request", r, res);
}

// A step whose request the profile cannot express: nothing is sent, no callback fires.
ActionResult Engine::not_asked(ActionResult r, const std::string& why) {
    r.ok = false;
    r.unsent = why;
    r.detail = "not sent: " + why;
    return r;
}

}  // namespace ls
