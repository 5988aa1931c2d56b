#pragma once
// Steps every client flow of the engine takes the same way (engine_*.cpp): the engine's friend
// EngineHops, so that they can reach its state without widening its public API.
#include <mutex>
#include <string>
#include <utility>

#include "engine_internal.hpp"
#include "loginscope/engine.hpp"
#include "loginscope/platform_pack.hpp"

namespace ls {

struct EngineHops {
    // A user action starting now: its flow in the journal, and its result so far (named, not ok).
    static std::pair<uint32_t, ActionResult> start(Engine& e, const std::string& action) {
        ActionResult r;
        r.action = action;
        return {e.begin(action), r};
    }

    // The app calls the client API `call` (journaled as api.call to the platform) at ClientCall: the
    // step gate, then the fault there if one fires (see client_call_fault): the code the call fails
    // with, "" for none.
    static std::string call_client_api(Engine& e, uint32_t flow, const std::string& call, const std::string& hang_code = "",
                                       int64_t hang_wait_ms = 0) {
        e.note(flow, Actor::Client, Hop::ClientCall, "api.call", call, {}, Actor::Platform);
        e.gate(Hop::ClientCall);
        return e.client_call_fault(flow, Hop::ClientCall, hang_code, hang_wait_ms);
    }

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
        std::lock_guard lock(e.mu_);
        showing = true;
    }

    // A new identity chain that starts with the login code the platform just issued.
    static void start_identity(Engine& e, const std::string& code, int64_t expires_ms) {
        std::lock_guard lock(e.mu_);
        e.identity_ = IdentityChain{};
        e.identity_.code = code;
        e.identity_.code_expires_at_ms = expires_ms;
    }

    // The app's request to its own server cannot leave an offline phone: "request:fail offline" through
    // the flow's request API's callbacks. True when that happened (then `r` says so).
    static bool fails_offline(Engine& e, uint32_t flow, ActionResult& r) {
        if (e.environment().online) return false;
        r.errMsg = "request:fail offline";
        r.detail = r.errMsg;
        e.deliver_callbacks(flow, "wx.request", r, res_json{{"errMsg", r.errMsg}});
        return true;
    }

    // ---- what a platform pack's client actions (pack_*.cpp) reach of the engine -----------------
    static ActionResult finish(Engine& e, uint32_t flow, ActionResult r) { return e.finish(flow, std::move(r)); }
    static void note(Engine& e, uint32_t flow, Actor actor, Hop hop, std::string kind, std::string text, Links links = {},
                     std::optional<Actor> to = std::nullopt) {
        e.note(flow, actor, hop, std::move(kind), std::move(text), std::move(links), to);
    }
    static void console(Engine& e, uint32_t flow, std::string line) { e.console(flow, std::move(line)); }
    static void gate(Engine& e, Hop hop) { e.gate(hop); }
    // The fault at a client hop, if one fires (see client_call_fault): the code the call fails with.
    static std::string client_fault(Engine& e, uint32_t flow, Hop hop, const std::string& hang_code, int64_t hang_wait_ms) {
        return e.client_call_fault(flow, hop, hang_code, hang_wait_ms);
    }
    static VirtualClock& clock(Engine& e) { return e.clock_; }
    // The app posts `code` to its server's login endpoint for the flow (the pack's login_path).
    static ActionResult send_code(Engine& e, uint32_t flow, const std::string& code) {
        const PlatformPack* pack = pack_of(e.cfg_.flow);
        return e.exchange_at(flow, pack ? pack->login_path : "/api/login", code);
    }
    // A pack's step taken outside the pack's flow: it fails and says which flow it needs.
    static ActionResult wrong_flow(const Step& s, const char* flow) {
        ActionResult r;
        r.action = s.action;
        r.detail = std::string("this step needs the ") + flow + " flow";
        return r;
    }
    // The current flow's pack platform as its own class; nullptr when the flow is not that pack's.
    template <class Platform>
    static Platform* pack(Engine& e) { return dynamic_cast<Platform*>(e.flow_pack()); }

    // The console lines of a JavaScript call's callbacks: "<api> <outcome> <res>", then complete.
    static void callbacks(Engine& e, uint32_t flow, const std::string& api, const char* outcome, const std::string& res) {
        e.console(flow, api + " " + outcome + " " + res);
        e.console(flow, api + " complete " + res);
    }
};

}  // namespace ls
