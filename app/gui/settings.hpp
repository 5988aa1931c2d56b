#pragma once
// What the window remembers between runs. Lives in $XDG_CONFIG_HOME/loginscope/ (or
// ~/.config/loginscope/), never in the working directory; written atomically.
#include <string>

#include "prefs.hpp"

namespace ls::gui {

struct GuiSettings {
    int width = 1440;
    int height = 900;
    double speed = 1.0;
    Preferences prefs;
};

// The directory, created if missing; empty when neither XDG_CONFIG_HOME nor HOME is set.
std::string config_dir();
std::string imgui_ini_path();  // for io.IniFilename; empty when there is no config directory
GuiSettings load_settings();    // defaults for what is missing, unreadable or out of range
void save_settings(const GuiSettings& s);

}  // namespace ls::gui
