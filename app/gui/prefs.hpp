#pragma once
// The viewer's preferences: language, theme, UI scale, the presenter's pace and the panes' sizes. Changed from the
// menu bar, applied live, remembered in settings.json (settings.hpp).
#include <string>

#include "loginscope/lang.hpp"

namespace ls::gui {

enum class Theme { Light, Dark };
const char* to_string(Theme t);                           // "light" | "dark"
bool theme_from_string(const std::string& s, Theme& out);  // false for anything else

constexpr float kMinUiScale = 0.75f, kMaxUiScale = 3.0f;
constexpr float kMinPace = 1.0f, kMaxPace = 20.0f;  // seconds per presenter beat

// Where the user put the splitters, as fractions of the window (0: the default layout).
struct PaneSizes {
    float setup_w = 0;   // the left pane's width
    float phone_w = 0;   // the phone's width
    float bottom_h = 0;  // the bottom tabs' height
    bool operator==(const PaneSizes& o) const { return setup_w == o.setup_w && phone_w == o.phone_w && bottom_h == o.bottom_h; }
    bool operator!=(const PaneSizes& o) const { return !(*this == o); }
};

struct Preferences {
    Lang lang = Lang::En;
    Theme theme = Theme::Light;
    float ui_scale = 1.0f;  // on top of the screen's own scale (high-DPI)
    float pace_s = 4.0f;    // presenter auto-play: seconds per beat
    bool phone_gloss = false;  // English under the phone's Chinese (the dialogs themselves stay Chinese)
    PaneSizes panes;
    bool operator==(const Preferences& o) const {
        return lang == o.lang && theme == o.theme && ui_scale == o.ui_scale && pace_s == o.pace_s &&
               phone_gloss == o.phone_gloss && panes == o.panes;
    }
    bool operator!=(const Preferences& o) const { return !(*this == o); }
};

}  // namespace ls::gui
