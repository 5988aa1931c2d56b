// loginscope — the GUI by default, and the headless subcommands of the same engine.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <iostream>
#include <map>
#include <optional>
#include <regex>

#include "cli.hpp"
#include "cli_options.hpp"
#include "gui/gui.hpp"

namespace {
using namespace ls::cli;

// "loginscope crypto sign": as far as the parser got.
std::string command_path(const CLI::App& app) {
    std::string path = app.get_name();
    for (auto chosen = app.get_subcommands(); !chosen.empty(); chosen = chosen.front()->get_subcommands())
        path += " " + chosen.front()->get_name();
    return path;
}

// The one line every unusable command line gets, and exit 2.
int unusable(const std::string& command, const std::string& message) {
    std::cerr << command << ": " << message << " (see " << command << " --help)\n";
    return 2;
}

// CLI11 says "--flow: 1 required TEXT missing" where a value is missing.
std::string plain(const CLI::ParseError& e) {
    static const std::regex missing_value(R"(^(\S+): \d+ required \S+ missing$)");
    return std::regex_replace(std::string(e.what()), missing_value, "$1 needs a value");
}

// What is wrong where a command is expected ("" when nothing): its word names none, or there is no
// word (CLI11 itself would only say that a subcommand is required). `path` is where it was expected.
std::string bad_command(CLI::App& app, const Args& args, std::string& path) {
    CLI::App* at = &app;
    path = app.get_name();
    for (size_t i = 0;; ++i) {
        const std::vector<CLI::App*> known = at->get_subcommands([](CLI::App*) { return true; });
        if (known.empty() || (i < args.size() && args[i].rfind('-', 0) == 0)) return "";  // options: CLI11 judges them
        std::string names;
        for (CLI::App* c : known) names += (names.empty() ? "" : ", ") + c->get_name();
        if (i == args.size()) return "a command is needed (one of " + names + ")";
        const auto it = std::find_if(known.begin(), known.end(), [&](CLI::App* c) { return c->get_name() == args[i]; });
        if (it == known.end()) return "unknown command \"" + args[i] + "\" (one of " + names + ")";
        at = *it;
        path += " " + args[i];
    }
}

// A word no option or command took, by the command that was reading it: CLI11 reports these last
// (after a missing required option, which a misspelt one causes) and lists them backwards.
std::optional<std::string> unknown_word(const CLI::App& app) {
    std::vector<const CLI::App*> chain = {&app};
    for (auto chosen = app.get_subcommands(); !chosen.empty(); chosen = chosen.front()->get_subcommands())
        chain.push_back(chosen.front());
    for (auto cmd = chain.rbegin(); cmd != chain.rend(); ++cmd) {
        const std::vector<std::string> left = (*cmd)->remaining(false);
        if (left.empty()) continue;
        return left.front().rfind('-', 0) == 0 ? "unknown option " + left.front() : "unexpected argument \"" + left.front() + "\"";
    }
    return std::nullopt;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc == 1) return ls::gui::run_gui({});
    CLI::App app{"LoginScope: see, teach and break mini-program and app login flows.", "loginscope"};
    app.set_help_flag("-h,--help", "print this help and exit");
    app.get_formatter()->column_width(30);
    app.require_subcommand(0, 1);
    ls::gui::GuiOptions gui;
    std::string backend;
    app.add_option("--backend", backend,
                   "without a command: the GUI with a team's own backend attached (a backend profile, assets/backend.schema.json)")
        ->type_name("PROFILE");
    app.add_option("--platform-port", gui.platform_port, "with --backend: the platform's port (0: the one last used, else a free one)")
        ->type_name("N")
        ->check(whole_number(0, 65535));
    app.add_option("--hang-ms", gui.hang_ms, "with --backend: real time the platform holds a hung exchange")
        ->type_name("MS")
        ->check(whole_number(100, 60000));
    app.option_defaults()->take_last();  // an option given twice: the last one counts, as it always did
    const std::map<std::string, Action> actions = {
        {"run", add_run(app)},         {"explore", add_explore(app)}, {"serve", add_serve(app)},
        {"catalog", add_catalog(app)}, {"crypto", add_crypto(app)},   {"screenshot", add_screenshot(app)},
        {"audit", add_audit(app)},
    };
    app.footer(  // after the commands: they would inherit it
        "Without a command: the GUI (the WeChat mini-program flow). Every command answers --help;\n"
        "loginscope help [COMMAND...] is the same as loginscope [COMMAND...] --help.");

    Args args(argv + 1, argv + argc);
    if (args.front() == "help") {  // loginscope help [COMMAND…]
        args.erase(args.begin());
        args.push_back("--help");
    }
    std::string path;
    if (const std::string wrong = bad_command(app, args, path); !wrong.empty()) return unusable(path, wrong);
    std::reverse(args.begin(), args.end());  // CLI11 takes the words last first
    try {
        app.parse(std::move(args));
    } catch (const CLI::ParseError& e) {
        if (e.get_exit_code() == 0) return app.exit(e);  // --help: the chosen command's, on stdout
        return unusable(command_path(app), unknown_word(app).value_or(plain(e)));
    }
    if (app.get_subcommands().empty()) {
        if (backend.empty()) return unusable("loginscope", "a command is needed, or --backend PROFILE for the GUI");
        gui.backend = backend;
        return ls::gui::run_gui(gui);
    }
    if (!backend.empty() || app.count("--platform-port") || app.count("--hang-ms"))
        return unusable("loginscope", "--backend, --platform-port and --hang-ms before a command are the GUI's: put them after it");
    return actions.at(app.get_subcommands().front()->get_name())();
}
