// The audit run from the window (audit_run.hpp): the worker thread, and what starting, ending and
// exporting a run do to the AppState.
#include "audit_run.hpp"

#include <filesystem>

#include "app_state.hpp"
#include "i18n.hpp"
#include "session.hpp"
#include "loginscope/scenario.hpp"

namespace ls::gui {

namespace {

// Real time for a person watching: the platform holds a hung exchange 3 s and the backend must answer
// its client within 2.5 s all the same; the client gives up on any request after 5 s (more than the
// hang, so a backend without a timeout of its own is seen to answer late, and fails the check).
constexpr int kHangMs = 3000;
constexpr int kAnswerWithinMs = 2500;
constexpr std::chrono::milliseconds kReplyBound{5000};

}  // namespace

AuditRun::~AuditRun() {
    cancel();
    if (thread_.joinable()) thread_.join();
}

void AuditRun::start(AuditOptions o, std::function<void()> wake) {
    if (running()) return;
    cancel_ = false;
    done_ = false;
    settled_.clear();
    report_ = AuditReport{};
    report_.backend = o.profile.name;
    report_.platform_port = o.platform_port;
    error_.clear();
    started_ = Clock::now();
    ended_.reset();
    o.on_check = [this, wake](const AuditCheck& c) {
        {
            std::lock_guard<std::mutex> lock(mu_);
            settled_.push_back(c);
        }
        if (wake) wake();
    };
    o.cancelled = [this] { return cancel_.load(); };
    thread_ = std::thread([this, o = std::move(o), wake = std::move(wake)] {
        AuditReport r;
        std::string error;
        try {
            r = run_audit(o);
        } catch (const std::exception& e) {  // ProfileError: the backend cannot be reached
            error = e.what();
        }
        r.checks.clear();  // the UI has them from on_check
        {
            std::lock_guard<std::mutex> lock(mu_);
            final_ = std::move(r);
            final_error_ = std::move(error);
        }
        done_ = true;
        if (wake) wake();
    });
}

void AuditRun::cancel() { cancel_ = true; }

void AuditRun::wait() {
    if (thread_.joinable()) thread_.join();
}

bool AuditRun::poll() {
    if (!thread_.joinable() && !done_.load()) return false;
    const bool ended = done_.load();
    if (ended && thread_.joinable()) thread_.join();
    std::lock_guard<std::mutex> lock(mu_);
    for (AuditCheck& c : settled_) report_.checks.push_back(std::move(c));
    settled_.clear();
    if (!ended || ended_) return false;
    ended_ = Clock::now();
    report_.cancelled = final_.cancelled;
    if (final_.platform_port) report_.platform_port = final_.platform_port;
    error_ = final_error_;
    return true;
}

double AuditRun::elapsed_s() const {
    if (!started_) return 0;
    return std::chrono::duration<double>(ended_.value_or(Clock::now()) - *started_).count();
}

// ---- the run on the AppState --------------------------------------------------------------------

namespace {

void audit_status(AppState& s, std::string text, bool error) {
    s.audit.form.status = std::move(text);
    s.audit.form.status_error = error;
}

// The session's world was built again (the platform's port lent or reclaimed): Setup re-reads it, a
// recording restarts in it, an open scenario closes — as after any new world.
void new_session_world(AppState& s) {
    s.ui.setup.loaded = false;
    after_new_world(s);
}

}  // namespace

void start_audit(AppState& s) {
    const BackendLink* link = s.backend();
    if (!link || s.audit.run.running()) return;
    AuditOptions o;
    o.profile = link->profile;
    o.platform_port = link->platform_port;
    o.hang_ms = kHangMs;
    o.answer_within_ms = kAnswerWithinMs;
    o.reply_bound = kReplyBound;
    const Flow flow = s.engine().config().flow;
    if (s.audit.form.this_flow_only && link->has(flow)) o.flow = flow;
    s.lend_platform_port();  // the old world is gone before the audit's platform listens
    new_session_world(s);
    s.audit.form.shown.reset();
    s.audit.form.selected_event.reset();
    s.audit.form.follow_latest = true;
    audit_status(s, "", false);
    s.audit.run.start(std::move(o), s.wake());
}

void poll_audit(AppState& s) {
    if (!s.audit.run.poll()) return;
    if (!s.platform_port_lent()) return;  // attached or detached meanwhile: that world has the port
    s.reclaim_platform_port();
    new_session_world(s);
    const BackendLink* link = s.backend();
    if (link && s.engine().platform_port() != link->platform_port)
        audit_status(s, trf("the platform cannot listen on port %d again (another program has it)", link->platform_port), true);
}

void stop_audit(AppState& s) {
    if (!s.audit.run.running()) return;
    s.audit.run.cancel();
    s.audit.run.wait();
    s.audit.run.poll();
}

std::string export_audit(AppState& s, bool markdown) {
    const std::string& dir = s.ui.session.export_dir;
    const std::string file = dir + (markdown ? "/audit.md" : "/audit-junit.xml");
    try {
        std::filesystem::create_directories(dir);
        const AuditReport& r = s.audit.run.report();
        write_file_atomically(file, markdown ? audit_markdown(r) : audit_junit(r));
    } catch (const std::exception& e) {
        audit_status(s, trf("cannot write %s: %s", file.c_str(), e.what()), true);
        return "";
    }
    std::error_code ec;
    const std::filesystem::path abs = std::filesystem::absolute(file, ec);
    const std::string shown = ec ? file : abs.lexically_normal().string();
    audit_status(s, trf("wrote %s", shown.c_str()), false);
    return shown;
}

void apply_audit_command(AppState& s, AuditCommand c) {
    switch (c) {
        case AuditCommand::None: break;
        case AuditCommand::Run: start_audit(s); break;
        case AuditCommand::Cancel: s.audit.run.cancel(); break;
        case AuditCommand::ExportMarkdown: export_audit(s, true); break;
        case AuditCommand::ExportJunit: export_audit(s, false); break;
    }
}

}  // namespace ls::gui
