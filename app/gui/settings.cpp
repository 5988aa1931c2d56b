#include "settings.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "loginscope/scenario.hpp"

namespace ls::gui {

namespace fs = std::filesystem;

std::string config_dir() {
    fs::path base;
    if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg)
        base = xdg;
    else if (const char* home = std::getenv("HOME"); home && *home)
        base = fs::path(home) / ".config";
    else
        return {};
    const fs::path dir = base / "loginscope";
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) return {};
    return dir.string();
}

std::string imgui_ini_path() {
    const std::string dir = config_dir();
    return dir.empty() ? std::string() : (fs::path(dir) / "imgui.ini").string();
}

namespace {
std::string settings_path() {
    const std::string dir = config_dir();
    return dir.empty() ? std::string() : (fs::path(dir) / "settings.json").string();
}
}  // namespace

namespace {
template <class T>
T number_or(const nlohmann::json& j, const char* key, T fallback) {
    const auto it = j.find(key);
    return it != j.end() && it->is_number() ? it->get<T>() : fallback;
}

// Each field on its own: a bad one keeps its default and the rest still apply.
void read_prefs(const nlohmann::json& j, Preferences& p) {
    if (auto l = j.find("language"); l != j.end() && l->is_string())
        if (auto lang = lang_from_string(l->get<std::string>())) p.lang = *lang;
    if (auto t = j.find("theme"); t != j.end() && t->is_string()) theme_from_string(t->get<std::string>(), p.theme);
    if (auto u = j.find("ui_scale"); u != j.end() && u->is_number())
        p.ui_scale = std::clamp(u->get<float>(), kMinUiScale, kMaxUiScale);
    if (auto a = j.find("presenter_pace_s"); a != j.end() && a->is_number())
        p.pace_s = std::clamp(a->get<float>(), kMinPace, kMaxPace);
    if (auto g = j.find("phone_gloss"); g != j.end() && g->is_boolean()) p.phone_gloss = g->get<bool>();
    if (auto panes = j.find("panes"); panes != j.end() && panes->is_object()) {
        auto fraction = [&](const char* key, float& out) {
            if (auto f = panes->find(key); f != panes->end() && f->is_number()) out = std::clamp(f->get<float>(), 0.0f, 0.9f);
        };
        fraction("setup_w", p.panes.setup_w);
        fraction("phone_w", p.panes.phone_w);
        fraction("bottom_h", p.panes.bottom_h);
    }
    if (auto recent = j.find("recent"); recent != j.end() && recent->is_object()) {
        auto paths = [&](const char* key, std::vector<std::string>& out) {
            const auto list = recent->find(key);
            if (list == recent->end() || !list->is_array()) return;
            // Oldest first, so each remember() puts the newer path before it; duplicates and more than
            // kMax collapse as they would have when remembered.
            for (auto it = list->rbegin(); it != list->rend(); ++it)
                if (it->is_string() && fs::path(it->get<std::string>()).is_absolute()) remember(out, it->get<std::string>());
        };
        paths("scenarios", p.recent.scenarios);
        paths("export_dirs", p.recent.export_dirs);
        paths("backend_profiles", p.recent.backend_profiles);
    }
    if (auto port = j.find("platform_port"); port != j.end() && port->is_number_integer()) {
        const int64_t n = port->get<int64_t>();
        p.platform_port = n >= 1024 && n <= 65535 ? int(n) : 0;
    }
}
}  // namespace

GuiSettings load_settings() {
    GuiSettings s;
    const std::string path = settings_path();
    std::ifstream in(path);
    if (path.empty() || !in) return s;
    std::stringstream text;
    text << in.rdbuf();
    const auto j = nlohmann::json::parse(text.str(), nullptr, false);
    if (!j.is_object()) {
        std::fprintf(stderr, "%s: not a JSON object, using defaults\n", path.c_str());
        return s;
    }
    s.width = std::max(640, number_or(j, "width", s.width));
    s.height = std::max(480, number_or(j, "height", s.height));
    s.speed = number_or(j, "speed", s.speed);
    read_prefs(j, s.prefs);
    return s;
}

void save_settings(const GuiSettings& s) {
    const std::string path = settings_path();
    if (path.empty()) return;
    const nlohmann::json j = {{"width", s.width},
                              {"height", s.height},
                              {"speed", s.speed},
                              {"language", to_string(s.prefs.lang)},
                              {"theme", to_string(s.prefs.theme)},
                              {"ui_scale", s.prefs.ui_scale},
                              {"presenter_pace_s", s.prefs.pace_s},
                              {"phone_gloss", s.prefs.phone_gloss},
                              {"panes", {{"setup_w", s.prefs.panes.setup_w},
                                         {"phone_w", s.prefs.panes.phone_w},
                                         {"bottom_h", s.prefs.panes.bottom_h}}},
                              {"recent", {{"scenarios", s.prefs.recent.scenarios},
                                          {"export_dirs", s.prefs.recent.export_dirs},
                                          {"backend_profiles", s.prefs.recent.backend_profiles}}},
                              {"platform_port", s.prefs.platform_port}};
    try {
        write_file_atomically(path, j.dump(2) + "\n");
    } catch (const std::exception& e) {
        std::fprintf(stderr, "cannot save settings: %s\n", e.what());
    }
}

}  // namespace ls::gui
