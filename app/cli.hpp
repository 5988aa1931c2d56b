#pragma once
// The subcommands of the `loginscope` executable. Each adds itself to the command line (CLI11): its
// options, bound to settings of its own, and the action that runs once the whole line has parsed and
// returns the process exit status. A line that cannot be used never reaches an action: main prints
// one line naming the option and exits 2.
#include <functional>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace ls::cli {

using Args = std::vector<std::string>;
using Action = std::function<int()>;

Action add_run(CLI::App& app);         // loginscope run FILE… [--junit F] [--json F] [--har F] [--markdown DIR] [--flaw NAME]… [-j N]
Action add_explore(CLI::App& app);     // loginscope explore --flow F [--runs N] [--seed S] [--steps M] [--flaw NAME]… [--out DIR]
Action add_serve(CLI::App& app);       // loginscope serve [--port N] [--bind ADDR] [--flaw NAME]… [--journal-limit N]
Action add_catalog(CLI::App& app);     // loginscope catalog --json
Action add_crypto(CLI::App& app);      // loginscope crypto sign|hmac|encrypt|decrypt …
Action add_screenshot(CLI::App& app);
Action add_audit(CLI::App& app);       // loginscope audit --backend PROFILE [--platform-port N] [--flow F] [--junit F] [--json F] [--markdown F]  // loginscope screenshot --out F.png [--scenario F] … | --scenario F --walkthrough DIR

}  // namespace ls::cli
