// libFuzzer target: `serve`'s admin API (admin_api.hpp) on a fresh in-process engine.
//
// Input: up to kMaxRequests lines, each "METHOD PATH" or "METHOD PATH BODY" (BODY runs to the end
// of the line), e.g.
//   POST /__admin/faults {"hop":"platform_response","what":"platform_error","code":"40163"}
//   POST /__admin/codes {"appid":"wx5f0d3c8a9b1e2d47"}
// The requests go to make_admin_service in order; then one wx.login → code2Session round trip runs
// on the same engine, so the fault rules the admin API accepted are exercised too.
//
// Contract under test: every request is answered (bad input is a 4xx with a JSON error, never an
// exception, a crash or a sanitizer report), every answer is well-formed JSON (GET /__admin/events
// included), and a rule POST /__admin/faults accepted never makes a later login throw.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include <nlohmann/json.hpp>

#include "loginscope/admin_api.hpp"
#include "loginscope/engine.hpp"

namespace {
constexpr int kMaxRequests = 16;

[[noreturn]] void violated(const std::string& what) {
    std::fprintf(stderr, "fuzz_admin: contract violated: %s\n", what.c_str());
    std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    ls::EngineConfig cfg;
    cfg.transport = ls::TransportMode::InProcess;
    ls::Engine engine(cfg);
    const ls::Service admin = ls::make_admin_service(engine);

    size_t pos = 0;
    for (int n = 0; n < kMaxRequests && pos < text.size(); ++n) {
        size_t end = text.find('\n', pos);
        if (end == std::string::npos) end = text.size();
        const std::string line = text.substr(pos, end - pos);
        pos = end + 1;
        ls::HttpRequest req;
        const size_t sp1 = line.find(' ');
        req.method = line.substr(0, sp1);
        if (sp1 != std::string::npos) {
            const size_t sp2 = line.find(' ', sp1 + 1);
            req.path = line.substr(sp1 + 1, sp2 == std::string::npos ? std::string::npos : sp2 - sp1 - 1);
            if (sp2 != std::string::npos) req.body = line.substr(sp2 + 1);
        }
        ls::Delivery d = admin(req);
        if (d.stream)  // a streamed answer (GET /__admin/events): its pieces make the body
            while (d.stream(d.reply.body)) {}
        if (d.action != ls::SocketAction::None) violated("the admin API asked for a socket fault");
        if (d.reply.status < 200 || d.reply.status > 499) violated("status " + std::to_string(d.reply.status) + " for " + line);
        if (nlohmann::json::parse(d.reply.body, nullptr, false).is_discarded())
            violated("the answer to \"" + line + "\" is not JSON: " + d.reply.body.substr(0, 200));
    }
    // The rules now in the engine act on a real exchange.
    (void)engine.login();
    return 0;
}
