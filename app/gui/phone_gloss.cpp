// The optional English gloss of the phone's Chinese (View ▸ English gloss on the phone): the mimicked
// screens stay Chinese as on a real phone; with the gloss on, each Chinese line gets its English in
// small type under it. One table; platform error messages are glossed by the catalog's meaning.
#include <string_view>
#include <vector>

#include "phone_canvas.hpp"

#include "loginscope/catalog.hpp"

namespace ls::gui {

namespace {

struct Gloss {
    const char* zh;
    const char* en;
};

// Exact texts, or a prefix followed by ASCII (a number, a time): "登录态剩余 " + "2 h 00 min".
const std::vector<Gloss> kGlosses = {
    {"示例小程序", "Sample mini program"},
    {"示例智能小程序", "Sample smart program"},
    {"示例App", "Sample app"},
    {"微信一键登录", "Log in with WeChat"},
    {"一键登录", "One-click login"},
    {"本机号码一键登录", "Log in with this phone number"},
    {"本机号码一键登录，无需短信验证码", "Log in with this phone's number, no SMS code needed"},
    {"本机号码", "This phone's number"},
    {"其他手机号登录", "Use another phone number"},
    {"其他登录方式", "Other ways to log in"},
    {"登录即表示同意", "By logging in you agree to"},
    {"《用户协议》和《隐私政策》", "the Terms of Service and the Privacy Policy"},
    {"《百度用户协议》和《隐私政策》", "Baidu's Terms of Service and the Privacy Policy"},
    {"提供认证服务", "provides the verification"},
    {"请先阅读并勾选协议", "Please read and tick the agreement first"},
    {"已登录", "Logged in"},
    {"登录态剩余 ", "Session left "},
    {"登录态已失效", "Session expired"},
    {"登录中...", "Logging in…"},
    {"登录失败", "Login failed"},
    {"请求失败", "Request failed"},
    {"重新登录", "Log in again"},
    {"获取头像昵称", "Get avatar and nickname"},
    {"获取头像昵称失败", "Could not get avatar and nickname"},
    {"头像昵称已获取，服务端验签通过", "Profile received; the server verified its signature"},
    {"手机号快速验证", "Verify phone number (getPhoneNumber)"},
    {"手机号已验证 ", "Phone number verified: "},
    {"申请获取并验证你的手机号", "asks to get and verify your phone number"},
    {"用于登录和账号安全验证", "for login and account security"},
    {"微信绑定号码", "the number bound to WeChat"},
    {"请输入昵称", "Enter a nickname"},
    {"保存", "Save"},
    {"用微信头像", "Use WeChat avatar"},
    {"从相册选择", "Choose from album"},
    {"拍照", "Take a photo"},
    {"无法使用该头像", "This avatar cannot be used"},
    {"无法使用该昵称", "This nickname cannot be used"},
    {"完成", "Done"},
    {"资料已保存", "Profile saved"},
    {"请填写昵称", "Please fill in a nickname"},
    {"匿名资料「微信用户」，验签通过", "Anonymous profile (WeChat User); the server verified its signature"},
    {"检查登录态 checkSession", "Check the session (checkSession)"},
    {"调用接口 /api/me", "Call the API /api/me"},
    {"申请获取以下权限", "requests the following permission"},
    {"申请获得以下权限", "requests the following permission"},
    {"申请使用百度账号登录", "wants you to log in with your Baidu account"},
    {"获得你的公开信息(昵称、头像等)", "Your public profile (nickname, avatar, …)"},
    {"获得你的公开信息（昵称、头像、地区及性别）", "Your public profile (nickname, avatar, region, gender)"},
    {"微信个人信息", "WeChat profile"},
    {"微信用户", "WeChat user"},
    {"微信登录", "Log in with WeChat"},
    {"使用微信账号快速登录", "Quick login with your WeChat account"},
    {"正在打开微信…", "Opening WeChat…"},
    {"允许", "Allow"},
    {"拒绝", "Deny"},
    {"确定", "OK"},
    {"取消", "Cancel"},
    {"继续", "Continue"},
    {"使用 Apple 登录", "Sign in with Apple"},
    {"通过 Apple 登录", "Sign in with Apple"},
    {"使用 Apple ID 快速登录", "Quick sign-in with your Apple ID"},
    {"使用你的 Apple ID 创建账户", "Create an account with your Apple ID"},
    {"共享我的电子邮件", "Share my email"},
    {"隐藏邮件地址", "Hide my email"},
    {"转发至 ", "Forwards to "},
    {"百度账号登录", "Baidu account login"},
    {"登录百度账号", "Log in to your Baidu account"},
    {"暂不登录", "Not now"},
    {"登录后可同步你的收藏与订单", "Log in to sync your favourites and orders"},
    {"无SIM卡", "No SIM card"},
    {"无服务", "No service"},
    {"中国移动", "China Mobile"},
    {"中国联通", "China Unicom"},
    {"中国电信", "China Telecom"},
    {"认证服务由中国移动提供", "Verification by China Mobile"},
    {"认证服务由中国联通提供", "Verification by China Unicom"},
    {"认证服务由天翼账号提供", "Verification by Tianyi (China Telecom)"},
    {"请登录", "Please log in"},
};

std::string_view trim(std::string_view s) {
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
    return s;
}

bool ascii(std::string_view s) {
    for (unsigned char c : s)
        if (c >= 0x80) return false;
    return true;
}

bool has_non_ascii(std::string_view s) { return !ascii(s); }

struct Drawn {
    std::string zh;
    ImVec2 min, max;  // the text's rectangle, screen pixels
    float size_px;
};

bool overlaps(ImVec2 a0, ImVec2 a1, ImVec2 b0, ImVec2 b1) { return a0.x < b1.x && b0.x < a1.x && a0.y < b1.y && b0.y < a1.y; }
std::vector<Drawn> g_drawn;  // this frame's Chinese lines on the phone (UI thread)
bool g_collecting = false;

}  // namespace

std::string english_gloss(std::string_view zh) {
    zh = trim(zh);
    const Gloss* best = nullptr;
    size_t best_len = 0;
    for (const Gloss& g : kGlosses) {
        const std::string_view key = trim(g.zh);
        if (zh == key) return g.en;
        if (zh.size() > key.size() && zh.substr(0, key.size()) == key && ascii(zh.substr(key.size())) && key.size() > best_len) {
            best = &g;
            best_len = key.size();
        }
    }
    if (best) return std::string(best->en) + std::string(trim(zh.substr(best_len)));
    for (const CatalogEntry& e : catalog())
        if (zh == e.message && e.meaning && *e.meaning && ascii(e.meaning)) return e.meaning;
    return {};
}

void begin_phone_texts(bool collect) {
    g_drawn.clear();
    g_collecting = collect;
}

void forget_phone_texts() { g_drawn.clear(); }

void note_phone_text(const std::string& text, ImVec2 top_left, ImVec2 size, float size_px) {
    if (!g_collecting || !has_non_ascii(text)) return;
    g_drawn.push_back({text, top_left, ImVec2(top_left.x + size.x, top_left.y + size.y), size_px});
}

// Each glossed line: its English in small type right under it where that covers nothing else on
// the screen (the phone's lines are close together), and as a tooltip when the line is hovered.
std::vector<std::string> draw_phone_glosses(ImFont* font) {
    std::vector<std::string> shown;
    ImDrawList* dl = ImGui::GetWindowDrawList();  // the phone's window: menus and popups stay on top
    std::vector<std::pair<ImVec2, ImVec2>> placed;
    for (const Drawn& d : g_drawn) {
        const std::string en = english_gloss(d.zh);
        if (en.empty()) continue;
        shown.push_back(en);
        if (ImGui::IsWindowHovered() && ImGui::IsMouseHoveringRect(d.min, d.max, false)) {
            ImGui::SetTooltip("%s\n%s", d.zh.c_str(), en.c_str());
            probe_text("phone.gloss.hovered", en);
        }
        const float px = std::max(11.0f, d.size_px * 0.62f);
        const ImVec2 m = font->CalcTextSizeA(px, FLT_MAX, 0, en.c_str());
        const ImVec2 g0(d.min.x, d.max.y), g1(d.min.x + m.x, d.max.y + m.y);
        bool free = true;
        for (const Drawn& o : g_drawn) free = free && (&o == &d || !overlaps(g0, g1, o.min, o.max));
        for (const auto& [p0, p1] : placed) free = free && !overlaps(g0, g1, p0, p1);
        if (!free) continue;
        dl->AddRectFilled(ImVec2(g0.x - 2, g0.y), ImVec2(g1.x + 2, g1.y), IM_COL32(0xEE, 0xF3, 0xFE, 235), 3);
        dl->AddText(font, px, g0, IM_COL32(0x1F, 0x4E, 0xB4, 255), en.c_str());
        placed.emplace_back(g0, g1);
    }
    g_collecting = false;
    return shown;
}

}  // namespace ls::gui
