#pragma once
// Helpers for the record / replay / export tests: comparing journals event for event, waiting for a
// replay, temp directories.
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "harness.hpp"
#include "screenshot.hpp"

#include "loginscope/scenario.hpp"

namespace ls::gui::test {

inline std::string describe(const Event& e) {
    std::ostringstream o;
    o << e.t_ms << " " << to_string(e.actor) << "->" << (e.to ? to_string(*e.to) : "-") << " " << to_string(e.hop) << " " << e.kind
      << " flow " << e.flow << ": " << e.text;
    return o.str();
}

// The same journal, event for event: time, actors, hop, kind, text and flow.
inline void require_same_journal(const std::vector<Event>& gui, const std::vector<Event>& headless) {
    const size_t n = std::min(gui.size(), headless.size());
    for (size_t i = 0; i < n; ++i) {
        INFO("event " << i);
        REQUIRE(describe(gui[i]) == describe(headless[i]));
    }
    REQUIRE(gui.size() == headless.size());
}

// Draws frames until the opened scenario has run to its end (Run all) or `seconds` pass.
inline bool wait_replay(Headless& h, AppState& s, double seconds = 30) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    while (std::chrono::steady_clock::now() < until) {
        h.frame(s);
        if (s.replay.finished() && !s.in_flight()) {
            h.frames(s, 2);
            return true;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return false;
}

// A fresh directory under the system temp directory, removed with the object.
struct TempDir {
    std::string path;
    explicit TempDir(const std::string& name) : path(temp_path(name, "")) {
        std::filesystem::remove_all(path);
        std::filesystem::create_directories(path);
    }
    ~TempDir() { std::filesystem::remove_all(path); }
    std::string operator/(const std::string& leaf) const { return path + "/" + leaf; }
};

inline std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

}  // namespace ls::gui::test
