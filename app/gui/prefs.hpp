#pragma once
// The viewer's preferences: language, theme, UI scale and the presenter's pace. Changed from the
// menu bar, applied live, remembered in settings.json (settings.hpp).
#include <string>

#include "loginscope/lang.hpp"

namespace ls::gui {

enum class Theme { Light, Dark };
const char* to_string(Theme t);                           // "light" | "dark"
bool theme_from_string(const std::string& s, Theme& out);  // false for anything else

constexpr float kMinUiScale = 0.75f, kMaxUiScale = 3.0f;
constexpr float kMinPace = 1.0f, kMaxPace = 20.0f;  // seconds per presenter beat

struct Preferences {
    Lang lang = Lang::En;
    Theme theme = Theme::Light;
    float ui_scale = 1.0f;  // on top of the screen's own scale (high-DPI)
    float pace_s = 4.0f;    // presenter auto-play: seconds per beat
    bool phone_gloss = false;  // English under the phone's Chinese (the dialogs themselves stay Chinese)
    bool operator==(const Preferences& o) const {
        return lang == o.lang && theme == o.theme && ui_scale == o.ui_scale && pace_s == o.pace_s &&
               phone_gloss == o.phone_gloss;
    }
    bool operator!=(const Preferences& o) const { return !(*this == o); }
};

}  // namespace ls::gui
