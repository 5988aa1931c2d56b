#pragma once
// GUI idle CPU in a real window: the `loginscope` GUI process left alone, and again after a click,
// against a bare GLFW window with the same wait loop (frame_pacing.hpp), both on a private Xvfb.
#include <string>

#include "bench_audit.hpp"
#include "bench_gui.hpp"

namespace ls::bench {

struct IdleOptions {
    double seconds = 10;     // measured per figure
    std::string loginscope;  // the GUI to measure
    std::string self;        // this program, started with kIdleReferenceFlag for the reference
    std::string backend_script;  // tests/backends/shop_backend.py: the GUI measured again with it attached
};

// The flag that makes this program the reference: a bare window with the GUI's wait loop.
constexpr const char* kIdleReferenceFlag = "--idle-reference-window";

void idle_figures(const IdleOptions& opt, Line line);
// The reference window's main (until it is closed or killed); exit 1 when it cannot open.
int run_idle_reference_window();

}  // namespace ls::bench
