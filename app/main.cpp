// loginscope — the GUI by default, and the headless subcommands of the same engine.
#include <iostream>

#include "cli.hpp"
#include "gui/gui.hpp"

namespace ls::cli {

int usage(int status) {
    (status ? std::cerr : std::cout)
        << "usage:\n"
           "  loginscope                         the GUI (WeChat mini-program flow)\n"
           "  loginscope run FILE... [--junit F] [--json F] [--har F] [--markdown DIR] [--flaw NAME]... [-j N]\n"
           "                                     run scenario files headless (--markdown: a walkthrough with\n"
           "                                     pictures per scenario, needs a display or xvfb-run)\n"
           "  loginscope serve [--port N] [--bind ADDR] [--flaw NAME]... [--journal-limit N]  platform endpoints, /__admin API, developer server\n"
           "  loginscope explore --flow F [--runs N] [--seed S] [--steps M] [--flaw NAME]... [--out DIR]\n"
           "                                     random user/clock/fault sequences, invariants checked, violations shrunk\n"
           "  loginscope catalog --json          every platform's error catalog and our assumptions\n"
           "  loginscope crypto sign --raw-data S --session-key K\n"
           "  loginscope crypto hmac --session-key K [--body B]\n"
           "  loginscope crypto encrypt --session-key K --iv IV --json S\n"
           "  loginscope crypto decrypt --session-key K --iv IV --data D [--appid A]\n"
           "  loginscope screenshot --out FILE.png [--scenario FILE] [--size WxH] [--tab timeline|sequence|console|faults|scenario]\n"
           "                        [--record] [--replay FILE [--replay-steps N]] [--lang en|zh] [--theme light|dark]\n"
           "                        [--scale S] [--phone-gloss] [--presenter [--beats N]]   presenter mode on --replay FILE or the flow's first demo\n"
           "  loginscope screenshot --scenario FILE --walkthrough DIR   the Markdown walkthrough of one scenario\n";
    return status;
}

}  // namespace ls::cli

int main(int argc, char** argv) {
    using namespace ls::cli;
    Args args(argv + 1, argv + argc);
    if (args.empty()) return ls::gui::run_gui({});
    const std::string cmd = args.front();
    const Args rest(args.begin() + 1, args.end());
    if (cmd == "run") return run(rest);
    if (cmd == "serve") return serve(rest);
    if (cmd == "explore") return explore(rest);
    if (cmd == "catalog") return catalog(rest);
    if (cmd == "crypto") return crypto(rest);
    if (cmd == "screenshot") return screenshot(rest);
    if (cmd == "--help" || cmd == "-h" || cmd == "help") return usage(0);
    std::cerr << "loginscope: unknown command \"" << cmd << "\"\n";
    return usage(2);
}
