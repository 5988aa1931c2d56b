#pragma once
// A fault is a rule: where (a hop) × when (which calls at that hop) × what (the failure).
// Each rule counts the calls at its hop since it was added; FaultBook says which rule, if any, fires on this one.
#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "loginscope/journal.hpp"

namespace ls {

enum class WhenMode { Next, Nth, FirstN, Every, Probability };
enum class FaultKind {
    PlatformError,      // a catalog entry (code) of the flow's platform
    HttpStatus,         // the server answers with `status` and a gateway body
    Delay,              // the hop takes `ms` of virtual time
    Hang,               // no answer until the caller's timeout
    ConnectionReset,    // TCP RST before any byte of the response
    EmptyReply,         // the connection closes with no response
    MalformedJson,      // the request is processed, the body is not valid JSON
    CutBody,            // the request is processed, the body stops after `bytes` bytes
    DuplicateDelivery,  // the same request is delivered twice (a retrying proxy); the caller sees the second answer
    ClockJump,          // the virtual clock moves `ms` forward before the hop
};

const char* to_string(WhenMode m);
const char* to_string(FaultKind k);
std::optional<FaultKind> fault_kind_from_string(const std::string& s);
std::optional<WhenMode> when_mode_from_string(const std::string& s);
const std::vector<FaultKind>& all_fault_kinds();
// The hops where a kind makes sense (e.g. a socket fault needs an HTTP hop).
bool fault_applies(FaultKind kind, Hop hop);

struct FaultRule {
    Hop hop = Hop::PlatformResponse;
    WhenMode when = WhenMode::Next;
    int n = 1;                 // Nth (1-based) or FirstN
    double probability = 1.0;  // Probability mode
    uint64_t seed = 1;         // Probability mode
    FaultKind kind = FaultKind::PlatformError;
    std::string code;          // PlatformError: catalog code
    int status = 502;          // HttpStatus
    int64_t ms = 0;            // Delay, ClockJump
    int bytes = 10;            // CutBody
    // An HTTP hop's rule may hold to one path ("/donut/code2verifyinfo"): it counts and fails only the
    // calls to it, so a backend's /cgi-bin/token before the exchange is let through. "": every call.
    std::string path;
    bool enabled = true;
    // What happened to the rule so far, kept by FaultBook (not part of the rule's JSON): the calls at
    // its hop while it was enabled and how many of them it failed, since it was added or the counts reset.
    uint64_t calls = 0;
    uint64_t fired = 0;

    std::string describe() const;  // "platform_response × next call × 40163 code been used"
    // Used up: it can fire no more — a "next call" rule that fired (and was not switched on again),
    // an "Nth call" or "first N calls" rule whose calls have passed.
    bool spent() const;
};

// A JSON integer (not a fraction) within lo..hi, however the JSON library stores it: what every
// reader of scenario and admin JSON checks before it puts a number into a field of a narrower type.
bool json_integer_within(const nlohmann::json& v, int64_t lo, uint64_t hi);

// Parses a rule from scenario JSON (unknown fields refused); throws std::invalid_argument naming the field on bad input.
FaultRule fault_rule_from_json(const nlohmann::json& j, const std::string& where);
nlohmann::json fault_rule_to_json(const FaultRule& r);

class FaultBook {
public:
    size_t add(FaultRule r);
    void remove(size_t index);
    void clear();
    std::vector<FaultRule>& rules() { return rules_; }
    const std::vector<FaultRule>& rules() const { return rules_; }

    // Called once per call at `hop`; returns the rule that fires on it, if any. A "next call"
    // rule disables itself after firing.
    std::optional<FaultRule> take(Hop hop, const std::string& path = "");
    void reset_counts();
    // True when the book holds no rule. Unlike the rest, safe to ask without the owner's lock: a
    // call that finds it empty needs neither the lock nor take() (serve's I/O threads ask on every
    // request, and would otherwise meet on the lock).
    bool surely_empty() const { return rule_count_.load(std::memory_order_acquire) == 0; }

private:
    struct State { uint64_t rng = 0; bool seeded = false; };
    void counted() { rule_count_.store(rules_.size(), std::memory_order_release); }

    std::vector<FaultRule> rules_;
    std::vector<State> state_;
    std::atomic<size_t> rule_count_{0};  // rules_.size(), published
};

}  // namespace ls
