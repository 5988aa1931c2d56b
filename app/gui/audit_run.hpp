#pragma once
// The audit (loginscope/audit.hpp) run from the window (issue 17): the attached backend's battery on a
// thread of its own, each check handed to the UI thread as it is settled, cancellable between checks.
// The session's world lends the platform's port while it runs (the backend knows only that port).
#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "loginscope/audit.hpp"

namespace ls::gui {

// One run on a worker thread. The worker only appends settled checks under the mutex and says when it
// ended; everything else is the UI thread's, which takes them with poll() every frame.
class AuditRun {
public:
    AuditRun() = default;
    ~AuditRun();  // cancels and joins: the check under way finishes first
    AuditRun(const AuditRun&) = delete;
    AuditRun& operator=(const AuditRun&) = delete;

    // Starts the battery `o` (its on_check and cancelled are the run's own); `wake` is called on the
    // worker after each check and at the end. The previous run's results are forgotten.
    void start(AuditOptions o, std::function<void()> wake);
    void cancel();  // the run stops before its next check
    void wait();    // blocks until the worker has ended (poll() then sees the end)
    // The checks settled since the last call join report(); true once, at the call that sees the end.
    bool poll();

    bool running() const { return thread_.joinable(); }  // started, its end not yet seen by poll()
    bool cancelling() const { return running() && cancel_.load(); }
    bool started() const { return started_.has_value(); }  // ever (the tab shows the last run)
    // The run as far as it went: the checks so far, `cancelled` once it ended so.
    const AuditReport& report() const { return report_; }
    const std::string& error() const { return error_; }  // why it stopped (the backend cannot be reached)
    double elapsed_s() const;                              // since it started, until it ended

private:
    using Clock = std::chrono::steady_clock;
    std::thread thread_;
    std::atomic<bool> cancel_{false};
    std::atomic<bool> done_{false};
    std::mutex mu_;                  // guards settled_ and the end's outcome below
    std::vector<AuditCheck> settled_;
    AuditReport final_;
    std::string final_error_;
    AuditReport report_;  // the UI thread's
    std::string error_;
    std::optional<Clock::time_point> started_, ended_;
};

// What the Audit tab asks for (draw_audit_tab); apply_audit_command does it after the frame's intents.
enum class AuditCommand { None, Run, Cancel, ExportMarkdown, ExportJunit };

// What the Audit tab and the inspector remember between frames (UI thread only).
struct AuditForm {
    bool this_flow_only = false;          // audit only the session's flow, not every flow of the profile
    std::optional<size_t> shown;          // the check whose exchange the inspector shows
    std::optional<size_t> selected_event; // the inspector's step within that exchange
    bool follow_latest = true;            // … the newest interesting one until a step is clicked
    std::string status;                   // the last export's result, or the port not got back
    bool status_error = false;
    float reason_width = 300;             // the checks' title column as last drawn (a reason wraps there)
    size_t drawn_checks = 0;              // the checks the table showed last frame (new ones: follow them)
};

// The audit's state on the AppState: the run and what the tab remembers.
struct AuditState {
    AuditForm form;
    AuditRun run;
};

class AppState;

// Starts an audit of the attached backend (the flow filter of s.audit.form), the session's world
// giving up the platform's port first; the status says why when it cannot start.
void start_audit(AppState& s);
// Every frame: takes the settled checks; at the end the session's world gets the port back.
void poll_audit(AppState& s);
// Cancels a running audit and waits for it (a backend about to be attached or detached).
void stop_audit(AppState& s);
void apply_audit_command(AppState& s, AuditCommand c);
// The report of the last run as Markdown or JUnit in the Scenario tab's export folder; the path written.
std::string export_audit(AppState& s, bool markdown);

}  // namespace ls::gui
