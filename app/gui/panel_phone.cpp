// Phone (centre): a phone frame with the mini program's login page, WeChat's toast and modal on
// top; for univerify an App's login page with the carrier's one-click page over it; for swan a Baidu
// smart program page with the Baidu app's account dialog over it. Drawn in a
// 360×720 design space scaled to fit; text never goes below a readable size.
#include <cmath>

#include "app_login.hpp"
#include "i18n.hpp"
#include "panels.hpp"
#include "phone_canvas.hpp"
#include "images.hpp"
#include "probes.hpp"
#include "profile_form.hpp"
#include "profile_sheet.hpp"
#include "univerify_page.hpp"

#include "loginscope/clock.hpp"
#include "loginscope/steps.hpp"

namespace ls::gui {

namespace {

constexpr const char* kAppName = "示例小程序";
constexpr const char* kSwanAppName = "示例智能小程序";

bool logged_in(const PhoneView& v) {
    if (!v.identity.token.empty() && (v.identity.token_expires_at_ms == 0 || v.now_ms < v.identity.token_expires_at_ms)) return true;
    return is_app_flow(v.flow) && v.app_signed_in;
}

void signal_icon(const Canvas& c, float x, float y, bool online) {
    for (int i = 0; i < 4; ++i) {
        const float h = 3.0f + 2.0f * i;
        const ImU32 col = online ? palette::text : IM_COL32(0xC0, 0xC0, 0xC0, 255);
        c.fill(x + i * 4.0f, y + 5 - h, x + i * 4.0f + 2.6f, y + 5, col, 0.6f);
    }
}

void battery_icon(const Canvas& c, float x, float y) {
    c.dl->AddRect(c.pt(x, y - 5.5f), c.pt(x + 22, y + 5.5f), palette::text, 2.5f * c.s, 0, std::max(1.0f, c.s));
    c.fill(x + 2, y - 3.5f, x + 18, y + 3.5f, palette::text, 1);
    c.fill(x + 22.5f, y - 2, x + 24, y + 2, palette::text, 1);
}

// iOS: the time alone on the left in a heavier size, signal, network and battery on the right, no
// carrier name and no percentage.
void ios_status_bar(const Canvas& c, const PhoneView& v, float y) {
    c.text(30, y, 15, palette::text, format_clock(v.now_ms).substr(0, 5));
    float x = kScreenW - 24 - 24;
    battery_icon(c, x, y);
    const std::string net = !v.env.online ? "无服务" : "4G";
    x -= 6 + c.measure(12, net).x / c.s;
    c.text(x, y, 12, palette::text, net);
    signal_icon(c, x - 4 - 15, y - 2.5f, v.env.online);
}

// Android: laid out from both ends in measured widths, so nothing overlaps when text is clamped to 12 px.
void status_bar(const Canvas& c, const PhoneView& v) {
    c.fill(0, 0, kScreenW, kStatusH + kNavH, kWhite, 34, ImDrawFlags_RoundCornersTop);
    const float y = kStatusH * 0.55f;
    probe_text("phone.status_bar", v.env.os);
    if (v.env.os == "ios") {
        probe_text("phone.clock", format_clock(v.now_ms));
        return ios_status_bar(c, v, y);
    }
    const std::string time = format_clock(v.now_ms).substr(0, 8);
    c.text(24, y, 13, palette::text, time);
    probe_text("phone.clock", format_clock(v.now_ms));
    float x = kScreenW - 22 - 24;
    battery_icon(c, x, y);
    x -= 4 + c.measure(11, "100%").x / c.s;
    c.text(x, y, 11, palette::text, "100%");
    const bool uni = v.flow == Flow::Univerify;
    const std::string net = !v.env.online ? "无服务" : uni && !v.env.line.cellular_data ? "WiFi" : "4G";
    const std::string carrier = uni && !v.env.line.sim_present ? "无SIM卡" : uni ? carrier_info(v.env.line.carrier).slogan : "中国移动";
    x -= 8 + c.measure(11, net).x / c.s;
    c.text(x, y, 11, palette::text, net);
    x -= 4 + 15;
    signal_icon(c, x, y - 2.5f, v.env.online);
    x -= 4 + c.measure(11, carrier).x / c.s;
    if (x > 24 + c.measure(13, time).x / c.s + 6) c.text(x, y, 11, palette::text, carrier);
}

// The WeChat mini program title bar: centred title and the "capsule" (more / close) on the right.
void nav_bar(const Canvas& c, const char* title = kAppName) {
    const float y = kStatusH + kNavH * 0.5f;
    c.text_centered(kScreenW * 0.5f, y, 17, palette::text, title);
    const float x1 = kScreenW - 10, x0 = x1 - 87, y0 = y - 16, y1 = y + 16;
    c.fill(x0, y0, x1, y1, IM_COL32(255, 255, 255, 230), 16);
    c.dl->AddRect(c.pt(x0, y0), c.pt(x1, y1), IM_COL32(0xD9, 0xD9, 0xD9, 255), 16 * c.s);
    c.dl->AddLine(c.pt(x0 + 43.5f, y0 + 8), c.pt(x0 + 43.5f, y1 - 8), IM_COL32(0xD9, 0xD9, 0xD9, 255));
    for (int i = -1; i <= 1; ++i) c.dl->AddCircleFilled(c.pt(x0 + 22 + i * 6.5f, y), 2.3f * c.s, palette::text);
    c.dl->AddCircle(c.pt(x0 + 65, y), 8 * c.s, palette::text, 24, 1.6f * c.s);
    c.dl->AddCircleFilled(c.pt(x0 + 65, y), 2.6f * c.s, palette::text);
    c.dl->AddLine(c.pt(0, kStatusH + kNavH), c.pt(kScreenW, kStatusH + kNavH), kLine);
}

// The Baidu smart program title bar: centred title and Baidu's capsule (more / close, the close a
// circled ×) on the right.
void swan_nav_bar(const Canvas& c) {
    const float y = kStatusH + kNavH * 0.5f;
    c.text_centered(kScreenW * 0.5f, y, 17, palette::text, kSwanAppName);
    const float x1 = kScreenW - 10, x0 = x1 - 80, y0 = y - 15, y1 = y + 15;
    const ImU32 edge = IM_COL32(0xDD, 0xDD, 0xDD, 255);
    c.fill(x0, y0, x1, y1, IM_COL32(255, 255, 255, 235), 15);
    c.dl->AddRect(c.pt(x0, y0), c.pt(x1, y1), edge, 15 * c.s);
    c.dl->AddLine(c.pt(x0 + 40, y0 + 8), c.pt(x0 + 40, y1 - 8), edge);
    for (int i = -1; i <= 1; ++i) c.dl->AddCircleFilled(c.pt(x0 + 20 + i * 6, y), 2.1f * c.s, palette::text);
    const float cx = x0 + 60, w = std::max(1.0f, 1.4f * c.s);
    c.dl->AddCircle(c.pt(cx, y), 7.5f * c.s, palette::text, 24, w);
    c.dl->AddLine(c.pt(cx - 3, y - 3), c.pt(cx + 3, y + 3), palette::text, w);
    c.dl->AddLine(c.pt(cx - 3, y + 3), c.pt(cx + 3, y - 3), palette::text, w);
    c.dl->AddLine(c.pt(0, kStatusH + kNavH), c.pt(kScreenW, kStatusH + kNavH), kLine);
}

// A uni-app App's title bar: centred title, no capsule.
void app_nav_bar(const Canvas& c) {
    c.text_centered(kScreenW * 0.5f, kStatusH + kNavH * 0.5f, 17, palette::text, kNativeAppName);
    c.dl->AddLine(c.pt(0, kStatusH + kNavH), c.pt(kScreenW, kStatusH + kNavH), kLine);
}

// A full-width button in a brand's colour (`held` while pressed), the label white and centred.
bool solid_button(const Canvas& c, const char* id, float y, const char* label, bool enabled, ImU32 colour, ImU32 held,
                  float rounding) {
    const float x0 = 28, x1 = kScreenW - 28, y1 = y + 46;
    const bool pressed = c.hit(id, x0, y, x1, y1, enabled);
    c.fill(x0, y, x1, y1, c.live && ImGui::IsItemActive() ? held : colour, rounding);
    c.text_centered(kScreenW * 0.5f, y + 23, 17, kWhite, label);
    return pressed;
}

bool green_button(const Canvas& c, const char* id, float y, const char* label, bool enabled) {
    return solid_button(c, id, y, label, enabled, palette::wechat_green, palette::wechat_green_pressed, 8);
}

bool blue_button(const Canvas& c, const char* id, float y, const char* label, bool enabled) {
    return solid_button(c, id, y, label, enabled, palette::univerify_blue, palette::univerify_blue_pressed, 23);
}

// A platform pack's login button: its brand colour (PackPage), rounded ends.
bool brand_button(const Canvas& c, Flow flow, const char* id, float y, const char* label, bool enabled) {
    return solid_button(c, id, y, label, enabled, brand_color(flow), brand_color_pressed(flow), 23);
}

// The Baidu smart program's open-type="login" button: Baidu blue, rounded ends.
bool baidu_button(const Canvas& c, const char* id, float y, const char* label, bool enabled) {
    return solid_button(c, id, y, label, enabled, palette::baidu_blue, palette::baidu_blue_pressed, 23);
}

// Sign in with Apple's button: black, the Apple logo before the label.
bool black_button(const Canvas& c, const char* id, float y, const char* label, bool enabled) {
    const float x0 = 28, x1 = kScreenW - 28, y1 = y + 46;
    const bool pressed = c.hit(id, x0, y, x1, y1, enabled);
    const ImU32 bg = c.live && ImGui::IsItemActive() ? palette::apple_black_pressed : palette::apple_black;
    c.fill(x0, y, x1, y1, bg, 8);
    const float glyph = 16, gap = 6, w = glyph + gap + c.measure(17, label).x / c.s, lx = kScreenW * 0.5f - w * 0.5f;
    apple_glyph(c, lx + glyph * 0.5f, y + 22, glyph, kWhite, bg);
    c.text(lx + glyph + gap, y + 23, 17, kWhite, label);
    return pressed;
}

// The flow's own login button: green for WeChat, black for Apple, blue for univerify and Baidu.
bool flow_button(const Canvas& c, Flow flow, const char* id, float y, const char* label, bool enabled) {
    if (pack_of(flow)) return brand_button(c, flow, id, y, label, enabled);
    if (flow == Flow::Swan) return baidu_button(c, id, y, label, enabled);
    if (flow == Flow::UniApple) return black_button(c, id, y, label, enabled);
    if (flow == Flow::Univerify) return blue_button(c, id, y, label, enabled);
    return green_button(c, id, y, label, enabled);
}

bool plain_button(const Canvas& c, const char* id, float y, const char* label, bool enabled) {
    const float x0 = 28, x1 = kScreenW - 28, y1 = y + 44;
    const bool pressed = c.hit(id, x0, y, x1, y1, enabled);
    c.fill(x0, y, x1, y1, c.live && ImGui::IsItemActive() ? IM_COL32(0xDE, 0xDE, 0xDE, 255) : IM_COL32(0xF2, 0xF2, 0xF2, 255), 8);
    c.text_centered(kScreenW * 0.5f, y + 22, 16, enabled ? palette::text : palette::text_dim, label);
    return pressed;
}

// A sample app's square icon in `colour`, 示例 on it.
void sample_icon(const Canvas& c, ImU32 colour) {
    const float cx = kScreenW * 0.5f;
    c.fill(cx - 34, 156, cx + 34, 224, colour, 16);
    c.text_centered(cx, 190, 22, kWhite, "示例");
}

// What every login page has under its icon: the app's name and tagline, the flow's own button
// (`id`), the link under it and the terms.
void page_body(const Canvas& c, Flow flow, const char* id, const std::string& name, const std::string& tagline, const char* below,
               bool enabled, Intents& out) {
    const float cx = kScreenW * 0.5f;
    c.text_centered(cx, 258, 19, palette::text, name);
    c.text_centered(cx, 288, 13, palette::text_dim, tagline);
    if (flow_button(c, flow, id, 430, phone_login_label(flow), enabled)) out.step = login_step(flow);
    probe_live(c, "phone.login_button");
    c.text_centered(cx, 506, 14, palette::text_dim, below);
    c.text_centered(cx, kScreenH - 62, 11, palette::text_dim, "登录即表示同意");
    c.text_centered(cx, kScreenH - 42, 11, palette::text_dim, "《用户协议》和《隐私政策》");
}

void mini_program_login_page(const Canvas& c, bool enabled, Intents& out) {
    sample_icon(c, palette::wechat_green);
    page_body(c, Flow::WeChatMp, "##login", kAppName, "登录后可同步你的收藏与订单", "暂不登录", enabled, out);
}

// The Baidu smart program's login page: its <button open-type="login"> (§4.1).
void swan_login_page(const Canvas& c, bool enabled, Intents& out) {
    sample_icon(c, palette::baidu_blue);
    page_body(c, Flow::Swan, "##swan_login", kSwanAppName, "登录后可同步你的收藏与订单", "暂不登录", enabled, out);
}

// The App that calls uni.login({provider:'univerify'}): its own login page, under the carrier's page.
void uni_login_page(const Canvas& c, bool enabled, Intents& out) {
    const float cx = kScreenW * 0.5f;
    const PageImage& logo = page_image("univerify/logo.png");
    if (logo.tex)
        c.dl->AddImageRounded(logo.tex, c.pt(cx - 34, 156), c.pt(cx + 34, 224), ImVec2(0, 0), ImVec2(1, 1), kWhite, 16 * c.s);
    else
        c.fill(cx - 34, 156, cx + 34, 224, palette::univerify_blue, 16);
    page_body(c, Flow::Univerify, "##uni_login", "示例App", "本机号码一键登录，无需短信验证码", "其他手机号登录", enabled, out);
}

// A platform pack's mini program: its PackPage (name, tagline, brand colour) and its login button.
void pack_login_page(const Canvas& c, Flow flow, bool enabled, Intents& out) {
    const PackPage& page = pack_of(flow)->page;
    sample_icon(c, brand_color(flow));
    page_body(c, flow, "##pack_login", page.app_name, page.tagline, "暂不登录", enabled, out);
}

// A native App's login page (wechat-app, uni-weixin, uni-apple): one button for the flow's provider.
void native_login_page(const Canvas& c, Flow flow, bool enabled, Intents& out) {
    native_app_icon(c, kScreenW * 0.5f, 190, 34);
    const char* tagline = flow == Flow::UniApple ? "使用 Apple ID 快速登录" : "使用微信账号快速登录";
    page_body(c, flow, "##app_login", kNativeAppName, tagline, "其他登录方式", enabled, out);
}

// The flow's own login page (FlowInfo::page).
void login_page(const Canvas& c, Flow flow, PhonePage page, bool enabled, Intents& out) {
    switch (page) {
        case PhonePage::MiniProgram: mini_program_login_page(c, enabled, out); break;
        case PhonePage::SmartProgram: swan_login_page(c, enabled, out); break;
        case PhonePage::NativeApp: native_login_page(c, flow, enabled, out); break;
        case PhonePage::OneClickApp: uni_login_page(c, enabled, out); break;
        case PhonePage::PackMiniProgram: pack_login_page(c, flow, enabled, out); break;
    }
}

// A mini program's last buttons on its logged-in page, from `y` down: 检查登录态 (its step; none
// where `check_step` is ""), the developer server's /api/me, and the login again in the flow's colour.
void session_buttons(const Canvas& c, Flow flow, const char* check_step, float y, bool enabled, Intents& out) {
    if (*check_step) {
        if (plain_button(c, "##check_session", y, "检查登录态 checkSession", enabled)) out.step = make_step(check_step);
        probe_live(c, "phone.check_session");
    }
    if (plain_button(c, "##call_api", y + 52, "调用接口 /api/me", enabled)) out.step = make_step("call_api");
    probe_live(c, "phone.call_api");
    if (flow_button(c, flow, "##relogin", y + 104, "重新登录", enabled)) out.step = login_step(flow);
    probe_live(c, "phone.relogin_button");
}

// Who is logged in: an App's user by initial and name (univerify: the number, masked as the page
// showed it); a mini program knows no profile of the user until the user fills one in (§6.6).
void identity_header(const Canvas& c, const PhoneView& v, bool enabled, Intents& out) {
    if (flow_catalog()[size_t(v.flow)].page == PhonePage::MiniProgram) return draw_profile_form(c, v.fill, enabled, out);
    const float cx = kScreenW * 0.5f;
    c.dl->AddCircleFilled(c.pt(cx, 170), 36 * c.s, IM_COL32(0xD8, 0xDC, 0xE0, 255), 40);
    const bool by_phone = v.flow == Flow::Univerify;
    const std::string name = by_phone ? mask_phone(v.env.line.number) : v.env.user;
    const std::string initial = by_phone || name.empty() ? "" : std::string(1, char(std::toupper(name[0])));
    c.text_centered(cx, 170, 26, kWhite, initial);
    c.text_centered(cx, 232, 19, palette::text, name);
}

void logged_in_page(const Canvas& c, const PhoneView& v, bool enabled, Intents& out) {
    const float cx = kScreenW * 0.5f;
    identity_header(c, v, enabled, out);
    const bool swan = v.flow == Flow::Swan, pack = pack_of(v.flow) != nullptr;
    const ImU32 badge_bg = swan ? IM_COL32(0xE6, 0xF0, 0xFF, 255) : pack ? IM_COL32(0xEE, 0xEE, 0xF0, 255) : IM_COL32(0xE6, 0xF8, 0xEE, 255);
    c.fill(cx - 40, 256, cx + 40, 280, badge_bg, 12);
    c.text_centered(cx, 268, 13, swan ? palette::baidu_blue : brand_color(v.flow), "已登录");
    probe_text("phone.logged_in", "已登录");
    if (v.flow == Flow::UniApple)
        c.text_centered(cx, 306, 12, palette::text_dim, "通过 Apple 登录");
    else if (!v.identity.openid.empty())  // swan: the server keeps the openid to itself
        c.text_centered(cx, 306, 12, palette::text_dim, "openid  " + mask_middle(v.identity.openid));
    if (v.identity.token_expires_at_ms > 0) {
        const std::string left = "登录态剩余 " + duration_text(v.identity.token_expires_at_ms - v.now_ms, Lang::Zh);
        c.text_centered(cx, 328, 12, palette::text_dim, left);
        probe_text("phone.session_left", left);
    }
    if (v.last && v.last->action == "phone_allow" && v.last->ok) {  // the server traded the code, kept the number
        const std::string got = "手机号已验证 " + v.last->detail.substr(v.last->detail.rfind(' ') + 1);
        c.text_centered(cx, 350, 12, palette::wechat_green, got);
        probe_text("phone.number_verified", got);
    }
    if (v.last && v.last->action == "profile_submit" && v.last->ok) {  // the form kept what the user filled in
        c.text_centered(cx, 350, 12, palette::wechat_green, "资料已保存");
        probe_text("phone.profile_filled", "资料已保存");
    }
    if (v.last && v.last->action == "profile_allow" && v.last->ok) {  // the server verified the open data
        // From base library 2.27.1 what arrived is the anonymous profile (§6.3): say so on the page.
        const char* got = compare_versions(v.env.base_library, "2.27.1") >= 0 ? "匿名资料「微信用户」，验签通过"
                                                                               : "头像昵称已获取，服务端验签通过";
        c.text_centered(cx, 350, 12, palette::wechat_green, got);
        probe_text("phone.profile_verified", got);
    }
    if (v.flow == Flow::Univerify || is_app_flow(v.flow)) {
        if (v.flow != Flow::UniApple) {  // appleInfo stays in the App: there is no token of ours to call with
            if (plain_button(c, "##call_api", 456, "调用接口 /api/me", enabled)) out.step = make_step("call_api");
            probe_live(c, "phone.call_api");
        }
        if (flow_button(c, v.flow, "##relogin", 512, "重新登录", enabled)) out.step = login_step(v.flow);
        probe_live(c, "phone.relogin_button");
        return;
    }
    if (const PlatformPack* p = pack_of(v.flow))  // a pack's session check (tt.checkSession), if it has one
        return session_buttons(c, v.flow, p->page.check_step, 424, enabled, out);
    if (swan) return session_buttons(c, v.flow, "swan_check_session", 424, enabled, out);
    // wx.getUserProfile must be called in the tap handler itself (§6.3); with the "not from a tap"
    // option the handler awaits something first, and WeChat refuses.
    if (plain_button(c, "##get_user_profile", 372, "获取头像昵称", enabled))
        out.step = profile_step(v.profile_outside_tap);
    probe_live(c, "phone.get_user_profile");
    // <button open-type="getPhoneNumber">: WeChat's own sheet, then a code for the server (§1.7)
    if (plain_button(c, "##get_phone_number", 424, "手机号快速验证", enabled)) out.step = make_step("get_phone_number");
    probe_live(c, "phone.get_phone_number");
    session_buttons(c, v.flow, "check_session", 476, enabled, out);
}

// WeChat's wx.showLoading toast: a dark rounded square with a spinner, centred on the screen.
void loading_toast(const Canvas& c, bool spinning) {
    const float cx = kScreenW * 0.5f, cy = kScreenH * 0.45f;
    c.fill(cx - 60, cy - 60, cx + 60, cy + 60, IM_COL32(0x11, 0x11, 0x11, 200), 12);
    const float t = spinning ? float(ImGui::GetTime()) * 6.0f : 0.0f;
    for (int i = 0; i < 12; ++i) {
        const float a = t + i * 3.14159265f / 6.0f;
        const int alpha = 60 + (i * 195) / 11;
        c.dl->AddLine(c.pt(cx + std::cos(a) * 10, cy - 14 + std::sin(a) * 10),
                      c.pt(cx + std::cos(a) * 18, cy - 14 + std::sin(a) * 18), IM_COL32(255, 255, 255, alpha),
                      std::max(1.5f, 3 * c.s));
    }
    c.text_centered(cx, cy + 30, 15, kWhite, "登录中...");
    probe_text("phone.toast", "登录中...");
}

// WeChat's text toast (wx.showToast with icon none; here WeChat's own after a failed content check).
void text_toast(const Canvas& c, const std::string& text) {
    const float cx = kScreenW * 0.5f, cy = kScreenH * 0.45f, half = c.measure(15, text).x / c.s * 0.5f + 22;
    c.fill(cx - half, cy - 24, cx + half, cy + 24, IM_COL32(0x11, 0x11, 0x11, 200), 10);
    c.text_centered(cx, cy, 15, kWhite, text);
    probe_text("phone.toast", text);
}

// LoginScope's own banner over the phone (not the platform's UI): in the interface's language.
void step_banner(const Canvas& c, Hop hop, Intents& out) {
    const float y0 = kScreenH - 150, y1 = y0 + 52;
    c.fill(16, y0, kScreenW - 16, y1, IM_COL32(0xFF, 0xF4, 0xD6, 250), 10);
    c.dl->AddRect(c.pt(16, y0), c.pt(kScreenW - 16, y1), palette::fault, 10 * c.s);
    c.text(28, y0 + 17, 12, palette::text, tr("Step mode: waiting before"));
    c.text(28, y0 + 36, 13, palette::fault, to_string(hop));
    const float bx1 = kScreenW - 26, bx0 = bx1 - 70;
    if (c.hit("##phone_next", bx0, y0 + 11, bx1, y1 - 11, true)) out.next_step = true;
    probe_item("phone.next_step", to_string(hop));
    c.fill(bx0, y0 + 11, bx1, y1 - 11, palette::fault, 6);
    c.text_centered((bx0 + bx1) * 0.5f, (y0 + y1) * 0.5f, 13, kWhite, tr("Next >"));
}

const char* failure_title(const std::string& action) {
    if (action == "get_user_profile" || action == "profile_allow" || action == "profile_deny") return "获取头像昵称失败";
    if (action == "check_session" || action == "swan_check_session") return "登录态已失效";
    if (action == "call_api") return "请求失败";
    if (action == "profile_submit") return "请填写昵称";
    return "登录失败";
}

// WeChat's wx.showModal: mask, white box, title, content, one "确定" action.
// The failure as a person reads it: the platform's message when there is one, else errMsg.
std::string failure_text(const ActionResult& r) {
    const bool transport_ok = r.errMsg.size() >= 3 && r.errMsg.compare(r.errMsg.size() - 3, 3, ":ok") == 0;
    std::string body = (transport_ok || r.errMsg.empty()) && !r.detail.empty() ? r.detail : r.errMsg;
    if (r.errcode) body += "\nerrcode: " + std::to_string(*r.errcode);
    if (body != r.errMsg && !r.errMsg.empty()) body += "\nerrMsg: " + r.errMsg;
    if (r.http_status) body += "  (HTTP " + std::to_string(r.http_status) + ")";
    return body;
}

// WeChat's wx.showModal: mask, white box, title, content, one "确定" action.
void error_modal(const Canvas& c, const ActionResult& r, Intents& out) {
    c.fill(0, 0, kScreenW, kScreenH, IM_COL32(0, 0, 0, 150), 34);
    const float x0 = 24, x1 = kScreenW - 24, wrap = (x1 - x0 - 32);
    const std::string body = failure_text(r);
    const ImVec2 body_size = c.font->CalcTextSizeA(c.px(14), FLT_MAX, wrap * c.s, body.c_str());
    const float body_h = body_size.y / c.s;
    const float h = 60 + body_h + 24 + 50, y0 = (kScreenH - h) * 0.5f, y1 = y0 + h;
    c.fill(x0, y0, x1, y1, kWhite, 12);
    c.text_centered(kScreenW * 0.5f, y0 + 34, 17, palette::text, failure_title(r.action));
    const ImVec2 bp = c.pt(x0 + 16, y0 + 60);
    c.dl->AddText(c.font, c.px(14), bp, palette::text_dim, body.c_str(), nullptr, wrap * c.s);
    probe_text("phone.error_modal", body);
    const float line_y = y1 - 50;
    c.dl->AddLine(c.pt(x0, line_y), c.pt(x1, line_y), kLine);
    if (c.hit("##modal_ok", x0, line_y, x1, y1, true)) out.dismiss_error = true;
    probe_item("phone.modal_ok");
    c.text_centered(kScreenW * 0.5f, line_y + 25, 17, palette::modal_link, "确定");
}

void phone_body(const Canvas& frame, const Canvas& c) {
    frame.fill(0, 0, kPhoneW, kPhoneH, IM_COL32(0x22, 0x22, 0x24, 255), 46);
    frame.dl->AddRect(frame.pt(0.5f, 0.5f), frame.pt(kPhoneW - 0.5f, kPhoneH - 0.5f), IM_COL32(0x55, 0x55, 0x5A, 255),
                      46 * frame.s, 0, 2);
    c.fill(0, 0, kScreenW, kScreenH, IM_COL32(0xF7, 0xF7, 0xF7, 255), 34);
}

// The overlay over the page, if any (Engine::overlay: one at a time).
void draw_overlay(const Canvas& top, const PhoneView& v, bool enabled, Intents& out) {
    static const StepKind* tap_login = find_step_kind("page_tap_login");  // its button spins while it runs
    switch (v.overlay) {
        case PhoneOverlay::None: break;
        case PhoneOverlay::UniverifyPage:
            draw_univerify_page(top, UniverifyPageView{v.page, enabled, v.busy && v.running == tap_login}, out);
            break;
        case PhoneOverlay::ProfileSheet: draw_profile_sheet(top, ProfileSheetView{kAppName, v.env.user, enabled}, out); break;
        case PhoneOverlay::PhoneNumberSheet:
            draw_phone_number_sheet(top, PhoneNumberSheetView{kAppName, v.phone_sheet_number, enabled}, out);
            break;
        case PhoneOverlay::AvatarSheet: draw_avatar_sheet(top, enabled, out); break;
        case PhoneOverlay::NicknameKeyboard:
            draw_nickname_keyboard(top, NicknameKeyboardView{v.fill.nickname, v.env.user, v.fill.suggests, enabled}, out);
            break;
        case PhoneOverlay::WechatAuth: draw_wechat_auth(top, WechatAuthView{kNativeAppName, v.env.user, enabled}, out); break;
        case PhoneOverlay::AppleSheet: draw_apple_sheet(top, AppleSheetView{kNativeAppName, v.env.user, enabled}, out); break;
        case PhoneOverlay::PackSheet:
            if (v.pack_sheet) draw_pack_sheet(top, PackSheetView{*v.pack_sheet, v.flow, enabled}, out);
            break;
        case PhoneOverlay::BaiduDialog:
            draw_baidu_dialog(top, BaiduDialogView{kSwanAppName, v.env.line.number, enabled}, out);
            break;
    }
}

}  // namespace

Intents draw_phone(const PhoneView& v) {
    Intents out;
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const ImVec2 at = ImGui::GetCursorScreenPos();
    const float s = std::max(0.3f, std::min((avail.x - 8) / kPhoneW, (avail.y - 8) / kPhoneH));
    const ImVec2 phone_origin(std::floor(at.x + (avail.x - kPhoneW * s) * 0.5f), std::floor(at.y + (avail.y - kPhoneH * s) * 0.5f));
    ImFont* font = find_font("phone");
    if (!font) font = ImGui::GetFont();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    Canvas frame{dl, phone_origin, s, font};
    frame.min_px = v.min_text_px;
    probe_text("phone.min_text_px", std::to_string(v.min_text_px));
    Canvas c = frame;
    c.origin = frame.pt(kBezel, kBezel);
    phone_body(frame, c);
    status_bar(c, v);
    const PhonePage page = flow_catalog()[size_t(v.flow)].page;
    if (page == PhonePage::NativeApp || page == PhonePage::OneClickApp)
        app_nav_bar(c);
    else if (page == PhonePage::SmartProgram)
        swan_nav_bar(c);
    else if (const PlatformPack* pack = pack_of(v.flow))
        nav_bar(c, pack->page.app_name);
    else
        nav_bar(c);
    // The step table says which steps are a login under way (their loading toast).
    const StepKind* running = v.busy ? v.running : nullptr;
    const bool login_running = running && running->login_running;
    // A refused picture or nickname is WeChat's own toast, not the app's dialog.
    const bool modal = !v.busy && v.last && !v.last->ok && !v.last->pending && !v.error_dismissed && v.fill.notice.empty();
    const bool enabled = !v.busy && !modal;  // overlapping ImGui items: the first submitted wins the hover
    if (v.overlay != PhoneOverlay::WechatAuth) wechat_auth_closed();
    if (v.overlay != PhoneOverlay::NicknameKeyboard) nickname_keyboard_closed();
    // Whatever lies on top owns every tap beneath it: in ImGui 1.86 even a disabled item takes the
    // hover from a later one it overlaps, so a covered page makes no items at all.
    const bool covered = v.overlay != PhoneOverlay::None || v.waiting || modal || login_running;
    Canvas app = c;
    app.live = !covered;
    if (logged_in(v) && !login_running)
        logged_in_page(app, v, enabled, out);
    else
        login_page(app, v.flow, page, enabled, out);
    Canvas top = c;
    top.live = enabled;  // a busy or covered overlay makes no items: they would take the hover from Next / 确定
    if (v.overlay != PhoneOverlay::None) forget_phone_texts();  // the page lies dimmed under it: no glosses for it
    draw_overlay(top, v, enabled, out);
    if (login_running) loading_toast(c, !v.waiting);
    if (!v.fill.notice.empty()) text_toast(c, v.fill.notice);
    if (v.waiting) step_banner(c, *v.waiting, out);
    if (modal) error_modal(c, *v.last, out);
    ImGui::SetCursorScreenPos(at);
    ImGui::Dummy(ImVec2(std::max(0.0f, avail.x), std::max(0.0f, avail.y)));
    return out;
}

}  // namespace ls::gui
