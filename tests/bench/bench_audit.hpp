#pragma once
// `loginscope audit` against a backend that answers in 5 ms (tests/backends/shop_backend.py --delay-ms 5):
// the whole battery of one flow, each check's time, against the time its timeout case alone must take.
#include <string>

#include "bench_gui.hpp"

namespace ls::bench {

struct AuditBenchOptions {
    std::string backend_script;  // tests/backends/shop_backend.py
    int delay_ms = 5;
};

void audit_figures(const AuditBenchOptions& opt, Line line);

// The test backend as a child process on `port`, exchanging codes at `api_base`; -1 when it did not
// say it listens. Stop it with SIGTERM.
int start_test_backend(const AuditBenchOptions& opt, int port, const std::string& api_base);
// Its profile (the wechat-mp flow), the backend at `base`, as JSON text.
std::string test_backend_profile(const std::string& base);

}  // namespace ls::bench
