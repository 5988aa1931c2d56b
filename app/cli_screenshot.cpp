#include <cstdio>
#include <cstdlib>
#include <iostream>

#include "cli.hpp"
#include "gui/app_state.hpp"
#include "gui/gui.hpp"

namespace ls::cli {

int screenshot(const Args& args) {
    gui::ScreenshotOptions o;
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "--record") {
            o.record = true;
            continue;
        }
        if (a == "--presenter") {
            o.presenter = true;
            continue;
        }
        if (a == "--phone-gloss") {
            o.phone_gloss = true;
            continue;
        }
        if (i + 1 >= args.size()) {
            std::cerr << "loginscope screenshot: " << a << " needs a value\n";
            return 2;
        }
        const std::string v = args[++i];
        if (a == "--out") o.out = v;
        else if (a == "--scenario") o.scenario = v;
        else if (a == "--walkthrough") o.walkthrough = v;
        else if (a == "--replay") o.replay = v;
        else if (a == "--replay-steps") o.replay_steps = std::atoi(v.c_str());
        else if (a == "--beats") o.beats = std::atoi(v.c_str());
        else if (a == "--lang") {
            if (!(o.lang = lang_from_string(v))) {
                std::cerr << "loginscope screenshot: --lang must be zh or en\n";
                return 2;
            }
        } else if (a == "--theme") {
            gui::Theme t;
            if (!gui::theme_from_string(v, t)) {
                std::cerr << "loginscope screenshot: --theme must be light or dark\n";
                return 2;
            }
            o.theme = t;
        } else if (a == "--scale") {
            o.ui_scale = float(std::atof(v.c_str()));
            if (!(o.ui_scale >= gui::kMinUiScale && o.ui_scale <= gui::kMaxUiScale)) {
                std::cerr << "loginscope screenshot: --scale must be 0.75 … 3\n";
                return 2;
            }
        }
        else if (a == "--tab") {
            if (!gui::bottom_tab_from_string(v)) {
                std::cerr << "loginscope screenshot: --tab must be timeline, sequence, console, faults or scenario\n";
                return 2;
            }
            o.tab = v;
        }
        else if (a == "--size") {
            if (std::sscanf(v.c_str(), "%dx%d", &o.width, &o.height) != 2 || o.width < 320 || o.height < 240 ||
                o.width > 7680 || o.height > 4320) {
                std::cerr << "loginscope screenshot: --size must be WxH, e.g. 1280x720 (320x240 … 7680x4320)\n";
                return 2;
            }
        } else {
            std::cerr << "loginscope screenshot: unknown option " << a << "\n";
            return 2;
        }
    }
    if (o.walkthrough && !o.scenario) {
        std::cerr << "loginscope screenshot: --walkthrough DIR needs --scenario FILE\n";
        return 2;
    }
    if (o.out.empty() && !o.walkthrough) {
        std::cerr << "loginscope screenshot: --out FILE.png (or --walkthrough DIR --scenario FILE) is required\n";
        return 2;
    }
    return gui::run_screenshot(o);
}

}  // namespace ls::cli
