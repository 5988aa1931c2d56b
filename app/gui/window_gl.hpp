#pragma once
// The GLFW + OpenGL 3 pieces the window, the screenshot and the walkthrough renderer share.
#include <string>
#include <vector>

#include "gui.hpp"

struct GLFWwindow;

namespace ls::gui {

// A window with a current OpenGL 3 context; nullptr when none can be had. An invisible one still
// renders (into a framebuffer object).
GLFWwindow* open_window(int width, int height, bool resizable, bool visible = true);
// An ImGui context with LoginScope's theme and fonts and the GLFW / OpenGL 3 backends.
void init_imgui(GLFWwindow* w, const char* ini_path);
void close_window(GLFWwindow* w);

class AppState;
// One frame of the whole window: the fonts kept at the UI scale, the GUI drawn and rendered (not swapped).
void draw_one_frame(GLFWwindow* w, AppState& state);
// The back buffer as a PNG at `out` (opaque); false, and a line on stderr, when it cannot be written.
bool write_back_buffer_png(GLFWwindow* w, const std::string& out);
// From now on every frame sees no mouse: screenshots show no hover from wherever the X cursor is.
void hide_mouse_each_frame();

}  // namespace ls::gui
