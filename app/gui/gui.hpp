#pragma once
// LoginScope's desktop front end (Dear ImGui 1.86 on GLFW + OpenGL 3). The CLI calls these.
#include <optional>
#include <string>

namespace ls::gui {

struct GuiOptions {
    std::optional<std::string> scenario;  // load and play this scenario file before showing the window
};

struct ScreenshotOptions {
    std::string out;                      // PNG path
    std::optional<std::string> scenario;  // played on the GUI's engine before the capture
    int width = 1280;
    int height = 720;
    std::string tab = "timeline";         // the bottom tab to show: timeline | sequence | console | faults
};

// The interactive window. Without an X display: prints how to run headless and returns 2.
int run_gui(const GuiOptions& opt);
// Renders the real window (re-executing itself under `xvfb-run -a` when there is no display),
// writes the back buffer as a PNG. 0 on success, 1 on a rendering/scenario error, 2 when no
// display can be had.
int run_screenshot(const ScreenshotOptions& opt);
// Milliseconds from nothing to the first finished frame in a real window (benchmark); nullopt
// without a display. `bare`: a window and an empty ImGui frame only.
std::optional<double> time_to_first_frame_ms(bool bare);

}  // namespace ls::gui
