#include <CLI/App.hpp>

#include <cstdio>
#include <memory>

#include "cli.hpp"
#include "cli_options.hpp"
#include "gui/app_state.hpp"
#include "gui/gui.hpp"

namespace ls::cli {

namespace {
// "1280x720" within 320x240 … 7680x4320.
std::string why_not_size(const std::string& v) {
    int w = 0, h = 0;
    char rest = 0;
    if (std::sscanf(v.c_str(), "%dx%d%c", &w, &h, &rest) == 2 && w >= 320 && h >= 240 && w <= 7680 && h <= 4320) return "";
    return "must be WxH, e.g. 1280x720 (320x240 … 7680x4320), not \"" + v + "\"";
}

// The options' help, beside the usage in README.md.
void add_options(CLI::App& cmd, gui::ScreenshotOptions& o) {
    cmd.add_option("--out", o.out, "the PNG to write (required unless --walkthrough)")->type_name("FILE.png");
    cmd.add_option("--scenario", o.scenario, "a scenario played on the GUI's engine before the capture")->type_name("FILE");
    cmd.add_option("--walkthrough", o.walkthrough, "instead of one PNG, the Markdown walkthrough of --scenario in DIR")
        ->type_name("DIR");
    cmd.add_option("--size", "the window, WxH (320x240 … 7680x4320)")
        ->type_name("WxH")
        ->default_str(std::to_string(o.width) + "x" + std::to_string(o.height))
        ->check(rule(why_not_size))
        ->each([&o](const std::string& v) { std::sscanf(v.c_str(), "%dx%d", &o.width, &o.height); });
    cmd.add_option("--tab", o.tab, "the bottom tab: timeline, sequence, console, faults, scenario or audit")
        ->type_name("TAB")
        ->check(rule([](const std::string& v) -> std::string {
            return gui::bottom_tab_from_string(v) ? "" : "must be timeline, sequence, console, faults, scenario or audit, not \"" + v + "\"";
        }))
        ->capture_default_str();
    cmd.add_option("--backend", o.backend, "a team's backend attached before --scenario plays (a backend profile)")->type_name("PROFILE");
    cmd.add_option("--platform-port", o.platform_port, "with --backend: the platform's port (0: a free one)")
        ->type_name("N")
        ->check(whole_number(0, 65535));
    cmd.add_flag("--record", o.record, "a recording started (the Scenario tab's REC state)");
    cmd.add_option("--replay", o.replay, "a scenario opened in the Scenario tab")->type_name("FILE");
    cmd.add_option("--replay-steps", o.replay_steps, "steps of --replay run")->type_name("N")->check(whole_number(0, 1000000))->capture_default_str();
    cmd.add_option("--lang", "the interface language: en or zh (default en)")
        ->type_name("en|zh")
        ->check(rule([](const std::string& v) -> std::string { return lang_from_string(v) ? "" : "must be en or zh, not \"" + v + "\""; }))
        ->each([&o](const std::string& v) { o.lang = lang_from_string(v); });
    cmd.add_option("--theme", "light or dark (default light)")
        ->type_name("light|dark")
        ->check(rule([](const std::string& v) -> std::string {
            gui::Theme t;
            return gui::theme_from_string(v, t) ? "" : "must be light or dark, not \"" + v + "\"";
        }))
        ->each([&o](const std::string& v) {
            gui::Theme t;
            gui::theme_from_string(v, t);
            o.theme = t;
        });
    cmd.add_option("--scale", o.ui_scale, "the UI scale, 0.75 … 3")
        ->type_name("S")
        ->check(decimal(gui::kMinUiScale, gui::kMaxUiScale))
        ->capture_default_str();
    cmd.add_flag("--phone-gloss", o.phone_gloss, "the English gloss under the phone's Chinese");
    cmd.add_flag("--presenter", o.presenter, "presenter mode on --replay FILE (else the flow's first demo)");
    cmd.add_option("--beats", o.beats, "presenter beats to advance (-1: to the end)")->type_name("N")->check(whole_number(-1, 100000))->capture_default_str();
}
}  // namespace

Action add_screenshot(CLI::App& app) {
    auto o = std::make_shared<gui::ScreenshotOptions>();
    CLI::App* cmd = app.add_subcommand("screenshot", "the real window as a PNG after a scenario, or its walkthrough");
    cmd->footer("Renders under xvfb-run when there is no display.");
    add_options(*cmd, *o);
    cmd->callback([o] {  // the combinations the options alone do not rule out
        if (o->walkthrough && !o->scenario) reject("--walkthrough DIR needs --scenario FILE");
        if (o->out.empty() && !o->walkthrough) reject("--out FILE.png (or --walkthrough DIR --scenario FILE) is required");
    });
    return [o] { return gui::run_screenshot(*o); };
}

}  // namespace ls::cli
