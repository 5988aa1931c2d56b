#pragma once
// `loginscope audit` (issue 16): a fixed battery of checks run against a team's own backend, which
// exchanges codes at LoginScope's platform (the profile's apps registered there, every exchange
// journaled, faults injected at it). One check per (flow × case), each with a stable id.
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "loginscope/backend.hpp"

namespace ls {

enum class CheckStatus { Pass, Fail, Skipped };
const char* to_string(CheckStatus s);  // "PASS", "FAIL", "SKIPPED"

struct AuditCheck {
    std::string id;     // "wechat-mp/single-use-code", "wechat-mp/no-session-on-platform-error/45011"
    std::string title;  // what it asks of the backend
    CheckStatus status = CheckStatus::Skipped;
    std::string reason;                 // why it failed or was skipped ("" for a pass)
    std::vector<std::string> evidence;  // the exchanges that show it, secrets masked
    double seconds = 0;
    // What happened for this check, in time order, since the previous check was settled: the audit
    // client's requests to the backend and their replies (Client → DevServer "http.request", DevServer →
    // Client "http.response", each with its HttpRecord) and the backend's own calls to the platform as
    // the platform journaled them. The AppSecret is masked; session_keys are shown (the tester's own).
    std::vector<Event> exchange;
};

struct AuditOptions {
    BackendProfile profile;
    std::optional<Flow> flow;  // only this flow (else every flow of the profile)
    int platform_port = 0;     // 0: ephemeral
    // Real time: how long the platform holds a hung exchange before it drops it, how soon the
    // backend must answer its client all the same (its own timeout on code2Session), and how long the
    // audit's client waits for any answer.
    int hang_ms = 6000;
    int answer_within_ms = 5000;
    std::chrono::milliseconds reply_bound{15000};
    std::function<void(int port)> on_listening;  // the platform's port, before any check runs
    // Called on the audit's thread as each check is settled (passed, failed or skipped): once per check
    // of the report, in the report's order, with what the report will hold.
    std::function<void(const AuditCheck&)> on_check;
    // Polled on the audit's thread before each check starts; once it answers true no further check runs
    // and run_audit returns the checks settled so far, with AuditReport::cancelled set.
    std::function<bool()> cancelled;
};

struct AuditReport {
    std::string backend;  // the profile's name
    int platform_port = 0;
    std::vector<AuditCheck> checks;
    bool cancelled = false;  // stopped early (AuditOptions::cancelled): `checks` are those that ran
    bool passed() const;     // every check ran and none failed
};

// Registers the profile's apps with the platforms of its flows (WeChat keeps several apps; Baidu and the
// Open Platform answer for one app each, which the profile's then is). `serve --backend` does this too.
void register_profile_apps(Engine& engine, const BackendProfile& profile);

// Runs the battery. Throws ProfileError when the backend cannot be reached (naming the URL).
AuditReport run_audit(const AuditOptions& o);

// Each report of a cancelled audit says so ("cancelled after N checks"); JUnit adds a testcase in error.
std::string audit_table(const AuditReport& r);     // the terminal's table, then each failure's evidence
std::string audit_junit(const AuditReport& r);     // one testcase per check, named by its id
std::string audit_json(const AuditReport& r);
std::string audit_markdown(const AuditReport& r);

}  // namespace ls
