#include <algorithm>
#include <csignal>
#include <cstdlib>
#include <iostream>
#include <thread>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "cli.hpp"
#include "loginscope/admin_api.hpp"
#include "loginscope/catalog.hpp"
#include "loginscope/engine.hpp"

namespace ls::cli {

namespace {
volatile std::sig_atomic_t g_stop = 0;
void on_signal(int) { g_stop = 1; }
}  // namespace

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

int serve(const Args& args) {
    EngineConfig cfg;
    size_t journal_limit = kDefaultJournalLimit;
    cfg.transport = TransportMode::Http;
    for (size_t i = 0; i < args.size(); ++i) {
        if ((args[i] == "--port" || args[i] == "--bind") && i + 1 < args.size()) {
            const std::string v = args[++i];
            if (args[i - 1] == "--bind") {
                cfg.platform_bind = v;
                continue;
            }
            try {
                cfg.platform_port = std::stoi(v);
            } catch (...) {
                cfg.platform_port = -1;
            }
            if (cfg.platform_port < 0 || cfg.platform_port > 65535) {
                std::cerr << "loginscope serve: --port must be 0..65535\n";
                return 2;
            }
        } else if (args[i] == "--journal-limit" && i + 1 < args.size()) {
            const std::string v = args[++i];
            const bool digits = !v.empty() && v.size() <= 9 && v.find_first_not_of("0123456789") == std::string::npos;
            if (!digits) {
                std::cerr << "loginscope serve: --journal-limit must be a number of events (0 = unbounded)\n";
                return 2;
            }
            journal_limit = std::stoul(v);
        } else if (args[i] == "--flaw" && i + 1 < args.size()) {
            const auto flaw = flaw_from_string(args[++i]);
            if (!flaw) {
                std::cerr << "loginscope serve: unknown flaw \"" << args[i] << "\" (one of";
                for (auto& f : flaw_catalog()) std::cerr << " " << f.id;
                std::cerr << ")\n";
                return 2;
            }
            cfg.app.flaws.insert(*flaw);
        } else {
            std::cerr << "loginscope serve: unknown argument " << args[i] << "\n";
            return 2;
        }
    }
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

int catalog(const Args& args) {
    if (args.size() != 1 || args[0] != "--json") {
        std::cerr << "usage: loginscope catalog --json\n";
        return 2;
    }
    std::cout << catalog_json() << "\n";
    return 0;
}

}  // namespace ls::cli
