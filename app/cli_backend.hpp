#pragma once
// `run` and `explore` against a team's own backend (issue 16): --backend PROFILE, --platform-port N
// and --hang-ms MS, read the same way by both, and what they must settle before anything runs.
#include <optional>
#include <string>
#include <vector>

#include <CLI/App.hpp>

#include "loginscope/backend.hpp"

namespace ls::cli {

struct BackendOptions {
    std::string profile_file;  // "" = the built-in developer server
    int platform_port = 0;     // 0: a free port, chosen once and announced
    int hang_ms = 2000;        // real time a hung platform exchange is held (each hang costs it)
};

void add_backend_options(CLI::App& command, BackendOptions& o);

// The profile read, the port settled and announced ("platform on http://127.0.0.1:PORT"), and the
// login URL of each of `flows` checked for a listener. nullopt after a message on stderr (exit 2).
struct BackendTarget {
    BackendProfile profile;
    int platform_port = 0;
    int hang_ms = 0;
    EngineConfig config_for(const EngineConfig& cfg) const {
        return backend_engine_config(cfg, profile, platform_port, hang_ms);
    }
};
std::optional<BackendTarget> open_backend(const BackendOptions& o, const std::vector<Flow>& flows, const char* command);

}  // namespace ls::cli
