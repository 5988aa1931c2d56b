#pragma once
// Steps every client flow of the engine takes the same way (engine_*.cpp): the engine's friend
// EngineHops, so that they can reach its state without widening its public API.
#include <mutex>
#include <string>

#include "loginscope/engine.hpp"

namespace ls {

struct EngineHops {
    // Ends the action now with `r` and `detail` (a dialog that is not showing, a page not open, …).
    static ActionResult finish_with(Engine& e, uint32_t flow, ActionResult r, std::string detail) {
        r.detail = std::move(detail);
        return e.finish(flow, r);
    }

    // Ends the action as waiting for the user, who now sees what `detail` says.
    static ActionResult waits_for_user(Engine& e, uint32_t flow, ActionResult r, std::string detail) {
        r.pending = true;
        return finish_with(e, flow, r, std::move(detail));
    }

    // Raises a dialog flag guarded by the engine's lock.
    static void show(Engine& e, bool& showing) {
        std::lock_guard<std::mutex> lock(e.mu_);
        showing = true;
    }

    // A new identity chain that starts with the login code the platform just issued.
    static void start_identity(Engine& e, const std::string& code, int64_t expires_ms) {
        std::lock_guard<std::mutex> lock(e.mu_);
        e.identity_ = IdentityChain{};
        e.identity_.code = code;
        e.identity_.code_expires_at_ms = expires_ms;
    }

    // The console lines of a JavaScript call's callbacks: "<api> <outcome> <res>", then complete.
    static void callbacks(Engine& e, uint32_t flow, const std::string& api, const char* outcome, const std::string& res) {
        e.console(flow, api + " " + outcome + " " + res);
        e.console(flow, api + " complete " + res);
    }
};

}  // namespace ls
