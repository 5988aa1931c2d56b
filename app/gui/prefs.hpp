#pragma once
// The viewer's preferences: language, theme, UI scale, the presenter's pace, the panes' sizes and the recent
// files. Changed from the menu bar and the Scenario tab, applied live, remembered in settings.json (settings.hpp).
#include <algorithm>
#include <string>
#include <vector>

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

// The scenarios opened or saved and the export folders used, newest first, as absolute paths.
struct RecentFiles {
    static constexpr size_t kMax = 8;
    std::vector<std::string> scenarios;
    std::vector<std::string> export_dirs;
    std::vector<std::string> backend_profiles;  // Setup ▸ Developer server
    bool operator==(const RecentFiles& o) const {
        return scenarios == o.scenarios && export_dirs == o.export_dirs && backend_profiles == o.backend_profiles;
    }
};
// `path` first in `list`, once, and at most RecentFiles::kMax entries.
inline void remember(std::vector<std::string>& list, const std::string& path) {
    if (path.empty()) return;
    list.erase(std::remove(list.begin(), list.end(), path), list.end());
    list.insert(list.begin(), path);
    if (list.size() > RecentFiles::kMax) list.resize(RecentFiles::kMax);
}

struct Preferences {
    Lang lang = Lang::En;
    Theme theme = Theme::Light;
    float ui_scale = 1.0f;  // on top of the screen's own scale (high-DPI)
    float pace_s = 4.0f;    // presenter auto-play: seconds per beat
    bool phone_gloss = false;  // English under the phone's Chinese (the dialogs themselves stay Chinese)
    PaneSizes panes;
    RecentFiles recent;
    // The platform's port a backend was last attached with (0: none yet): the backend is configured
    // with it, so the next attach keeps it.
    int platform_port = 0;
    bool operator==(const Preferences& o) const {
        return lang == o.lang && theme == o.theme && ui_scale == o.ui_scale && pace_s == o.pace_s &&
               phone_gloss == o.phone_gloss && panes == o.panes && recent == o.recent && platform_port == o.platform_port;
    }
    bool operator!=(const Preferences& o) const { return !(*this == o); }
};

}  // namespace ls::gui
