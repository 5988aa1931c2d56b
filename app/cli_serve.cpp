#include <algorithm>
#include <csignal>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <thread>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "cli.hpp"
#include "cli_options.hpp"
#include "loginscope/admin_api.hpp"
#include "loginscope/audit.hpp"
#include "loginscope/catalog.hpp"
#include "loginscope/engine.hpp"
#include "loginscope/http.hpp"
#include "loginscope/platform_pack.hpp"

namespace ls::cli {

namespace {
volatile std::sig_atomic_t g_stop = 0;
void on_signal(int) { g_stop = 1; }

// serve runs for days: its journal keeps the newest events only (GET /__admin/events returns them).
constexpr size_t kDefaultJournalLimit = 100000;

// serve's I/O threads and the developer server's workers (which come and go with calls) would each
// get a malloc arena of their own from glibc (up to 8 per core), each keeping the high-water mark of
// what it once held. The soak saw RSS climb by 30 MB per round to a plateau of 160 MB with the
// default, flat at 28 MB with one arena per core.
void limit_malloc_arenas() {
#ifdef __GLIBC__
    mallopt(M_ARENA_MAX, int(std::max(2u, std::thread::hardware_concurrency())));
#endif
}

struct ServeOptions {
    EngineConfig config;
    size_t journal_limit = kDefaultJournalLimit;
    std::string admin_token;  // required from every /__admin caller; set (random) when bound beyond loopback
    std::string backend;      // a backend profile whose apps the platforms answer for
    ServeOptions() { config.transport = TransportMode::Http; }
};

// Bound beyond loopback, anyone who reaches the port could read every AppSecret (/__admin/apps),
// reset the world or inject faults: say so, and lock the admin API with a token.
void lock_admin_api(ServeOptions& o) {
    const bool exposed = !is_loopback_bind(o.config.platform_bind);
    const bool generated = exposed && o.admin_token.empty();
    if (generated) o.admin_token = new_admin_token();
    if (exposed)
        std::cerr << "loginscope serve: WARNING: listening on " << o.config.platform_bind
                  << ", beyond this machine: the platform endpoints answer anyone who can reach the port;\n"
                  << "  /__admin/* needs the admin token (header Authorization: Bearer TOKEN)"
                  << (generated ? ": " + o.admin_token + " (generated; --admin-token sets your own)" : std::string(" given with --admin-token"))
                  << std::endl;
}

int serve(ServeOptions o) {
    lock_admin_api(o);
    const EngineConfig& cfg = o.config;
    const size_t journal_limit = o.journal_limit;
    limit_malloc_arenas();
    BackendProfile profile;
    if (!o.backend.empty()) {
        try {
            profile = load_backend_profile(o.backend);
        } catch (const ProfileError& e) {
            std::cerr << "loginscope serve: " << e.what() << "\n";
            return 2;
        }
    }
    Engine engine(cfg);
    engine.journal().set_capacity(journal_limit);
    register_profile_apps(engine, profile);
    Service admin = make_admin_service(engine);
    if (!o.admin_token.empty()) admin = require_admin_token(std::move(admin), o.admin_token);
    engine.set_admin_service(std::move(admin));
    // Alipay's demo RSA keys cost a few hundred ms: drawn beside the banner, not before it (cold start).
    std::thread prepare([&engine] { engine.prepare_packs(); });
    struct Join {
        std::thread& t;
        ~Join() { t.join(); }
    } join{prepare};
    if (engine.platform_port() <= 0) {
        std::cerr << "loginscope serve: cannot listen on " << cfg.platform_bind << ":" << cfg.platform_port << "\n";
        return 2;
    }
    // Handlers first: whoever reads the banner may stop us at once.
    std::signal(SIGINT, on_signal);
    std::signal(SIGTERM, on_signal);
    std::cout << "listening on http://" << url_host(cfg.platform_bind) << ":" << engine.platform_port() << std::endl;
    std::cout << "  GET  /sns/jscode2session?appid=" << cfg.app.appid << "&secret=…&js_code=…&grant_type=authorization_code\n"
              << "  GET  /cgi-bin/token, /wxa/checksession, /wxa/resetusersessionkey\n"
              << "  GET  /donut/code2verifyinfo (multi-terminal app " << cfg.app.donut.appid << ")\n"
              << "  GET  /sns/oauth2/access_token (mobile app " << cfg.app.open.appid << ")\n"
              << "  POST /oauth/jscode2sessionkey (form: code, client_id=" << cfg.app.baidu.app_key << ", sk)\n"
              << "  POST /univerify/getPhoneNumber {\"appid\":\"" << cfg.app.univerify.uni_appid
              << "\",\"provider\":\"univerify\",\"access_token\":…,\"openid\":…}\n";
    for (const PlatformPack& p : platform_packs())  // each pack's endpoints, with its app's id
        for (const PackEndpoint& ep : p.endpoints)
            std::cout << "  " << ep.method << std::string(5 - std::min<size_t>(4, std::string(ep.method).size()), ' ') << ep.path << " "
                      << ep.what << " (" << p.name << " " << pack_app(cfg.app, p).at(p.app_fields.front().id) << ")\n";
    std::cout << "  admin: GET /__admin/apps, POST /__admin/codes, POST /__admin/clock, GET /__admin/events, "
                 "POST /__admin/univerify/tokens, POST /__admin/reset, GET|POST|DELETE /__admin/faults" << std::endl;
    // Before the developer server's line, flushed: a reader stops at that line, and the flaws follow it.
    std::cout << "uniCloud cloud function on http://127.0.0.1:" << engine.cloud_function_port() << cloud_function_path()
              << " (GET ?access_token=…&openid=…&sign=hex HMAC-SHA256 of \"access_token=…&openid=…\" with the sign secret;"
                 " it calls POST /univerify/getPhoneNumber)" << std::endl;
    std::cout << "developer server on http://127.0.0.1:" << engine.dev_port()
              << " (POST /api/login {code}, GET /api/me, POST /api/profile …)";
    std::cout << "\njournal: the newest " << (journal_limit ? std::to_string(journal_limit) : std::string("(all)"))
              << " events";
    for (Flaw f : cfg.app.flaws) std::cout << "\n  FLAW " << to_string(f) << ": " << flaw_info(f).title;
    for (const ProfileApp& a : profile.apps) std::cout << "\n  app of " << profile.name << ": " << a.platform << " " << a.appid;
    std::cout << std::endl;
    while (!g_stop) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    return 0;
}

// The limits and deadlines a hostile client meets, from the values the server enforces.
std::string serve_footer() {
    const HttpDeadlines d;
    auto kib = [](size_t n) { return std::to_string(n / 1024) + " KiB"; };
    auto secs = [](std::chrono::milliseconds ms) { return std::to_string(ms.count() / 1000) + " s"; };
    return "Runs until SIGINT or SIGTERM; the first line is \"listening on http://ADDR:PORT\".\n"
           "Bind: 127.0.0.1 by default. Bound beyond loopback, serve warns on stderr and every /__admin call needs the\n"
           "  admin token (Authorization: Bearer TOKEN or X-Admin-Token: TOKEN; --admin-token, else a random one, printed\n"
           "  once); anyone else gets 401. The platform endpoints answer anyone who reaches the port.\n"
           "Limits (over one: refused in the endpoint's error shape, the connection closed, before the memory is spent):\n"
           "  request line " + std::to_string(HttpLimits::kRequestLine) + " bytes (414), head " + kib(HttpLimits::kHead) +
           " (431), body " + kib(HttpLimits::kBody) + ", " + kib(HttpLimits::kPlatformBody) +
           " to a platform endpoint, form body " + std::to_string(HttpLimits::kFormBody) + " bytes (413);\n"
           "  Content-Length with Transfer-Encoding, two Content-Lengths, one not a decimal number, a transfer coding other\n"
           "  than chunked, HTTP/1.1 without Host: 400 (501 for gzip, chunked); " + std::to_string(HttpLimits::kBodiesInFlight >> 20) +
           " MiB of request bodies in flight (503).\n"
           "Deadlines: a request's head within " + secs(d.head) + " of its first byte, its body within " + secs(d.body) +
           " + 1 s per " + kib(size_t(d.body_min_rate)) + ",\n"
           "  a reply taken within " + secs(d.write) + "; an idle keep-alive connection closes after " + secs(d.idle) +
           ", and the idle ones first when\n"
           "  connections near the open-file limit (raised to its hard limit at start).\n"
           "Journal: the newest --journal-limit events, at most 8 KiB of any body; GET /__admin/events streams it\n"
           "  (?since=SEQ&limit=N pages).";
}

}  // namespace

Action add_serve(CLI::App& app) {
    auto o = std::make_shared<ServeOptions>();
    CLI::App* cmd = app.add_subcommand("serve", "the platform endpoints, the /__admin API and the developer server");
    cmd->footer(serve_footer());
    cmd->add_option("--port", o->config.platform_port, "the platform's port, 0..65535 (0: any free port, announced)")
        ->type_name("N")
        ->check(whole_number(0, 65535))
        ->capture_default_str();
    cmd->add_option("--bind", o->config.platform_bind,
                    "the address to listen on; beyond loopback (0.0.0.0, ::, a LAN address) serve warns and the admin API "
                    "needs a token")
        ->type_name("ADDR")
        ->capture_default_str();
    cmd->add_option("--admin-token", o->admin_token,
                    "require this token from every /__admin caller (Authorization: Bearer TOKEN); bound beyond loopback "
                    "without it, a random one is printed")
        ->type_name("TOKEN")
        ->check([](const std::string& t) { return t.size() >= 16 ? std::string() : std::string("at least 16 characters"); });
    add_flaw_option(*cmd, o->config.app.flaws);
    cmd->add_option("--backend", o->backend,
                    "a backend profile: the platforms answer for its apps too (Baidu and the Open Platform for its app alone)")
        ->type_name("PROFILE");
    cmd->add_option("--journal-limit", o->journal_limit, "keep the newest N events (0: all)")
        ->type_name("N")
        ->check(whole_number(0, 999999999))
        ->capture_default_str();
    return [o] { return serve(*o); };
}

Action add_catalog(CLI::App& app) {
    CLI::App* cmd = app.add_subcommand("catalog", "every platform's error catalog and our assumptions");
    cmd->add_flag("--json", "print it as JSON (the only format)")->required();
    return [] {
        std::cout << catalog_json() << "\n";
        return 0;
    };
}

}  // namespace ls::cli
