#pragma once
// Fault rules as the tests write them: the fields that matter, the others at FaultRule's defaults.
#include <cstdint>
#include <string>

#include "loginscope/faults.hpp"

namespace ls::test {

// `kind` at `hop`, fired `when` (on the nth call, or the first n, for Nth and FirstN).
inline FaultRule fault(Hop hop, FaultKind kind, WhenMode when = WhenMode::Next, int n = 1) {
    FaultRule f;
    f.hop = hop;
    f.kind = kind;
    f.when = when;
    f.n = n;
    return f;
}

// A delay of `ms` (virtual time) at `hop`, on the next call.
inline FaultRule delay_fault(Hop hop, int64_t ms) {
    FaultRule f = fault(hop, FaultKind::Delay);
    f.ms = ms;
    return f;
}

// The platform's error `code` (a catalog code) at `hop`, fired `when`.
inline FaultRule platform_error(const std::string& code, Hop hop = Hop::PlatformResponse, WhenMode when = WhenMode::Next,
                                int n = 1) {
    FaultRule f = fault(hop, FaultKind::PlatformError, when, n);
    f.code = code;
    return f;
}

}  // namespace ls::test
