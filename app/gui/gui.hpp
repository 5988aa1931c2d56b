#pragma once
// LoginScope's desktop front end (Dear ImGui 1.86 on GLFW + OpenGL 3). The CLI calls these.
#include <optional>
#include <string>
#include <vector>

#include "loginscope/scenario.hpp"
#include "prefs.hpp"

namespace ls::gui {

struct GuiOptions {
    std::optional<std::string> scenario;  // load and play this scenario file before showing the window
    // `loginscope --backend PROFILE`: the window opens with a team's backend attached (Setup ▸ Developer
    // server), the platform on `platform_port` (0: the one last used, else a free one).
    std::optional<std::string> backend;
    int platform_port = 0;
    int hang_ms = 2000;
};

struct ScreenshotOptions {
    std::string out;                      // PNG path
    std::optional<std::string> scenario;  // played on the GUI's engine before the capture
    int width = 1280;
    int height = 720;
    std::string tab = "timeline";         // the bottom tab to show: timeline | sequence | console | faults | scenario
    // A directory: instead of one PNG, the Markdown walkthrough of `scenario` (walkthrough.md and
    // PNGs of the phone and the sequence diagram after every step).
    std::optional<std::string> walkthrough;
    bool record = false;                  // a recording started (the Scenario tab's REC state)
    std::optional<std::string> replay;    // opened in the Scenario tab, `replay_steps` of it run
    int replay_steps = 1000;
    std::optional<Lang> lang;             // else English
    std::optional<Theme> theme;           // else light
    float ui_scale = 1.0f;
    bool phone_gloss = false;             // English under the phone's Chinese
    // Presenter mode on `replay` (else the flow's first demo), advanced `beats` beats (-1: to the end).
    bool presenter = false;
    int beats = -1;
    // A team's backend attached before `scenario` plays (its login answered by the backend).
    std::optional<std::string> backend;
    int platform_port = 0;
};

// One scenario's walkthrough, for the index of `loginscope run --markdown`.
struct WalkthroughSummary {
    std::string name, file;
    std::string dir;  // where its walkthrough.md is
    bool passed = false;
    size_t steps = 0;
    size_t failed_steps = 0;
    std::string error;  // why it could not be written ("" when it was)
};
constexpr int kWalkthroughWidth = 1280;
constexpr int kWalkthroughHeight = 1200;

// The interactive window. Without an X display: prints how to run headless and returns 2.
int run_gui(const GuiOptions& opt);
// Renders the real window (re-executing itself under `xvfb-run -a` when there is no display),
// writes the back buffer as a PNG. 0 on success, 1 on a rendering/scenario error, 2 when no
// display can be had.
int run_screenshot(const ScreenshotOptions& opt);
// Renders the walkthrough of each scenario into dirs[i] (created): walkthrough.md, and
// step-NN-phone.png and step-NN-sequence.png after each step, each step played as `loginscope run`
// plays it. Needs a display (has_display()); 0 when every walkthrough was written, 1 otherwise.
int write_walkthroughs(const std::vector<Scenario>& scenarios, const std::vector<std::string>& dirs,
                       std::vector<WalkthroughSummary>* summaries = nullptr);
// index.md of `run --markdown`: one row per scenario, linking its walkthrough (paths relative to `base`).
std::string walkthrough_index(const std::vector<WalkthroughSummary>& all, const std::string& base);

bool has_display();
// Runs this program again with `args` under `xvfb-run -a` on a screen of at least width×height;
// its exit status, or 2 (with the reason on stderr) when that cannot be done.
int rerun_under_xvfb(const std::vector<std::string>& args, int width, int height);

// Milliseconds from nothing to the first finished frame in a real window (benchmark); nullopt
// without a display. `bare`: a window and an empty ImGui frame only.
std::optional<double> time_to_first_frame_ms(bool bare);

}  // namespace ls::gui
