#include "frame.hpp"

#include <algorithm>

#include "probes.hpp"
#include "session.hpp"

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
    if (begin_fixed("##toolbar", L.toolbar_pos, L.toolbar_size, ImGuiWindowFlags_NoScrollbar)) out = draw_toolbar(v);
    ImGui::End();
    return out;
}

Intents setup(AppState& s, const Layout& L) {
    Engine& e = s.engine();
    const Environment env = e.environment();
    Intents out;
    if (begin_fixed("##setup", L.setup_pos, L.setup_size))
        out = draw_setup(SetupView{e.config(), env, s.in_flight() || e.busy(), e.univerify_page(), s.ui.profile_outside_tap,
                                   s.ui.only_authorize, e.flaws()},
                         s.ui.setup);
    ImGui::End();
    return out;
}

Intents phone(AppState& s, const Layout& L) {
    Engine& e = s.engine();
    PhoneView v;
    v.flow = e.config().flow;
    v.page = e.univerify_page();
    v.now_ms = e.clock().now_ms();
    v.env = e.environment();
    v.busy = s.in_flight() || e.busy();
    v.action = s.current_action();
    v.waiting = e.waiting_at();
    v.identity = e.identity();
    v.last = e.last_result();
    v.error_dismissed = s.ui.error_dismissed;
    v.profile_sheet = e.profile_sheet_open();
    v.profile_outside_tap = s.ui.profile_outside_tap;
    v.wechat_auth = e.wechat_auth_open();
    v.apple_sheet = e.apple_sheet_open();
    v.baidu_dialog = e.baidu_dialog_open();
    if (v.last && !v.last->pending) {  // a login that ended in the App: signed in, or no longer
        const std::string& a = v.last->action;
        if (a == "wechat_auth_allow" || a == "apple_continue")
            s.ui.app_signed_in = v.last->ok && v.last->token.empty();
        else if (a == "wechat_auth_deny" || a == "apple_cancel" || a == "weixin_app_login" || a == "uni_login_weixin" ||
                 a == "uni_login_apple")
            s.ui.app_signed_in = false;
    }
    v.app_signed_in = s.ui.app_signed_in;
    Intents out;
    ImGui::PushStyleColor(ImGuiCol_WindowBg, ImVec4(0.89f, 0.90f, 0.92f, 1.0f));
    if (begin_fixed("##phone", L.phone_pos, L.phone_size, ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse))
        out = draw_phone(v);
    ImGui::End();
    ImGui::PopStyleColor();
    return out;
}

Intents inspector(AppState& s, const Layout& L) {
    Engine& e = s.engine();
    InspectorView v{s.events(), s.bars(), s.flow_range(s.latest_flow()), s.latest_flow(), e.identity(),
                    e.clock().now_ms()};
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
    if (s.recorder.recording()) return "Scenario · REC " + std::to_string(s.recorder.step_count()) + "###scenario";
    if (s.replay.loaded()) return "Scenario (replay)###scenario";
    return "Scenario###scenario";
}

Intents bottom_tabs(AppState& s, const Layout& L) {
    Engine& e = s.engine();
    Intents out;
    if (begin_fixed("##bottom", L.bottom_pos, L.bottom_size, ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse) &&
        ImGui::BeginTabBar("bottom_tabs")) {
        if (begin_tab("Timeline", "tab.timeline", BottomTab::Timeline, s.ui)) {
            merge(out, draw_timeline(TimelineData{s.events(), s.bars(), e.clock().now_ms(), s.ui.selected_event},
                                     s.ui.timeline));
            ImGui::EndTabItem();
        }
        if (begin_tab("Sequence", "tab.sequence", BottomTab::Sequence, s.ui)) {
            merge(out, draw_sequence(SequenceData{s.events(), s.messages(), s.ui.selected_event, e.config().flow}));
            ImGui::EndTabItem();
        }
        if (begin_tab("Console", "tab.console", BottomTab::Console, s.ui)) {
            merge(out, draw_console(s.console()));
            ImGui::EndTabItem();
        }
        const std::vector<FaultRule> rules = e.faults();
        const std::string faults_label = rules.empty() ? "Faults###faults" : "Faults (" + std::to_string(rules.size()) + ")###faults";
        if (begin_tab(faults_label.c_str(), "tab.faults", BottomTab::Faults, s.ui)) {
            merge(out, draw_faults(FaultsView{rules, e.config().flow, e.environment()}, s.ui.fault_form));
            ImGui::EndTabItem();
        }
        if (s.recorder.recording()) ImGui::PushStyleColor(ImGuiCol_Text, to_vec4(palette::error));
        const bool scenario_open = begin_tab(scenario_tab_label(s).c_str(), "tab.scenario", BottomTab::Scenario, s.ui);
        if (s.recorder.recording()) ImGui::PopStyleColor();
        if (scenario_open) {
            const ScenarioView v{s.recorder.recording(), s.recorder.step_count(), s.recorder.warnings(), s.replay, s.exports,
                                 s.in_flight() || e.busy()};
            merge(out, draw_scenario_tab(v, s.ui.session));
            ImGui::EndTabItem();
        }
        ImGui::EndTabBar();
    }
    ImGui::End();
    s.ui.open_tab.reset();
    return out;
}

}  // namespace

Layout compute_layout(ImVec2 d) {
    const ImGuiStyle& st = ImGui::GetStyle();
    const float toolbar_h = ImGui::GetFrameHeight() + st.WindowPadding.y * 2;
    const float left_w = std::clamp(d.x * 0.21f, 250.0f, 340.0f);
    const float bottom_h = std::clamp(d.y * 0.31f, 190.0f, 420.0f);
    const float mid_h = std::max(100.0f, d.y - toolbar_h - bottom_h);
    const float phone_w = std::clamp((mid_h - 2 * st.WindowPadding.y) * 0.5f + 2 * st.WindowPadding.x + 24, 240.0f, 440.0f);
    const float right_w = std::max(200.0f, d.x - left_w - phone_w);
    Layout L;
    L.toolbar_pos = ImVec2(0, 0);
    L.toolbar_size = ImVec2(d.x, toolbar_h);
    L.setup_pos = ImVec2(0, toolbar_h);
    L.setup_size = ImVec2(left_w, mid_h);
    L.phone_pos = ImVec2(left_w, toolbar_h);
    L.phone_size = ImVec2(phone_w, mid_h);
    L.inspector_pos = ImVec2(left_w + phone_w, toolbar_h);
    L.inspector_size = ImVec2(right_w, mid_h);
    L.bottom_pos = ImVec2(0, toolbar_h + mid_h);
    L.bottom_size = ImVec2(d.x, d.y - toolbar_h - mid_h);
    return L;
}

void apply_intents(AppState& s, const Intents& in) {
    if (in.reset || in.rebuild) {
        const bool same_config = !in.rebuild;
        if (in.rebuild) {
            const std::vector<FaultRule> keep = s.engine().faults();
            s.rebuild(*in.rebuild);
            for (const FaultRule& r : keep) s.engine().add_fault(r);
        } else {
            s.reset(s.engine().config().seed);
        }
        s.ui.setup.loaded = false;
        after_new_world(s, same_config);
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
    if (in.action != ClientAction::None) start_action(s, in.action, in.action_arg);
    if (in.session != SessionCommand::None) run_session_command(s, in.session);
}

void draw_frame(AppState& s) {
    ImGuiIO& io = ImGui::GetIO();
    s.engine().clock().follow_real(double(io.DeltaTime) * 1000.0);
    poll_session(s);
    s.sync();
    const Layout L = compute_layout(io.DisplaySize);
    Intents in;
    merge(in, toolbar(s, L));
    merge(in, setup(s, L));
    merge(in, phone(s, L));
    merge(in, inspector(s, L));
    merge(in, bottom_tabs(s, L));
    apply_intents(s, in);
}

}  // namespace ls::gui
