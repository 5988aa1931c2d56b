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
#include "loginscope/catalog.hpp"
#include "loginscope/engine.hpp"

namespace ls::cli {

namespace {
volatile std::sig_atomic_t g_stop = 0;
void on_signal(int) { g_stop = 1; }

// serve runs for days: its journal keeps the newest events only (GET /__admin/events returns them).
constexpr size_t kDefaultJournalLimit = 100000;

// serve answers each connection on a thread of its own, and threads come and go with connections;
// glibc gives new threads new malloc arenas (up to 8 per core), each keeping the high-water mark of
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
    ServeOptions() { config.transport = TransportMode::Http; }
};

int serve(const ServeOptions& o) {
    const EngineConfig& cfg = o.config;
    const size_t journal_limit = o.journal_limit;
    limit_malloc_arenas();
    Engine engine(cfg);
    engine.journal().set_capacity(journal_limit);
    engine.set_admin_service(make_admin_service(engine));
    if (engine.platform_port() <= 0) {
        std::cerr << "loginscope serve: cannot listen on " << cfg.platform_bind << ":" << cfg.platform_port << "\n";
        return 2;
    }
    // Handlers first: whoever reads the banner may stop us at once.
    std::signal(SIGINT, on_signal);
    std::signal(SIGTERM, on_signal);
    std::cout << "listening on http://" << cfg.platform_bind << ":" << engine.platform_port() << std::endl;
    std::cout << "  GET  /sns/jscode2session?appid=" << cfg.app.appid << "&secret=…&js_code=…&grant_type=authorization_code\n"
              << "  GET  /cgi-bin/token, /wxa/checksession, /wxa/resetusersessionkey\n"
              << "  GET  /donut/code2verifyinfo (multi-terminal app " << cfg.app.donut.appid << ")\n"
              << "  GET  /sns/oauth2/access_token (mobile app " << cfg.app.open.appid << ")\n"
              << "  POST /oauth/jscode2sessionkey (form: code, client_id=" << cfg.app.baidu.app_key << ", sk)\n"
              << "  POST /univerify/getPhoneNumber {\"appid\":\"" << cfg.app.univerify.uni_appid
              << "\",\"provider\":\"univerify\",\"access_token\":…,\"openid\":…}\n"
              << "  admin: GET /__admin/apps, POST /__admin/codes, POST /__admin/clock, GET /__admin/events, "
                 "POST /__admin/univerify/tokens, POST /__admin/reset, GET|POST|DELETE /__admin/faults" << std::endl;
    std::cout << "developer server on http://127.0.0.1:" << engine.dev_port()
              << " (POST /api/login {code}, GET /api/me, POST /api/profile …)";
    std::cout << "\njournal: the newest " << (journal_limit ? std::to_string(journal_limit) : std::string("(all)"))
              << " events";
    for (Flaw f : cfg.app.flaws) std::cout << "\n  FLAW " << to_string(f) << ": " << flaw_info(f).title;
    std::cout << std::endl;
    while (!g_stop) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    return 0;
}

}  // namespace

Action add_serve(CLI::App& app) {
    auto o = std::make_shared<ServeOptions>();
    CLI::App* cmd = app.add_subcommand("serve", "the platform endpoints, the /__admin API and the developer server");
    cmd->footer("Runs until SIGINT or SIGTERM; the first line is \"listening on http://ADDR:PORT\".");
    cmd->add_option("--port", o->config.platform_port, "the platform's port, 0..65535 (0: any free port, announced)")
        ->type_name("N")
        ->check(whole_number(0, 65535))
        ->capture_default_str();
    cmd->add_option("--bind", o->config.platform_bind, "the address to listen on")->type_name("ADDR")->capture_default_str();
    add_flaw_option(*cmd, o->config.app.flaws);
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
