#pragma once
// The subcommands of the `loginscope` executable; each returns the process exit status.
#include <string>
#include <vector>

namespace ls::cli {

using Args = std::vector<std::string>;

int run(const Args& args);       // loginscope run FILE… [--junit F] [--json F] [--har F] [--markdown DIR] [--flaw NAME] [-j N]
int explore(const Args& args);   // loginscope explore --flow F [--runs N] [--seed S] [--flaw NAME]…
int serve(const Args& args);     // loginscope serve [--port N] [--bind ADDR] [--flaw NAME]…
int catalog(const Args& args);   // loginscope catalog --json
int screenshot(const Args& args);  // loginscope screenshot --out F.png [--scenario F] [--size WxH] | --scenario F --walkthrough DIR
int crypto(const Args& args);      // loginscope crypto sign|hmac|encrypt|decrypt …
int usage(int status);

}  // namespace ls::cli
