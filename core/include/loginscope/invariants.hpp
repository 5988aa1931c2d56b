#pragma once
// The rules every flow must keep whatever the user, the clock and the network do (issue 6): checked
// over the journal after every step by `explore`, and by a scenario with "check_invariants": true.
// Each rule reads only what an observer could see — the HTTP traffic, the callbacks the app got,
// the developer server's log and the sessions it issued — never the flaw switches themselves.
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "loginscope/engine.hpp"

namespace ls {

struct InvariantInfo {
    const char* id;           // "code-single-use"
    const char* description;  // one line for people
};
const std::vector<InvariantInfo>& invariant_catalog();

struct InvariantViolation {
    std::string invariant;  // an id of invariant_catalog()
    std::string detail;     // what broke it, with the identifiers involved
    std::optional<uint64_t> event;  // the seq of the journal event that shows it, where one does
};

// Accumulates what it must remember across steps (every phone number the line had); call check()
// after each step with the step's result.
class InvariantChecker {
public:
    std::vector<InvariantViolation> check(Engine& engine, const std::optional<ActionResult>& last);

private:
    std::set<std::string> phone_numbers_;
};

}  // namespace ls
