// --backend for `run` and `explore` (cli_backend.hpp).
#include "cli_backend.hpp"

#include <iostream>

#include "cli_options.hpp"

namespace ls::cli {

void add_backend_options(CLI::App& command, BackendOptions& o) {
    command.add_option("--backend", o.profile_file,
                       "a team's own backend in place of the built-in developer server (a backend profile, "
                       "assets/backend.schema.json)")
        ->type_name("PROFILE");
    command.add_option("--platform-port", o.platform_port, "with --backend: the platform's port (0: a free one, announced)")
        ->type_name("N")
        ->check(whole_number(0, 65535))
        ->capture_default_str();
    command.add_option("--hang-ms", o.hang_ms, "with --backend: real time the platform holds a hung exchange before it drops it")
        ->type_name("MS")
        ->check(whole_number(100, 60000))
        ->capture_default_str();
}

std::optional<BackendTarget> open_backend(const BackendOptions& o, const std::vector<Flow>& flows, const char* command) {
    BackendTarget t;
    try {
        t.profile = load_backend_profile(o.profile_file);
        for (Flow f : flows)
            if (const std::string why = backend_unreachable(t.profile.flow(f).login); !why.empty())
                throw ProfileError("the backend cannot be reached: " + why);
    } catch (const ProfileError& e) {
        std::cerr << "loginscope " << command << ": " << e.what() << "\n";
        return std::nullopt;
    }
    t.platform_port = o.platform_port ? o.platform_port : free_loopback_port();
    t.hang_ms = o.hang_ms;
    if (!flows.empty() && Engine(t.config_for([&] {
                            EngineConfig c;
                            c.flow = flows[0];
                            return c;
                        }())).platform_port() <= 0) {
        std::cerr << "loginscope " << command << ": the platform cannot listen on port " << t.platform_port << "\n";
        return std::nullopt;
    }
    std::cout << "platform on http://127.0.0.1:" << t.platform_port << std::endl;
    return t;
}

}  // namespace ls::cli
