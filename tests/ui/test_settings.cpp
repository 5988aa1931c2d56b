// Settings and the ImGui layout file live in the user's config directory, never the working one.
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <unistd.h>

#include <catch2/catch.hpp>

#include "gui/settings.hpp"

namespace fs = std::filesystem;
using namespace ls::gui;

namespace {
struct ScopedEnv {
    std::string name, old;
    bool had;
    ScopedEnv(const char* n, const std::string& value) : name(n) {
        const char* v = std::getenv(n);
        had = v != nullptr;
        if (had) old = v;
        setenv(n, value.c_str(), 1);
    }
    ~ScopedEnv() {
        if (had)
            setenv(name.c_str(), old.c_str(), 1);
        else
            unsetenv(name.c_str());
    }
};
}  // namespace

TEST_CASE("settings are saved under XDG_CONFIG_HOME/loginscope and read back") {
    const fs::path root = fs::temp_directory_path() / ("loginscope-xdg-" + std::to_string(getpid()));
    fs::remove_all(root);
    ScopedEnv xdg("XDG_CONFIG_HOME", root.string());
    CHECK(fs::path(config_dir()) == root / "loginscope");
    CHECK(fs::path(imgui_ini_path()) == root / "loginscope" / "imgui.ini");
    GuiSettings s;
    s.width = 1600;
    s.height = 1000;
    s.speed = 10;
    save_settings(s);
    CHECK(fs::exists(root / "loginscope" / "settings.json"));
    CHECK_FALSE(fs::exists(fs::current_path() / "settings.json"));
    const GuiSettings back = load_settings();
    CHECK(back.width == 1600);
    CHECK(back.height == 1000);
    CHECK(back.speed == 10);
    fs::remove_all(root);
}

TEST_CASE("settings fall back to HOME/.config and to defaults on a broken file") {
    const fs::path home = fs::temp_directory_path() / ("loginscope-home-" + std::to_string(getpid()));
    fs::remove_all(home);
    ScopedEnv xdg("XDG_CONFIG_HOME", "");
    ScopedEnv h("HOME", home.string());
    CHECK(fs::path(config_dir()) == home / ".config" / "loginscope");
    std::ofstream(home / ".config" / "loginscope" / "settings.json") << "{not json";
    const GuiSettings s = load_settings();
    CHECK(s.width == GuiSettings{}.width);
    fs::remove_all(home);
}
