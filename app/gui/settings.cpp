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
    s.width = std::max(640, j.value("width", s.width));
    s.height = std::max(480, j.value("height", s.height));
    s.speed = j.value("speed", s.speed);
    return s;
}

void save_settings(const GuiSettings& s) {
    const std::string path = settings_path();
    if (path.empty()) return;
    const nlohmann::json j = {{"width", s.width}, {"height", s.height}, {"speed", s.speed}};
    try {
        write_file_atomically(path, j.dump(2) + "\n");
    } catch (const std::exception& e) {
        std::fprintf(stderr, "cannot save settings: %s\n", e.what());
    }
}

}  // namespace ls::gui
