// Fonts through fontconfig: never a font file in the repo (ENGINEERING.md). The dialogs are
// Chinese, so the UI font must have CJK glyphs; without one we say which package to install.
#include <cstdio>
#include <cstring>
#include <deque>
#include <optional>
#include <string>

#include <fontconfig/fontconfig.h>

#include "i18n.hpp"
#include "style.hpp"

#include "loginscope/catalog.hpp"
#include "loginscope/demos.hpp"
#include "loginscope/flaws.hpp"
#include "loginscope/platform_pack.hpp"
#include "loginscope/glossary.hpp"
#include "loginscope/narration.hpp"
#include "loginscope/univerify.hpp"

namespace ls::gui {

namespace {

// Every non-ASCII character the panels draw (kept in sync by hand; a missing one renders as '?').
constexpr const char* kUiText = "·×—…←→✓《》一不与中余你例信剩务动协单即口可同后和国失定小已序录微态意户接收政效新无暂服查检步求用登的确示私移程策藏表订议请调败重键隐";
// The univerify App page and the one-click page's own words (the style's defaults and the
// carriers' slogans and terms are added from the core). Text typed into a style outside these
// and the catalog shows as '?' in the phone.
constexpr const char* kUniverifyText = "示例App本机号码一键登录，无需短信验证码其他手机号登录即表示同意《用户协议》和《隐私政策》"
                                       "提供认证服务图片缺失无SIM卡用户服务协议隐私政策请先阅读并勾选";

// wx.getUserProfile: the page's button, WeChat's authorization sheet, the failure dialog and the
// inspector's check marks.
constexpr const char* kProfileText = "获取头像昵称失败申请获取以下权限获得你的公开信息(昵称、头像等)微信个人信息微信用户拒绝允许"
                                     "头像昵称已获取，服务端验签通过✓–匿名资料「」"
                                     "手机号快速验证申请获取并验证你的手机号用于登录和账号安全验证微信绑定号码已"
                                     "请输入昵称保存用微信头像从相册选择拍照取消无法使用该头像昵称完成资料已填写";

// The App flows: WeChat's authorization page, the Sign in with Apple sheet, the native App's login
// page and the Setup options' tooltips.
constexpr const char* kAppLoginText = "微信正在打开微信…申请获得以下权限获得你的公开信息（昵称、头像、地区及性别）微信个人信息微信用户允许拒绝"
                                      "使用 Apple 登录使用你的 Apple ID 创建账户共享我的电子邮件隐藏邮件地址转发至继续取消用户"
                                      "示例App使用微信账号快速登录使用 Apple ID 快速登录微信登录通过 Apple 登录其他登录方式重新登录"
                                      "调用接口已登录业务参数配置缺失客户端未安装";

// Baidu (swan): the smart program's page and title bar, the Baidu app's account login dialog.
constexpr const char* kBaiduText = "示例智能小程序百度账号登录登录后可同步你的收藏与订单暂不登录已登录检查登录态重新登录调用接口"
                                   "百度登录百度账号申请使用百度账号登录本机号码一键登录取消登录即表示同意《百度用户协议》和《隐私政策》"
                                   "请登录";

struct FontFile {
    std::string path;
    int index = 0;
};

std::optional<FontFile> match_font(const char* family, FcChar32 must_have) {
    FcPattern* pat = FcNameParse(reinterpret_cast<const FcChar8*>(family));
    if (!pat) return std::nullopt;
    FcConfigSubstitute(nullptr, pat, FcMatchPattern);
    FcDefaultSubstitute(pat);
    FcResult result = FcResultNoMatch;
    FcPattern* match = FcFontMatch(nullptr, pat, &result);
    FcPatternDestroy(pat);
    if (!match) return std::nullopt;
    std::optional<FontFile> out;
    FcChar8* file = nullptr;
    FcCharSet* chars = nullptr;
    int index = 0;
    if (FcPatternGetString(match, FC_FILE, 0, &file) == FcResultMatch &&
        FcPatternGetCharSet(match, FC_CHARSET, 0, &chars) == FcResultMatch && FcCharSetHasChar(chars, must_have)) {
        FcPatternGetInteger(match, FC_INDEX, 0, &index);
        out = FontFile{reinterpret_cast<const char*>(file), index};
    }
    FcPatternDestroy(match);
    return out;
}

std::optional<FontFile> find_cjk_font() {
    const char* families[] = {"WenQuanYi Micro Hei:lang=zh-cn", "Noto Sans CJK SC:lang=zh-cn",
                              "Source Han Sans SC:lang=zh-cn", "WenQuanYi Zen Hei:lang=zh-cn",
                              "sans-serif:lang=zh-cn"};
    for (const char* f : families)
        if (auto file = match_font(f, 0x5FAE /* 微 */)) return file;
    return std::nullopt;
}

// Glyph range tables must outlive the atlas build; keep them for the process.
const ImWchar* keep_ranges(ImVector<ImWchar> ranges) {
    static std::deque<ImVector<ImWchar>> kept;
    kept.push_back(std::move(ranges));
    return kept.back().Data;
}

// The Chinese interface, narration, glossary, flaws and demos (the caption's large face draws them too).
void add_teaching_text(ImFontGlyphRangesBuilder& b) {
    for (const Translation& t : chinese_table()) b.AddText(t.zh);
    for (const NarrationEntry& n : narration_table()) b.AddText(n.zh);
    for (const GlossaryTerm& g : glossary()) {
        b.AddText(g.term);
        b.AddText(g.zh);
    }
    for (const FlawInfo& f : flaw_catalog()) {
        b.AddText(f.title_zh);
        b.AddText(f.attack_zh);
    }
    for (const Demo& d : demos()) b.AddText(d.title_zh);
    for (const PlatformPack& p : platform_packs())
        for (const std::string& t : pack_texts(p)) b.AddText(t.c_str());
    for (const PlatformPack& p : platform_packs())
        for (const auto& [en, zh] : p.translations) b.AddText(zh);
}

void add_platform_text(ImFontGlyphRangesBuilder& b) {
    b.AddText(kUiText);
    for (const CatalogEntry& e : catalog()) {
        b.AddText(e.message);
        b.AddText(e.meaning);
    }
    for (const Assumption& a : assumptions()) {
        b.AddText(a.value);
        b.AddText(a.why);
    }
    b.AddText(kUniverifyText);
    b.AddText(kProfileText);
    b.AddText(kAppLoginText);
    b.AddText(kBaiduText);
    for (const CarrierInfo& c : carriers()) {
        b.AddText(c.slogan);
        b.AddText(c.term);
    }
    const UniverifyStyle d;
    for (const std::string* t : {&d.authButton.title, &d.otherLoginButton.title, &d.privacyTerms.prefix, &d.privacyTerms.suffix})
        b.AddText(t->c_str());
    add_teaching_text(b);
}

const ImWchar* ui_ranges() {
    ImFontGlyphRangesBuilder b;
    b.AddRanges(ImGui::GetIO().Fonts->GetGlyphRangesChineseSimplifiedCommon());
    add_platform_text(b);
    ImVector<ImWchar> r;
    b.BuildRanges(&r);
    return keep_ranges(std::move(r));
}

const ImWchar* small_ranges() {
    ImFontGlyphRangesBuilder b;
    b.AddRanges(ImGui::GetIO().Fonts->GetGlyphRangesDefault());
    add_platform_text(b);
    ImVector<ImWchar> r;
    b.BuildRanges(&r);
    return keep_ranges(std::move(r));
}

ImFontConfig config(const char* name, int index, bool merge = false) {
    ImFontConfig c;
    std::snprintf(c.Name, sizeof c.Name, "%s", name);
    c.FontNo = index;
    c.OversampleH = 1;  // CJK atlases get large; 1 is what imgui's docs advise for them
    c.OversampleV = 1;
    c.PixelSnapH = true;
    c.MergeMode = merge;
    return c;
}

void add_mono(ImGuiIO& io, const std::optional<FontFile>& cjk, float scale) {
    const auto mono = match_font("DejaVu Sans Mono", 'A');
    if (!mono) return;
    ImFontConfig c = config("mono", mono->index);
    if (!io.Fonts->AddFontFromFileTTF(mono->path.c_str(), 14 * scale, &c, io.Fonts->GetGlyphRangesDefault())) return;
    if (cjk) {
        ImFontConfig m = config("mono", cjk->index, true);
        io.Fonts->AddFontFromFileTTF(cjk->path.c_str(), 14 * scale, &m, small_ranges());
    }
}

}  // namespace

bool load_fonts(ImGuiIO& io, float scale) {
    FcInit();
    const auto cjk = find_cjk_font();
    if (!cjk) {
        std::fprintf(stderr, "no CJK font found: apt-get install fonts-wqy-microhei\n");
        io.Fonts->AddFontDefault();
        add_mono(io, cjk, scale);
        return false;
    }
    ImFontConfig ui = config("ui", cjk->index);
    if (!io.Fonts->AddFontFromFileTTF(cjk->path.c_str(), 16 * scale, &ui, ui_ranges())) {
        std::fprintf(stderr, "cannot load font %s: using the default font\n", cjk->path.c_str());
        io.Fonts->AddFontDefault();
        return false;
    }
    ImFontConfig phone = config("phone", cjk->index);
    phone.OversampleH = 2;
    io.Fonts->AddFontFromFileTTF(cjk->path.c_str(), 22 * scale, &phone, small_ranges());
    add_mono(io, cjk, scale);
    return true;
}

}  // namespace ls::gui
