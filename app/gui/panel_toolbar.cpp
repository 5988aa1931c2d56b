// Toolbar: client actions, step mode, the virtual clock and reset.
#include "i18n.hpp"
#include "panels.hpp"
#include "probes.hpp"

#include "loginscope/clock.hpp"

namespace ls::gui {

namespace {

constexpr double kSpeeds[] = {1, 2, 10, 60};
constexpr const char* kSpeedLabels[] = {"1x", "2x", "10x", "60x"};

// `label` is English, shown translated; the ID never changes.
bool probed_button(const char* label, const char* key) {
    const bool pressed = ImGui::Button(tr_id(label).c_str());
    probe_item(key);
    return pressed;
}

// An API's name is the same in both languages.
bool api_button(const char* api, const char* key) {
    const bool pressed = ImGui::Button(api);
    probe_item(key, api);
    return pressed;
}

void wechat_actions(const ToolbarView& v, Intents& out) {
    // Taro wraps the same call: the toolbar names what the page's code calls.
    if (api_button(v.flow == Flow::Taro ? "Taro.login" : "wx.login", "toolbar.wx_login")) out.step = make_step("wx_login");
    ImGui::SameLine();
    if (probed_button("Resend code", "toolbar.send_code")) out.step = make_step("resend_code");
    ImGui::SameLine();
    if (api_button("checkSession", "toolbar.check_session")) out.step = make_step("check_session");
    ImGui::SameLine();
    if (api_button("getUserProfile", "toolbar.get_user_profile"))
        out.step = profile_step(v.profile_outside_tap);
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("%s", v.profile_outside_tap ? tr("wx.getUserProfile after an await, not in the tap handler\n(Setup: not from a tap)")
                                                      : tr("wx.getUserProfile({desc}) in a tap handler: WeChat's authorization sheet"));
}

void univerify_actions(Intents& out) {
    if (api_button("uni.preLogin", "toolbar.pre_login")) out.step = make_step("pre_login");
    ImGui::SameLine();
    if (api_button("closeAuthView", "toolbar.close_auth_view")) out.step = make_step("close_auth_view");
}

// Short labels (the row must fit at 1280 px); the tooltips name the calls.
void swan_actions(Intents& out) {
    if (api_button("getLoginCode", "toolbar.swan_get_login_code")) out.step = make_step("swan_get_login_code");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("swan.getLoginCode(): a code for the server (10 min, single use)"));
    ImGui::SameLine();
    if (api_button("checkSession", "toolbar.swan_check_session")) out.step = make_step("swan_check_session");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("swan.checkSession(): fails when the session key expired or Baidu is logged out"));
    ImGui::SameLine();
    if (api_button("isLoginSync", "toolbar.swan_is_login_sync")) out.step = make_step("swan_is_login_sync");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("swan.isLoginSync(): {isLogin} of the Baidu app"));
    ImGui::SameLine();
    if (api_button("uni.login", "toolbar.uni_login_baidu")) out.step = make_step("uni_login_baidu");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("uni.login on Baidu (getLoginCode): only after the button's login event, else 请登录"));
}

// A platform pack's client-API buttons (PackButton): its label, its tooltip in the UI's language.
void pack_actions(const PlatformPack& pack, Intents& out) {
    if (probed_button("Resend code", "toolbar.send_code")) out.step = make_step("resend_code");  // every pack logs in with a code
    for (const PackButton& b : pack.buttons) {
        ImGui::SameLine();
        if (api_button(b.label, (std::string("toolbar.") + b.step).c_str())) out.step = make_step(b.step);
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", in_language(b.tip_en, b.tip_zh));
    }
}

const char* login_tooltip(Flow f) {
    switch (f) {
        case Flow::Univerify: return "uni.login({provider:'univerify', univerifyStyle})";
        case Flow::WeChatApp: return tr("wx.weixinAppLogin(): WeChat's authorization page");
        case Flow::UniWeixin: return tr("uni.login({provider:'weixin'}) (onlyAuthorize: Setup)");
        case Flow::UniApple: return tr("uni.login({provider:'apple'}): the Sign in with Apple sheet (iOS)");
        case Flow::Swan: return tr("<button open-type=\"login\">: the Baidu account dialog when Baidu is logged out");
        default: return nullptr;
    }
}

void client_actions(const ToolbarView& v, Intents& out) {
    ImGui::BeginDisabled(v.busy);
    const bool uni = v.flow == Flow::Univerify, apple = v.flow == Flow::UniApple, swan = v.flow == Flow::Swan;
    const PlatformPack* pack = pack_of(v.flow);
    const ImU32 normal = uni ? palette::univerify_blue : apple ? palette::apple_black : swan ? palette::baidu_blue : brand_color(v.flow);
    const ImU32 pressed = uni     ? palette::univerify_blue_pressed
                          : apple ? palette::apple_black_pressed
                          : swan  ? palette::baidu_blue_pressed
                                  : brand_color_pressed(v.flow);
    ImGui::PushStyleColor(ImGuiCol_Button, to_vec4(normal));
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, to_vec4(pressed));
    ImGui::PushStyleColor(ImGuiCol_ButtonActive, to_vec4(pressed));
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 1, 1, 1));
    if (probed_button("Login", "toolbar.login")) out.step = login_step(v.flow);
    ImGui::PopStyleColor(4);  // before the tooltip: it would take the button's white text
    if (const char* tip = login_tooltip(v.flow); tip && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tip);
    ImGui::SameLine();
    if (uni)
        univerify_actions(out);
    else if (pack)
        pack_actions(*pack, out);
    else if (swan)
        swan_actions(out);
    else if (!is_app_flow(v.flow))
        wechat_actions(v, out);
    if (uni || !is_app_flow(v.flow)) ImGui::SameLine();
    if (probed_button("Call API", "toolbar.call_api")) out.step = make_step("call_api");
    ImGui::EndDisabled();
}

void step_controls(const ToolbarView& v, Intents& out) {
    bool step = v.step_mode;
    if (ImGui::Checkbox(tr_id("Step").c_str(), &step)) out.step_mode = step;
    probe_item("toolbar.step_mode");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("Step mode: every hop waits for Next"));
    ImGui::SameLine();
    ImGui::BeginDisabled(!v.waiting.has_value());
    if (probed_button("Next >", "toolbar.next_step")) out.next_step = true;
    ImGui::EndDisabled();
}

void clock_controls(const ToolbarView& v, Intents& out) {
    ImGui::BeginDisabled(v.recording && !v.clock_running);
    const std::string clock = std::string(tr(v.clock_running ? "Pause clock" : "Run clock")) + "###clock";
    if (ImGui::Button(clock.c_str())) out.clock_running = !v.clock_running;
    probe_item("toolbar.clock_running");
    ImGui::EndDisabled();
    if (v.recording && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
        ImGui::SetTooltip("%s", tr("Paused while recording: real-time clock moves cannot be replayed.\nUse +1 min, +5 min or Next expiry."));
    ImGui::SameLine();
    int current = 0;
    for (int i = 0; i < 4; ++i)
        if (v.speed == kSpeeds[i]) current = i;
    ImGui::SetNextItemWidth(ImGui::CalcTextSize("60x").x + ImGui::GetFrameHeight() + 12);
    if (ImGui::Combo("##speed", &current, kSpeedLabels, 4)) out.speed = kSpeeds[current];
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("Clock speed while running"));
    ImGui::SameLine();
    if (probed_button("+1 min", "toolbar.plus_1min")) out.advance_ms += 60 * 1000;
    ImGui::SameLine();
    if (probed_button("+5 min", "toolbar.plus_5min")) out.advance_ms += 5 * 60 * 1000;
    ImGui::SameLine();
    ImGui::BeginDisabled(!v.has_next_expiry);
    if (probed_button("Next expiry", "toolbar.next_expiry")) out.jump_to_next_expiry = true;
    ImGui::EndDisabled();
}

// Right-aligned virtual time and status, on the row's remaining space; the status is dropped first.
void clock_readout(const ToolbarView& v, float from_x) {
    const std::string now = format_clock(v.now_ms);
    const std::string status = v.waiting ? std::string(tr("paused: ")) + to_string(*v.waiting) : tr(v.busy ? "running…" : "idle");
    const float spacing = ImGui::GetStyle().ItemSpacing.x;
    const float right = ImGui::GetWindowContentRegionMax().x;
    const float now_w = ImGui::CalcTextSize(now.c_str()).x;
    const float full_w = now_w + spacing + ImGui::CalcTextSize(status.c_str()).x;
    probe_text("toolbar.clock", now);
    const bool with_status = right - full_w >= from_x;
    ImGui::SameLine(std::max(from_x, right - (with_status ? full_w : now_w)));
    ImGui::TextUnformatted(now.c_str());
    probe_item("toolbar.clock_text", now);
    if (!with_status) return;
    ImGui::SameLine();
    ImGui::TextColored(to_vec4(v.waiting ? palette::fault : palette::neutral), "%s", status.c_str());
    probe_item("toolbar.status", status);
}

void reset_button(const ToolbarView& v, Intents& out) {
    if (probed_button("Reset", "toolbar.reset")) out.reset = true;
    if (ImGui::IsItemHovered()) ImGui::SetTooltip(tr("A new world with seed %llu"), (unsigned long long)v.seed);
}

// The clock's time needs this much beside the last group on its row.
float readout_min_w(const ToolbarView& v) { return ImGui::CalcTextSize(format_clock(v.now_ms).c_str()).x + 16; }

}  // namespace

int toolbar_rows(const ToolbarLayout& layout, float width) {
    int rows = 1;
    float x = 0;
    for (size_t i = 0; i < ToolbarLayout::kGroups; ++i) {
        const float w = layout.group_w[i] + (i + 1 == ToolbarLayout::kGroups ? layout.readout_w : 0);
        if (i > 0 && x + layout.gap + w > width) {
            ++rows;
            x = w;
        } else {
            x += (i > 0 ? layout.gap : 0) + w;
        }
    }
    return rows;
}

namespace {}  // namespace

Intents draw_toolbar(const ToolbarView& v, ToolbarLayout& layout) {
    Intents out;
    // Groups in order; one that does not fit beside the previous starts a new row (the layout
    // sizes the toolbar for toolbar_rows(), from the widths measured here).
    using Group = void (*)(const ToolbarView&, Intents&);
    static const Group groups[ToolbarLayout::kGroups] = {
        client_actions, step_controls, clock_controls, reset_button};
    layout.gap = 20 + ImGui::CalcTextSize("|").x;
    layout.readout_w = readout_min_w(v);
    const float right = ImGui::GetWindowContentRegionMax().x;
    for (size_t i = 0; i < ToolbarLayout::kGroups; ++i) {
        const float w = layout.group_w[i] + (i + 1 == ToolbarLayout::kGroups ? layout.readout_w : 0);
        if (i > 0) {
            ImGui::SameLine();
            if (ImGui::GetCursorPosX() + layout.gap + w <= right) {
                ImGui::SameLine(0, 10);
                ImGui::TextDisabled("|");
                ImGui::SameLine(0, 10);
            } else {
                ImGui::NewLine();
            }
        }
        ImGui::BeginGroup();
        groups[i](v, out);
        ImGui::EndGroup();
        layout.group_w[i] = ImGui::GetItemRectSize().x;
    }
    clock_readout(v, ImGui::GetItemRectMax().x - ImGui::GetWindowPos().x + 16);
    return out;
}

}  // namespace ls::gui
