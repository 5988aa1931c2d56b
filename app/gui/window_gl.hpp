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

}  // namespace ls::gui
