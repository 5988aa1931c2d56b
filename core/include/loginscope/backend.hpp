#pragma once
// A team's own backend (issue 16): the backend profile says how a client talks to it, per flow —
// the login request, where the reply carries the session, whom the backend thinks a session is — and
// which test apps it runs with. BackendClient is one simulated user of that backend over real HTTP,
// with a cookie jar. The format is README's "Audit your own backend" and assets/backend.schema.json.
#include <chrono>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "loginscope/engine.hpp"

namespace ls {

// An unusable profile: the message names the JSON path and the problem ("flows.wechat-mp.login.url: missing").
struct ProfileError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// A request the client sends: method, url, headers and at most one body. Strings may hold
// placeholders ({{code}}, {{session}}, {{claimed_openid}}, …: backend_placeholders()).
struct RequestTemplate {
    enum class Body { None, Json, Form, Query };
    std::string method = "POST";
    std::string url;  // http://host:port/path — plain HTTP
    std::vector<std::pair<std::string, std::string>> headers;
    Body body = Body::None;
    nlohmann::json payload;  // the json body, or the form's / query's object of strings
};

// Where a login reply carries the session: a JSON Pointer into its body, a cookie, or a header.
struct SessionLocator {
    enum class Kind { Pointer, Cookie, Header };
    Kind kind = Kind::Pointer;
    std::string where;  // the pointer ("/data/token"), the cookie's or the header's name
};

struct FlowProfile {
    RequestTemplate login;
    SessionLocator session;
    std::optional<RequestTemplate> whoami;
    std::string identity;  // a JSON Pointer into whoami's reply ("" when there is no whoami)
    std::optional<RequestTemplate> profile;  // submits open data
    std::optional<RequestTemplate> phone;    // submits a phone-number code ({{phone_code}}) under the session
};

struct ProfileApp {
    std::string platform;  // as /__admin/apps names them: wechat, wechat-app, uni-weixin, swan, univerify
    std::string appid, secret;
};

struct BackendProfile {
    std::string name;
    std::vector<ProfileApp> apps;
    std::map<Flow, FlowProfile> flows;
    const ProfileApp* app_for(const std::string& platform) const;
    // The profile of flow `f`; throws ProfileError naming the flows it has when it has none.
    const FlowProfile& flow(Flow f) const;
};

// The flows whose developer server exchanges with the platform, and the app platform each needs.
const std::vector<std::pair<Flow, const char*>>& backend_flows();
const std::vector<std::string>& backend_placeholders();  // without the braces

BackendProfile parse_backend_profile(const nlohmann::json& j);  // throws ProfileError
BackendProfile load_backend_profile(const std::string& path);   // throws ProfileError ("FILE: path: problem")

// A platform never issues a code twice, and a backend remembers the codes it saw (its cache, its
// replay guard): each world against a backend draws its identifiers, its users' openids too, from a
// seed of its own, never a scenario's.
uint64_t fresh_world_seed();

// `cfg` with its app talking to the profile's backend for cfg.flow (`run` and `explore --backend`):
// the HTTP transport, the platforms on `platform_port` answering for the profile's apps, a hung
// exchange held `hang_ms` of real time. Throws ProfileError when the profile has no such flow.
EngineConfig backend_engine_config(EngineConfig cfg, const BackendProfile& p, int platform_port, int hang_ms);
// The inverse for what a user chose: `cfg` talking to the built-in server, the profile's app values
// back to the demo's (a recording against a backend names the profile, never copies its AppSecrets).
EngineConfig builtin_engine_config(EngineConfig cfg, const BackendProfile& p);

// Whether something listens where `t` sends (a TCP connect, nothing sent): "" when it does, else
// the problem, naming the URL ("nothing listens at http://127.0.0.1:3000/login (connection refused)").
std::string backend_unreachable(const RequestTemplate& t);

// A loopback port free at this moment (for a platform the backend is told about before it starts,
// and that every world of an audit binds again). Drawn below the kernel's ephemeral range
// (/proc/sys/net/ipv4/ip_local_port_range): while it is not bound, no port-0 server and no outgoing
// connection (the audit's own) can take it. The kernel's own pick if that range is taken.
int free_loopback_port();

// What one request to the backend brought back. `error` is the transport's word when no reply came.
struct BackendReply {
    int status = 0;
    std::multimap<std::string, std::string> headers;  // names lower-case
    std::string body;
    std::string error;
    bool unreachable = false;  // nothing listens there (connection refused, no such host)
    bool timed_out = false;    // no reply within the client's timeout (or the connection closed without one)
    std::chrono::milliseconds took{0};
    std::string request_line;  // "POST http://127.0.0.1:3000/login" for the evidence
    std::string request_body;
    bool ok() const { return error.empty() && status >= 200 && status < 300; }
};

// A template filled in with an attempt's values: what goes on the wire, the jar's Cookie header included.
struct BackendRequest {
    std::string method, url;  // url: as filled in, the query body's pairs added
    std::string host, target;  // target: path and query
    int port = 80;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    std::string error;  // the URL is not usable ("" when it is)
};

// One simulated user of the backend: sends the profile's templates with the values given, keeps the
// cookies the backend sets and sends them back.
class BackendClient {
public:
    explicit BackendClient(std::chrono::milliseconds timeout = std::chrono::seconds(10)) : timeout_(timeout) {}
    BackendRequest prepare(const RequestTemplate& t, const std::map<std::string, std::string>& values) const;
    BackendReply send(const BackendRequest& r);
    BackendReply send(const RequestTemplate& t, const std::map<std::string, std::string>& values) { return send(prepare(t, values)); }
    // The session a login reply carries at `where`; "" when it carries none.
    std::string session_of(const BackendReply& reply, const SessionLocator& where) const;
    void forget_cookies() { cookies_.clear(); }

private:
    std::chrono::milliseconds timeout_;
    std::map<std::string, std::string> cookies_;
};

// "{{name}}" replaced by values[name] in `text` (a name without a value becomes "").
std::string fill_placeholders(const std::string& text, const std::map<std::string, std::string>& values);

}  // namespace ls
