#pragma once
// Fonts and colours of the window (shared by the real window and the tests).
#include "imgui.h"
#include "prefs.hpp"

namespace ls::gui {

// Resets `style` to the theme's colours and sizes, then scales every size by `scale` (the UI
// scale; fonts are scaled separately, by building them at that size).
void apply_theme(ImGuiStyle& style, Theme theme = Theme::Light, float scale = 1.0f);
// Loads the UI font (with CJK glyphs), the phone's font and a monospace font into io.Fonts, found
// through fontconfig. Returns false (and prints how to fix it) when no CJK font is installed; the
// default font is used then. Call before the atlas is built.
bool load_fonts(ImGuiIO& io, float scale = 1.0f);

}  // namespace ls::gui
