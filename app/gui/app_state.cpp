#include "app_state.hpp"

#include <algorithm>
#include <utility>

#include "loginscope/steps.hpp"

namespace ls::gui {

AppState::AppState(const EngineConfig& cfg) : engine_(std::make_unique<Engine>(cfg)) {}

EngineConfig AppState::world_config_for(const EngineConfig& cfg) const {
    if (!port_lent_) return world_config(cfg, backend());
    EngineConfig c = backend_ ? builtin_engine_config(cfg, backend_->profile) : cfg;
    c.platform_port = 0;
    return c;
}

void AppState::attach_backend(std::optional<BackendLink> link) {
    EngineConfig cfg = backend_ ? builtin_engine_config(engine_->config(), backend_->profile) : engine_->config();
    if (!link) {  // the built-in server's own: an ephemeral port, a hang held briefly
        cfg.platform_port = EngineConfig{}.platform_port;
        cfg.hang_hold_real_ms = EngineConfig{}.hang_hold_real_ms;
    }
    backend_ = std::move(link);
    backend_calls_ = 0;
    last_backend_call_.clear();
    port_lent_ = false;
    rebuild(cfg);
}

void AppState::lend_platform_port() {
    port_lent_ = true;
    rebuild(engine_->config());
}

void AppState::reclaim_platform_port() {
    port_lent_ = false;
    rebuild(engine_->config());
}

AppState::~AppState() { stop_worker(); }

bool AppState::start(const Step& step, std::optional<size_t> recorded_at) {
    const StepKind* kind = find_step_kind(step.action);
    if (!kind) return false;
    const bool started = start_job(kind, [this, step, recorded_at](Engine& e) {
        FinishedAction f;
        f.recorded_at = recorded_at;
        f.result = apply_step(e, step);
        f.page = e.univerify_page();
        std::lock_guard<std::mutex> lock(finished_mu_);
        finished_.push_back(std::move(f));
    });
    if (started) ++next_action_id_;
    return started;
}

bool AppState::start_job(const StepKind* shown, std::function<void(Engine&)> job) {
    if (in_flight_.load()) return false;
    if (worker_.joinable()) worker_.join();  // finished: in_flight_ is false
    in_flight_ = true;
    job_started_ = std::chrono::steady_clock::now();
    running_ = shown;
    ui.error_dismissed = false;
    ui.follow_latest = true;
    Engine* e = engine_.get();
    worker_ = std::thread([this, e, checker = checker_, job = std::move(job)] {
        job(*e);
        if (e->config().backend) check_invariants(*e, *checker);
        running_ = nullptr;
        in_flight_ = false;
        if (wake_) wake_();
    });
    return true;
}

void AppState::check_invariants(Engine& e, InvariantChecker& checker) {
    std::vector<InvariantViolation> found = checker.check(e, e.last_result());
    std::lock_guard<std::mutex> lock(finished_mu_);
    for (InvariantViolation& v : found) found_.push_back(std::move(v));
}

std::optional<size_t> AppState::event_index(uint64_t seq) const {
    // events_ holds the journal from seq 0 on, in order: the seq is the index unless the journal skipped.
    if (seq < events_.size() && events_[seq].seq == seq) return size_t(seq);
    for (size_t i = 0; i < events_.size(); ++i)
        if (events_[i].seq == seq) return i;
    return std::nullopt;
}

std::vector<FinishedAction> AppState::take_finished() {
    std::lock_guard<std::mutex> lock(finished_mu_);
    return std::exchange(finished_, {});
}

std::optional<BottomTab> bottom_tab_from_string(const std::string& name) {
    static const std::pair<const char*, BottomTab> kTabs[] = {{"timeline", BottomTab::Timeline},
                                                              {"sequence", BottomTab::Sequence},
                                                              {"console", BottomTab::Console},
                                                              {"faults", BottomTab::Faults},
                                                              {"scenario", BottomTab::Scenario},
                                                              {"audit", BottomTab::Audit}};
    for (auto& [n, tab] : kTabs)
        if (name == n) return tab;
    return std::nullopt;
}

void AppState::stop_worker() {
    engine_->set_step_mode(false);  // a worker paused before a hop goes on and finishes
    engine_->release_hangs();       // and one waiting on a hung reply gets its answer now
    if (worker_.joinable()) worker_.join();
}

void AppState::reset(uint64_t seed) {
    stop_worker();
    // A backend remembers the codes it saw: a world against one never repeats its identifiers.
    engine_->reset(engine_->config().backend ? fresh_world_seed() : seed);
    forget_events();
}

void AppState::rebuild(const EngineConfig& cfg) {
    stop_worker();
    const EngineConfig world = world_config_for(cfg);
    engine_.reset();
    engine_ = std::make_unique<Engine>(world);
    forget_events();
}

void AppState::forget_events() {
    events_.clear();
    bars_.clear();
    console_.clear();
    messages_.clear();
    flow_ranges_.clear();
    latest_flow_ = 0;
    next_seq_ = 0;
    seen_version_ = ~0ULL;
    expiry_version_ = ~0ULL;  // a new engine's journal may repeat an old version number
    violations_.clear();
    {
        std::lock_guard<std::mutex> lock(finished_mu_);
        found_.clear();
    }
    checker_ = std::make_shared<InvariantChecker>();  // the worker is stopped: a new world's own
    ui.selected_event.reset();
    ui.follow_latest = true;
    ui.error_dismissed = false;
    ui.app_signed_in = false;
    ui.timeline = TimelineView{};
}

std::optional<int64_t> AppState::next_expiry() {
    const uint64_t version = engine_->journal().version();
    const int64_t now = engine_->clock().now_ms();
    if (version != expiry_version_ || (expiry_ && *expiry_ <= now)) {
        expiry_version_ = version;
        expiry_ = engine_->next_expiry();
    }
    return expiry_;
}

void AppState::take_violations() {
    std::lock_guard<std::mutex> lock(finished_mu_);
    for (InvariantViolation& v : found_) {
        // The checker reads the whole journal each time: a violation stays found at every later step.
        const bool known = std::any_of(violations_.begin(), violations_.end(), [&](const InvariantViolation& old) {
            return old.invariant == v.invariant && old.detail == v.detail;
        });
        if (!known) violations_.push_back(std::move(v));
    }
    found_.clear();
}

void AppState::sync() {
    take_violations();
    const Journal& j = engine_->journal();
    const uint64_t version = j.version();
    if (version == seen_version_) return;
    seen_version_ = version;
    if (j.size() < next_seq_) forget_events();  // cleared underneath us
    std::vector<Event> fresh = j.since(next_seq_);
    if (fresh.empty()) return;
    next_seq_ = fresh.back().seq + 1;
    const size_t first_new = events_.size();
    events_.reserve(events_.size() + fresh.size());
    for (auto& e : fresh) events_.push_back(std::move(e));
    for (size_t i = first_new; i < events_.size(); ++i) index_event(i);
    bars_ = lifetime_bars(events_);
    console_ = console_lines(events_);
}

void AppState::index_event(size_t i) {
    const Event& e = events_[i];
    if (e.to) messages_.push_back(i);
    if (engine_->config().backend && e.kind == "http.request" && e.to == Actor::Platform && e.actor == Actor::DevServer && e.http) {
        ++backend_calls_;  // the platform journals the backend's calls only in backend mode
        const std::string& t = e.http->target;  // https://host/path?query → /path
        const size_t host = t.find("://"), path = t.find('/', host == std::string::npos ? 0 : host + 3);
        last_backend_call_ = e.http->method + " " + (path == std::string::npos ? t : t.substr(path, t.find('?', path) - path));
    }
    if (e.flow == 0) return;
    auto it = flow_ranges_.find(e.flow);
    if (it == flow_ranges_.end())
        flow_ranges_.emplace(e.flow, std::make_pair(i, i));
    else
        it->second.second = i;
    if (e.flow > latest_flow_) latest_flow_ = e.flow;
}

std::optional<std::pair<size_t, size_t>> AppState::flow_range(uint32_t flow) const {
    auto it = flow_ranges_.find(flow);
    if (it == flow_ranges_.end()) return std::nullopt;
    return it->second;
}

}  // namespace ls::gui
