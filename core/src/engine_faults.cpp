// The engine's fault rules: the list a scenario or the Faults tab edits, and which rule fires on a
// call at a hop (FaultBook), journaled as fault.fired.
#include "loginscope/engine.hpp"

#include "engine_internal.hpp"

namespace ls {

// ---- faults ---------------------------------------------------------------------------------

void Engine::add_fault(const FaultRule& r) {
    std::lock_guard lock(mu_);
    faults_.add(r);
}
void Engine::remove_fault(size_t index) {
    std::lock_guard lock(mu_);
    faults_.remove(index);
}
void Engine::set_fault_enabled(size_t index, bool on) {
    std::lock_guard lock(mu_);
    if (index < faults_.rules().size()) faults_.rules()[index].enabled = on;
}
void Engine::clear_faults() {
    std::lock_guard lock(mu_);
    faults_.clear();
}
std::vector<FaultRule> Engine::faults() const {
    std::lock_guard lock(mu_);
    return faults_.rules();
}

std::optional<FaultRule> Engine::take_fault(Hop hop, const std::string& path) {
    std::lock_guard lock(mu_);
    return faults_.take(hop, path);
}

Engine::ClientFault Engine::take_client_fault(uint32_t flow, Hop hop, int64_t timeout_ms) {
    auto f = take_fault(hop);
    if (!f) return {};
    fired(*f, flow);
    switch (f->kind) {
        case FaultKind::PlatformError: return {f->code};
        case FaultKind::Hang: return {"", true};
        case FaultKind::Delay:
            if (f->ms >= timeout_ms) return {"", true};
            clock_.advance(f->ms);
            return {};
        case FaultKind::ClockJump: clock_.advance(f->ms); return {};
        default: return {};  // the socket faults act only on HTTP hops (fault_applies)
    }
}

std::string Engine::client_call_fault(uint32_t flow, Hop hop, const std::string& hang_code, int64_t hang_wait_ms) {
    const ClientFault f = take_client_fault(flow, hop);
    if (!f.hung) return f.code;
    clock_.advance(hang_wait_ms);
    return hang_code;
}

void Engine::fired(const FaultRule& r, uint32_t flow) {
    note(flow, Actor::Engine, r.hop, "fault.fired", "fault: " + r.describe(), {{"fault", to_string(r.kind)}});
}

}  // namespace ls
