#include "frame.hpp"

#include <algorithm>

#include "i18n.hpp"
#include "phone_canvas.hpp"
#include "presenter.hpp"
#include "probes.hpp"
#include "session.hpp"
#include "style.hpp"

#include "loginscope/clock.hpp"
#include "loginscope/demos.hpp"

namespace ls::gui {

namespace {

constexpr ImGuiWindowFlags kFixed = ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                                    ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings |
                                    ImGuiWindowFlags_NoBringToFrontOnFocus;

bool begin_fixed(const char* name, ImVec2 pos, ImVec2 size, ImGuiWindowFlags extra = 0) {
    ImGui::SetNextWindowPos(pos, ImGuiCond_Always);
    ImGui::SetNextWindowSize(size, ImGuiCond_Always);
    return ImGui::Begin(name, nullptr, kFixed | extra);
}

Intents toolbar(AppState& s, const Layout& L) {
    Engine& e = s.engine();
    ToolbarView v;
    v.flow = e.config().flow;
    v.busy = s.in_flight() || e.busy();
    v.step_mode = e.step_mode();
    v.waiting = e.waiting_at();
    v.clock_running = e.clock().running();
    v.speed = e.clock().speed();
    v.now_ms = e.clock().now_ms();
    v.has_next_expiry = s.next_expiry().has_value();
    v.seed = e.config().seed;
    v.profile_outside_tap = s.ui.profile_outside_tap;
    v.recording = s.recorder.recording();
    Intents out;
    if (begin_fixed("##toolbar", L.toolbar_pos, L.toolbar_size, ImGuiWindowFlags_NoScrollbar)) out = draw_toolbar(v, s.ui.toolbar);
    ImGui::End();
    return out;
}

// The profile name of the team's backend this world's app talks to ("" for the built-in server).
std::string answering_backend(const AppState& s) {
    return s.engine().config().backend && s.backend() ? s.backend()->profile.name : "";
}

DevServerView dev_server_view(const AppState& s) {
    DevServerView v;
    v.backend = s.backend();
    v.flow = s.engine().config().flow;
    v.calls = s.backend_calls();
    v.last_call = s.last_backend_call();
    v.recent = s.ui.prefs.recent.backend_profiles;
    v.port_lent = s.platform_port_lent();
    v.busy = s.in_flight() || s.engine().busy();
    return v;
}

Intents setup(AppState& s, const Layout& L) {
    Engine& e = s.engine();
    const Environment env = e.environment();
    Intents out;
    if (begin_fixed("##setup", L.setup_pos, L.setup_size))
        out = draw_setup(SetupView{e.config(), env, s.in_flight() || e.busy(), e.univerify_page(), s.ui.profile_outside_tap,
                                   s.ui.only_authorize, e.flaws(), s.events().size(), dev_server_view(s)},
                         s.ui.setup);
    ImGui::End();
    return out;
}

PhoneView phone_view(AppState& s) {
    Engine& e = s.engine();
    PhoneView v;
    v.flow = e.config().flow;
    v.page = e.univerify_page();
    v.now_ms = e.clock().now_ms();
    v.env = e.environment();
    v.busy = s.in_flight() || e.busy();
    v.running = s.running_step();
    v.waiting = e.waiting_at();
    v.identity = e.identity();
    v.last = e.last_result();
    v.error_dismissed = s.ui.error_dismissed;
    v.overlay = e.overlay();
    if (v.overlay == PhoneOverlay::PackSheet) v.pack_sheet = e.pack_sheet();
    v.phone_sheet_number = e.phone_sheet_number();
    v.fill = e.profile_fill();
    v.profile_outside_tap = s.ui.profile_outside_tap;
    if (v.last && !v.last->pending) {  // a login that ended in the App: signed in, or no longer
        const std::string& a = v.last->action;
        if (a == "wechat_auth_allow" || a == "apple_continue")
            s.ui.app_signed_in = v.last->ok && v.last->token.empty();
        else if (a == "wechat_auth_deny" || a == "apple_cancel" || a == "weixin_app_login" || a == "uni_login_weixin" ||
                 a == "uni_login_apple")
            s.ui.app_signed_in = false;
    }
    v.app_signed_in = s.ui.app_signed_in;
    return v;
}

// The phone's surroundings: a desk grey that suits both themes. With the gloss on, the English of
// each Chinese line under it.
Intents phone_window(const PhoneView& v, ImVec2 pos, ImVec2 size, bool gloss) {
    Intents out;
    const bool dark = ImGui::GetStyle().Colors[ImGuiCol_WindowBg].x < 0.5f;
    ImGui::PushStyleColor(ImGuiCol_WindowBg, dark ? ImVec4(0.16f, 0.18f, 0.20f, 1.0f) : ImVec4(0.89f, 0.90f, 0.92f, 1.0f));
    probe_rect("phone.window", pos, ImVec2(pos.x + size.x, pos.y + size.y));  // the walkthrough's picture
    if (begin_fixed("##phone", pos, size, ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse)) {
        begin_phone_texts(gloss);
        out = draw_phone(v);
        if (gloss) {
            std::string all;
            for (const std::string& g : draw_phone_glosses(ImGui::GetFont())) all += g + "\n";
            probe_text("phone.gloss", all);
        }
    }
    ImGui::End();
    ImGui::PopStyleColor();
    return out;
}

Intents phone(AppState& s, const Layout& L) {
    return phone_window(phone_view(s), L.phone_pos, L.phone_size, s.ui.prefs.phone_gloss);
}

// A violation's event in words: when, and whose message to whom.
std::string evidence_of(const AppState& s, size_t i) {
    const Event& e = s.events()[i];
    const std::string at = format_clock(e.t_ms);
    if (!e.http || !e.to) return at + " · " + e.text;
    const std::string server = answering_backend(s).empty() ? std::string(tr("Developer server")) : answering_backend(s);
    const std::string who = e.actor == Actor::DevServer ? server : tr(actor_title(e.actor));
    return e.kind == "http.response" ? trf("%s · %s's reply (%s) to %s %s", at.c_str(), who.c_str(), e.text.c_str(), e.http->method.c_str(),
                                           e.http->target.c_str())
                                     : at + " · " + who + ": " + e.http->method + " " + e.http->target;
}

// The events that show a live invariant broken (indices into events()).
std::vector<size_t> broken_events(const AppState& s) {
    std::vector<size_t> out;
    for (const InvariantViolation& v : s.violations())
        if (const std::optional<size_t> i = v.event ? s.event_index(*v.event) : std::nullopt) out.push_back(*i);
    return out;
}

std::vector<LiveViolation> live_violations(const AppState& s) {
    std::vector<LiveViolation> out;
    for (const InvariantViolation& v : s.violations()) {
        LiveViolation lv{v.invariant, v.detail, v.event ? s.event_index(*v.event) : std::nullopt, ""};
        if (lv.event) lv.evidence = evidence_of(s, *lv.event);
        out.push_back(std::move(lv));
    }
    return out;
}

// The check the Audit tab selected, whose exchange the inspector shows instead of the session's.
const AuditCheck* shown_audit_check(const AppState& s) {
    const std::vector<AuditCheck>& checks = s.audit.run.report().checks;
    const std::optional<size_t> shown = s.audit.form.shown;
    return shown && *shown < checks.size() ? &checks[*shown] : nullptr;
}

// The inspector over an audit check's exchange. Its selection is the check's own (AuditForm), swapped
// into UiState while it draws, so the session's selection is where it was on the way back.
Intents audit_inspector(AppState& s, const AuditCheck& c, const Layout& L) {
    AuditForm& f = s.audit.form;
    const std::vector<LifetimeBar> bars = lifetime_bars(c.exchange);
    const Flow flow = flow_from_string(c.id.substr(0, c.id.find('/'))).value_or(s.engine().config().flow);
    InspectorView v{c.exchange, bars, std::nullopt, 0, IdentityChain{}, c.exchange.empty() ? 0 : c.exchange.back().t_ms, flow};
    v.audit = true;
    std::swap(s.ui.selected_event, f.selected_event);
    std::swap(s.ui.follow_latest, f.follow_latest);
    Intents out;
    bool back = false;
    if (begin_fixed("##inspector", L.inspector_pos, L.inspector_size, ImGuiWindowFlags_NoScrollbar)) {
        back = draw_audit_check_header(c);
        out = draw_inspector(v, s.ui);
    }
    ImGui::End();
    if (out.select_event) {  // a step of the exchange, not of the session
        s.ui.selected_event = out.select_event;
        s.ui.follow_latest = false;
        out.select_event.reset();
    }
    std::swap(s.ui.selected_event, f.selected_event);
    std::swap(s.ui.follow_latest, f.follow_latest);
    if (back) f.shown.reset();
    return out;
}

// The app's newest hop to a team's backend when it is a request (no reply has come yet).
std::optional<size_t> unanswered_backend_request(const std::vector<Event>& events) {
    for (size_t i = events.size(); i-- > 0;)
        if (events[i].links.value("server") == "backend" && events[i].kind != "token.issued")
            return events[i].kind == "http.request" ? std::optional<size_t>(i) : std::nullopt;
    return std::nullopt;
}

Intents inspector(AppState& s, const Layout& L) {
    if (const AuditCheck* c = shown_audit_check(s)) return audit_inspector(s, *c, L);
    Engine& e = s.engine();
    InspectorView v{s.events(), s.bars(), s.flow_range(s.latest_flow()), s.latest_flow(), e.identity(),
                    e.clock().now_ms(), e.config().flow, live_violations(s)};
    v.waiting_s = s.running_seconds();
    if (v.waiting_s > 0) v.waiting_on = unanswered_backend_request(s.events());
    Intents out;
    if (begin_fixed("##inspector", L.inspector_pos, L.inspector_size, ImGuiWindowFlags_NoScrollbar))
        out = draw_inspector(v, s.ui);
    ImGui::End();
    return out;
}

bool begin_tab(const char* label, const char* probe_key, BottomTab tab, const UiState& ui) {
    const ImGuiTabItemFlags flags = ui.open_tab == tab ? ImGuiTabItemFlags_SetSelected : 0;
    const bool open = ImGui::BeginTabItem(label, nullptr, flags);
    probe_item(probe_key);
    return open;
}

std::string scenario_tab_label(const AppState& s) {
    if (s.recorder.recording()) return std::string(tr("Scenario")) + " · REC " + std::to_string(s.recorder.step_count()) + "###scenario";
    if (s.replay.loaded()) return std::string(tr("Scenario (replay)")) + "###scenario";
    return std::string(tr("Scenario")) + "###scenario";
}

std::string audit_tab_label(const AppState& s) {
    const AuditRun& run = s.audit.run;
    if (run.running()) return std::string(tr("Audit")) + " · " + std::to_string(run.report().checks.size()) + " …###audit";
    return std::string(tr("Audit")) + "###audit";
}

// The bottom tabs; what the Audit tab asks for comes back in `audit` (done after the frame's intents).
Intents bottom_tabs(AppState& s, const Layout& L, AuditCommand& audit) {
    Engine& e = s.engine();
    Intents out;
    if (begin_fixed("##bottom", L.bottom_pos, L.bottom_size, ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse) &&
        ImGui::BeginTabBar("bottom_tabs")) {
        if (begin_tab(tr_id("Timeline").c_str(), "tab.timeline", BottomTab::Timeline, s.ui)) {
            merge(out, draw_timeline(TimelineData{s.events(), s.bars(), e.clock().now_ms(), s.ui.selected_event, e.config().flow,
                                                  answering_backend(s)},
                                     s.ui.timeline));
            ImGui::EndTabItem();
        }
        if (begin_tab(tr_id("Sequence").c_str(), "tab.sequence", BottomTab::Sequence, s.ui)) {
            merge(out, draw_sequence(SequenceData{s.events(), s.messages(), s.ui.selected_event, e.config().flow, answering_backend(s),
                                                  broken_events(s)}));
            ImGui::EndTabItem();
        }
        if (begin_tab(tr_id("Console").c_str(), "tab.console", BottomTab::Console, s.ui)) {
            merge(out, draw_console(s.console()));
            ImGui::EndTabItem();
        }
        const FaultsView faults{e.faults(), e.config().flow, e.environment(), s.last_action_id(), s.in_flight()};
        merge(out, end_phone_faults_after_call(faults, s.ui.fault_form));
        const int active = active_fault_count(faults.rules);
        const std::string faults_label = std::string(tr("Faults")) + (active ? " (" + std::to_string(active) + ")" : "") + "###faults";
        if (begin_tab(faults_label.c_str(), "tab.faults", BottomTab::Faults, s.ui)) {
            merge(out, draw_faults(faults, s.ui.fault_form));
            ImGui::EndTabItem();
        }
        if (s.recorder.recording()) ImGui::PushStyleColor(ImGuiCol_Text, to_vec4(palette::error));
        const bool scenario_open = begin_tab(scenario_tab_label(s).c_str(), "tab.scenario", BottomTab::Scenario, s.ui);
        if (s.recorder.recording()) ImGui::PopStyleColor();
        if (scenario_open) {
            const ScenarioView v{s.recorder.recording(), s.recorder.step_count(), s.recorder.warnings(), s.replay, s.exports,
                                 s.in_flight() || e.busy(), s.ui.prefs.recent};
            merge(out, draw_scenario_tab(v, s.ui.session));
            ImGui::EndTabItem();
        }
        if (begin_tab(audit_tab_label(s).c_str(), "tab.audit", BottomTab::Audit, s.ui)) {
            audit = draw_audit_tab(AuditTabView{s.backend(), e.config().flow, s.audit.run, s.in_flight() || e.busy()}, s.audit.form);
            ImGui::EndTabItem();
        }
        ImGui::EndTabBar();
    }
    ImGui::End();
    s.ui.open_tab.reset();
    return out;
}

}  // namespace

namespace {

void run_presenter_command(AppState& s, PresenterCommand c) {
    PresenterState& p = s.ui.presenter;
    switch (c) {
        case PresenterCommand::None: break;
        case PresenterCommand::Enter: enter_presenter(s); break;
        case PresenterCommand::Exit: exit_presenter(s); break;
        case PresenterCommand::Next: presenter_next(s); break;
        case PresenterCommand::Back: presenter_back(s); break;
        case PresenterCommand::Restart: presenter_restart(s); break;
        case PresenterCommand::PlayPause:
            p.playing = !p.playing;
            if (p.playing && !p.beat) presenter_next(s);  // from the title card, start at once
            break;
    }
}

void open_demo_file(AppState& s, const std::string& file) {
    for (const Demo& d : demos())
        if (file == d.file && !open_demo(s, d)) {
            s.ui.session.status = s.replay.error;
            s.ui.session.status_error = true;
        }
}

// Changes that leave the world alone: preferences, presenter mode, demos, the glossary window.
void apply_view_changes(AppState& s, const Intents& in) {
    if (in.prefs) {
        s.ui.prefs = *in.prefs;
        set_language(in.prefs->lang);
    }
    if (in.show_glossary) s.ui.show_glossary = *in.show_glossary;
    if (in.open_demo) open_demo_file(s, *in.open_demo);
    run_presenter_command(s, in.presenter);
}

}  // namespace

void apply_intents(AppState& s, const Intents& in) {
    apply_view_changes(s, in);
    if (in.attach_backend || in.detach_backend) {
        stop_audit(s);  // its platform holds the port the new world listens on
        if (in.attach_backend) attach_backend_file(s, *in.attach_backend);
        else detach_backend(s);
        return;
    }
    if (in.reset || in.rebuild) {
        if (in.rebuild) {
            const std::vector<FaultRule> keep = carry_faults(s.engine().faults(), in.rebuild->flow, s.ui.fault_form);
            s.rebuild(*in.rebuild);
            for (const FaultRule& r : keep) s.engine().add_fault(r);
        } else {
            s.reset(s.engine().config().seed);
        }
        s.ui.setup.loaded = false;
        after_new_world(s);
        return;
    }
    Engine& e = s.engine();
    for (const std::string& m : in.missing_assets) e.report_missing_asset(m);
    if (in.step_mode) e.set_step_mode(*in.step_mode);
    if (in.next_step) e.next_step();
    if (in.clock_running) e.clock().set_running(*in.clock_running && !s.recorder.recording());
    if (in.speed) e.clock().set_speed(*in.speed);
    apply_world_changes(s, in);
    if (in.environment) s.ui.setup.env = *in.environment;  // presets change the phone too: the setup form follows
    if (!in.add_faults.empty()) s.ui.open_tab = BottomTab::Faults;
    if (in.select_event) {
        s.ui.selected_event = in.select_event;
        s.ui.follow_latest = false;
    }
    if (in.dismiss_error) s.ui.error_dismissed = true;
    if (in.profile_outside_tap) s.ui.profile_outside_tap = *in.profile_outside_tap;
    if (in.only_authorize) s.ui.only_authorize = *in.only_authorize;
    if (in.step) start_action(s, *in.step);
    if (in.session != SessionCommand::None) run_session_command(s, in.session);
}

namespace {

// GLFW's key code for F5: the GLFW backend indexes io.KeysDown by GLFW key codes (imgui 1.86).
constexpr int kKeyF5 = 294;

bool pressed(ImGuiKey key) { return ImGui::IsKeyPressed(ImGui::GetKeyIndex(key), false); }

// F5 anywhere; in presenter mode → / Page Down next, ← / Page Up back, Space play or pause,
// Home or R restart, Esc exit (presentation clickers send Page Up / Page Down).
PresenterCommand presenter_keys(const AppState& s) {
    const ImGuiIO& io = ImGui::GetIO();
    if (io.WantTextInput) return PresenterCommand::None;
    const bool on = s.ui.presenter.on;
    if (ImGui::IsKeyPressed(kKeyF5, false)) return on ? PresenterCommand::Exit : PresenterCommand::Enter;
    if (!on) return PresenterCommand::None;
    if (pressed(ImGuiKey_RightArrow) || pressed(ImGuiKey_PageDown)) return PresenterCommand::Next;
    if (pressed(ImGuiKey_LeftArrow) || pressed(ImGuiKey_PageUp)) return PresenterCommand::Back;
    if (pressed(ImGuiKey_Space)) return PresenterCommand::PlayPause;
    if (pressed(ImGuiKey_Home) || ImGui::IsKeyPressed('R', false)) return PresenterCommand::Restart;
    if (pressed(ImGuiKey_Escape)) return PresenterCommand::Exit;
    return PresenterCommand::None;
}

// The style follows the theme and the scale the fonts were built at.
void keep_style(AppState& s) {
    const std::pair<Theme, float> want{s.ui.prefs.theme, s.ui.font_scale};
    if (s.ui.style_built_for == want) return;
    apply_theme(ImGui::GetStyle(), want.first, want.second);
    s.ui.style_built_for = want;
}

PresenterView presenter_view(const AppState& s) {
    const PresenterState& p = s.ui.presenter;
    PresenterView v;
    v.title = presentation_title(s);
    v.steps = s.replay.loaded() && !p.live ? s.replay.scenario->steps.size() : 0;
    v.step = p.step_starts.size();
    v.beat = p.beat;
    v.playing = p.playing;
    v.busy = s.in_flight() || s.replay.running || p.awaiting_step || p.rewind_to;
    v.live = p.live;
    v.beats = presenter_beats(s.events()).size();
    v.at_end = v.step >= v.steps && p.beat && *p.beat + 1 >= v.beats;
    return v;
}

// The diagram up to the current beat; the beat's own arrow highlighted when it is one (a caption
// about a code issued highlights no arrow of another event).
Intents presenter_sequence(const AppState& s, const PresenterLayout& L, std::optional<size_t> event) {
    std::vector<size_t> shown;
    for (size_t m : s.messages())
        if (event && m <= *event) shown.push_back(m);
    const std::optional<size_t> active = !shown.empty() && shown.back() == event ? event : std::nullopt;
    probe_text("presenter.active_arrow", active ? std::to_string(*active) : "none");
    Intents out;
    if (begin_fixed("##presenter_sequence", L.sequence_pos, L.sequence_size, ImGuiWindowFlags_NoScrollbar))
        draw_sequence(SequenceData{s.events(), shown, active, s.engine().config().flow, answering_backend(s), broken_events(s)});  // view only
    ImGui::End();
    return out;
}

CaptionView caption_view(const AppState& s, std::optional<size_t> event) {
    CaptionView v;
    v.event = event ? &s.events()[*event] : nullptr;
    if (event)
        if (const std::optional<FlawMark> mark = flaw_mark(s.events(), *event)) {
            v.flaw = mark->flaw;
            v.flaw_event = &s.events()[mark->flaw_event];
        }
    v.flow = s.engine().config().flow;
    v.title = presentation_title(s);
    if (s.replay.loaded() && !s.ui.presenter.live)
        for (const Step& st : s.replay.scenario->steps) v.steps.push_back(st.action);
    if (!s.ui.presenter.step_starts.empty() && event) {
        const size_t beat = *s.ui.presenter.beat;
        size_t step = 0;
        for (size_t i = 0; i < s.ui.presenter.step_starts.size(); ++i)
            if (beat >= s.ui.presenter.step_starts[i]) step = i;
        v.active_step = step;
    }
    return v;
}

// The phone as it stood at the beat, as far as the journal tells: before the step's last beat its
// outcome (the failure dialog, the logged-in page) has not happened yet.
PhoneView presenter_phone_view(AppState& s, std::optional<size_t> event) {
    PhoneView v = phone_view(s);
    v.min_text_px = std::round(ImGui::GetFontSize() * 0.62f);  // legible from the back of the room
    const std::vector<size_t> beats = presenter_beats(s.events());
    if (beats.empty() || (event && *event >= beats.back())) return v;
    v.busy = true;  // mid-step: nothing on the phone takes a tap
    v.last.reset();
    for (size_t i = event ? *event + 1 : 0; i < s.events().size(); ++i) {
        const Event& e = s.events()[i];
        if (e.starts && e.starts->id == v.identity.token) v.identity.token.clear();  // issued after the beat
    }
    if (!event) v.app_signed_in = false;
    return v;
}

Intents draw_presenter(AppState& s) {
    const PresenterLayout L = compute_presenter_layout(ImGui::GetIO().DisplaySize);
    const std::optional<size_t> event = presenter_event(s);
    Intents out;
    if (begin_fixed("##presenter_bar", L.bar_pos, L.bar_size, ImGuiWindowFlags_NoScrollbar))
        merge(out, draw_presenter_bar(presenter_view(s), s.ui.prefs));
    ImGui::End();
    const Intents phone_out = phone_window(presenter_phone_view(s, event), L.phone_pos, L.phone_size, s.ui.prefs.phone_gloss);
    out.missing_assets = phone_out.missing_assets;  // the phone is for looking at here, not tapping
    merge(out, presenter_sequence(s, L, event));
    if (begin_fixed("##caption", L.caption_pos, L.caption_size)) draw_caption(caption_view(s, event));
    ImGui::End();
    return out;
}

Intents draw_workbench(AppState& s, float menu_h, AuditCommand& audit) {
    const ImVec2 d = ImGui::GetIO().DisplaySize;
    const int rows = toolbar_rows(s.ui.toolbar, d.x - 2 * ImGui::GetStyle().WindowPadding.x);
    const Layout L = compute_layout(d, menu_h, rows, s.ui.panes_dragged.value_or(s.ui.prefs.panes));
    Intents in;
    merge(in, toolbar(s, L));
    merge(in, setup(s, L));
    merge(in, phone(s, L));
    merge(in, inspector(s, L));
    merge(in, bottom_tabs(s, L, audit));
    draw_splitters(L, s.ui);
    return in;
}

MenuView menu_view(AppState& s) {
    MenuView v;
    v.prefs = s.ui.prefs;
    v.presenter = s.ui.presenter.on;
    v.show_glossary = s.ui.show_glossary;
    v.busy = s.in_flight() || s.replay.running;
    return v;
}

}  // namespace

void draw_frame(AppState& s) {
    ImGuiIO& io = ImGui::GetIO();
    set_language(s.ui.prefs.lang);
    keep_style(s);
    s.engine().clock().follow_real(double(io.DeltaTime) * 1000.0);
    poll_session(s);
    poll_audit(s);
    s.sync();
    presenter_tick(s, double(io.DeltaTime));
    Intents in;
    AuditCommand audit = AuditCommand::None;
    in.presenter = presenter_keys(s);
    if (s.ui.presenter.on) {
        merge(in, draw_presenter(s));
    } else {
        float menu_h = 0;
        merge(in, draw_menu_bar(menu_view(s), menu_h));
        merge(in, draw_workbench(s, menu_h, audit));
    }
    merge(in, draw_glossary_window(s.ui.show_glossary));
    merge(in, draw_file_picker(s.ui.picker));  // a modal over everything while a file is chosen
    apply_intents(s, in);
    apply_audit_command(s, audit);  // a run builds a new world: after the intents drawn against this one
}

}  // namespace ls::gui
