// The univerify one-click page (univerify_page.hpp). Sizes in univerifyStyle are CSS px of a
// 360-px-wide phone, so one px is one unit of the phone's design space. Layout beyond the style
// (positions, gaps, font sizes) copies the carrier pages: logo, big masked number, small grey
// slogan, a full-width rounded login button, "其他登录方式", checkbox + agreement at the bottom.
#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstdio>

#include "i18n.hpp"
#include "images.hpp"
#include "probes.hpp"
#include "univerify_page.hpp"

#include "loginscope/catalog.hpp"

namespace ls::gui {

namespace {

constexpr float kSheetTop = kScreenH * 0.38f;  // half screen: the sheet covers the bottom ~60%
constexpr float kSide = 28;                    // the buttons' side margins
constexpr float kAuthH = 48;                   // borderRadius "24px" is half of it (§5.4)
constexpr float kOtherH = 40;
constexpr float kTermsSize = 12, kTermsLine = 18;

struct Ctx {
    const Canvas& c;
    const UniverifyStyle& st;
    const UniverifyPageView& v;
    std::vector<std::string>& missing;  // images that could not be shown, "key: path (why)" (journaled, English)
    std::vector<std::string> shown = {};  // the same in the interface's language, for the note on the phone
};

// Why an image could not be shown (images.cpp's words), in the interface's language; a decoder's
// own reason stays as it is.
const char* why_text(const std::string& why) {
    if (why == "not found") return tr("not found");
    if (why == "refused (outside assets/)") return tr("refused (outside assets/)");
    if (why == "unreadable") return tr("unreadable");
    return why.c_str();
}

// Where things go; y values are design units from the screen's top.
struct Layout {
    float top, bottom;
    float icon_top, number_y, slogan_y, auth_y, other_y, buttons_y, terms_bottom, center_y;
    bool close_left;  // full screen: in the nav row at the left; half: the sheet's top-right corner
};

float px_or(const std::string& v, float fallback) { return css_px(v).value_or(fallback); }

// The half-screen sheet and the full-screen page differ only in their gaps (design units).
struct Spacing {
    float top, icon, number, slogan, auth, other, buttons_from_bottom, terms_from_bottom;
    bool close_left;
};
constexpr Spacing kHalf{kSheetTop, 26, 30, 26, 26, 6, 0, 22, false};
constexpr Spacing kFull{kStatusH, 96, 44, 30, 44, 14, 160, 34, true};

Layout layout(const Spacing& g, float icon_h) {
    Layout L{};
    L.top = g.top;
    L.bottom = kScreenH;
    L.icon_top = L.top + g.icon;
    L.number_y = L.icon_top + icon_h + g.number;
    L.slogan_y = L.number_y + g.slogan;
    L.auth_y = L.slogan_y + g.auth;
    L.other_y = L.auth_y + kAuthH + g.other;
    L.buttons_y = g.buttons_from_bottom > 0 ? kScreenH - g.buttons_from_bottom : 0;
    L.terms_bottom = kScreenH - g.terms_from_bottom;
    L.center_y = (L.top + L.bottom) * 0.5f;
    L.close_left = g.close_left;
    return L;
}

// ---- images ------------------------------------------------------------------------------

void placeholder(const Canvas& c, float x0, float y0, float x1, float y1) {
    const ImU32 line = IM_COL32(0x99, 0x99, 0x99, 255);
    c.fill(x0, y0, x1, y1, IM_COL32(0xDD, 0xDD, 0xDD, 255), 4);
    c.dl->AddRect(c.pt(x0, y0), c.pt(x1, y1), line, 4 * c.s);
    c.dl->AddLine(c.pt(x0 + 4, y0 + 4), c.pt(x1 - 4, y1 - 4), line, std::max(1.0f, 1.5f * c.s));
    c.dl->AddLine(c.pt(x1 - 4, y0 + 4), c.pt(x0 + 4, y1 - 4), line, std::max(1.0f, 1.5f * c.s));
}

// The style's image in a design-space box; a grey crossed box (and a note) when it cannot be shown.
const PageImage& image(Ctx& x, const char* key, const std::string& path, float x0, float y0, float x1, float y1,
                       float rounding = 0, ImDrawFlags corners = 0) {
    const PageImage& img = page_image(path);
    if (!img.ok) {
        placeholder(x.c, x0, y0, x1, y1);
        x.missing.push_back(std::string(key) + ": " + path + " (" + img.error + ")");
        x.shown.push_back(std::string(key) + ": " + path + " (" + why_text(img.error) + ")");
    } else if (img.tex) {
        x.c.dl->AddImageRounded(img.tex, x.c.pt(x0, y0), x.c.pt(x1, y1), ImVec2(0, 0), ImVec2(1, 1), kWhite, rounding * x.c.s, corners);
    }
    return img;
}

// ---- page parts --------------------------------------------------------------------------

void background(Ctx& x, const Layout& L) {
    const Canvas& c = x.c;
    const ImU32 bg = css_color(x.st.backgroundColor, kWhite);
    if (!x.st.fullScreen) {
        c.fill(0, 0, kScreenW, kScreenH, IM_COL32(0, 0, 0, 110), kScreenRadius);
        c.fill(0, L.top, kScreenW, L.bottom, bg, kScreenRadius, ImDrawFlags_RoundCornersBottom);
        c.fill(0, L.top, kScreenW, L.top + 32, bg, 16, ImDrawFlags_RoundCornersTop);
        return;
    }
    c.fill(0, L.top, kScreenW, L.bottom, bg, kScreenRadius, ImDrawFlags_RoundCornersBottom);
    if (!x.st.backgroundImage.empty())
        image(x, "backgroundImage", x.st.backgroundImage, 0, L.top, kScreenW, L.bottom, kScreenRadius, ImDrawFlags_RoundCornersBottom);
}

void close_button(Ctx& x, const Layout& L, Intents& out) {
    const Canvas& c = x.c;
    const auto& ic = x.st.closeIcon;
    const float w = px_or(ic.width, 60), h = px_or(ic.height, 60);
    const float x0 = L.close_left ? 2 : kScreenW - 2 - w, y0 = L.top + (L.close_left ? -6 : 2);
    if (!ic.path.empty()) {
        image(x, "closeIcon.path", ic.path, x0, y0, x0 + w, y0 + h);
    } else {  // the default: a grey cross in the middle of the box
        const float cx = x0 + w * 0.5f, cy = y0 + h * 0.5f, r = std::min(w, h) * 0.14f;
        const ImU32 col = IM_COL32(0x8A, 0x8A, 0x8A, 255);
        c.dl->AddLine(c.pt(cx - r, cy - r), c.pt(cx + r, cy + r), col, std::max(1.5f, 2 * c.s));
        c.dl->AddLine(c.pt(cx + r, cy - r), c.pt(cx - r, cy + r), col, std::max(1.5f, 2 * c.s));
    }
    if (c.hit("##uv_close", x0, y0, x0 + w, y0 + h, x.v.enabled)) out.step = make_step("page_tap_close");
    probe_live(c, "univerify.close");
}

void logo_number_slogan(Ctx& x, const Layout& L) {
    const Canvas& c = x.c;
    const auto& ic = x.st.icon;
    const float w = px_or(ic.width, 60), h = px_or(ic.height, 60);
    const float x0 = (kScreenW - w) * 0.5f;
    image(x, "icon.path", ic.path.empty() ? "univerify/logo.png" : ic.path, x0, L.icon_top, x0 + w, L.icon_top + h,
          std::min(w, h) * 0.22f);
    const ImU32 num = css_color(x.st.phoneNum.color, IM_COL32(0x20, 0x20, 0x20, 255));
    c.text_centered(kScreenW * 0.5f, L.number_y, 26, num, x.v.page.masked_number);
    c.text_centered(kScreenW * 0.5f + 0.6f, L.number_y, 26, num, x.v.page.masked_number);  // bold
    probe_text("univerify.number", x.v.page.masked_number);
    const std::string slogan = std::string(carrier_info(x.v.page.carrier).slogan) + "提供认证服务";
    c.text_centered(kScreenW * 0.5f, L.slogan_y, 12, css_color(x.st.slogan.color, IM_COL32(0xBB, 0xBB, 0xBB, 255)), slogan);
    probe_text("univerify.slogan", slogan);
}

void spinner(const Canvas& c, float cx, float cy, float r, ImU32 col) {
    const float a0 = float(ImGui::GetTime()) * 6.0f;
    c.dl->PathArcTo(c.pt(cx, cy), r * c.s, a0, a0 + 4.5f, 20);
    c.dl->PathStroke(col, 0, std::max(1.5f, 2 * c.s));
}

void auth_button(Ctx& x, const Layout& L, Intents& out) {
    const Canvas& c = x.c;
    const auto& b = x.st.authButton;
    const float x0 = kSide, x1 = kScreenW - kSide, y0 = L.auth_y, y1 = y0 + kAuthH;
    if (c.hit("##uv_login", x0, y0, x1, y1, x.v.enabled)) out.step = make_step("page_tap_login");
    probe_live(c, "univerify.login_button", b.title);
    const bool pressed = c.live && (ImGui::IsItemActive() || ImGui::IsItemHovered());
    const ImU32 bg = x.v.logging_in ? css_color(b.disabledColor, IM_COL32(0x73, 0xAA, 0xF5, 255))
                     : pressed      ? css_color(b.highlightColor, palette::univerify_blue_pressed)
                                    : css_color(b.normalColor, palette::univerify_blue);
    c.fill(x0, y0, x1, y1, bg, std::min(px_or(b.borderRadius, 24), kAuthH * 0.5f));
    const ImU32 fg = css_color(b.textColor, kWhite);
    c.text_centered(kScreenW * 0.5f, y0 + kAuthH * 0.5f, 16, fg, b.title);
    if (x.v.logging_in) spinner(c, kScreenW * 0.5f - c.measure(16, b.title).x / c.s * 0.5f - 16, y0 + kAuthH * 0.5f, 7, fg);
}

void other_button(Ctx& x, const Layout& L, Intents& out) {
    const auto& b = x.st.otherLoginButton;
    if (!b.visible) return;
    const Canvas& c = x.c;
    const float x0 = kSide, x1 = kScreenW - kSide, y0 = L.other_y, y1 = y0 + kOtherH;
    if (c.hit("##uv_other", x0, y0, x1, y1, x.v.enabled)) out.step = make_step("page_tap_other_login");
    probe_live(c, "univerify.other_login", b.title);
    const bool pressed = c.live && (ImGui::IsItemActive() || ImGui::IsItemHovered());
    const float r = std::min(px_or(b.borderRadius, 24), kOtherH * 0.5f);
    const ImU32 bg = css_color(pressed ? b.highlightColor : b.normalColor, 0);
    if (bg) c.fill(x0, y0, x1, y1, bg, r);
    if (const ImU32 border = css_color(b.borderColor, 0))
        c.dl->AddRect(c.pt(x0, y0), c.pt(x1, y1), border, r * c.s, 0, std::max(1.0f, c.s));
    c.text_centered(kScreenW * 0.5f, y0 + kOtherH * 0.5f, 14, css_color(b.textColor, IM_COL32(0x65, 0x65, 0x65, 255)), b.title);
}

// buttons.list: a row of icons, full screen only; with a manager the engine keeps the page open.
void custom_buttons(Ctx& x, const Layout& L, Intents& out) {
    const auto& list = x.st.buttons.list;
    if (!x.st.fullScreen || list.empty()) return;
    const float w = px_or(x.st.buttons.iconWidth, 45), gap = 28;
    float cx = (kScreenW - (w * float(list.size()) + gap * float(list.size() - 1))) * 0.5f;
    for (size_t i = 0; i < list.size(); ++i, cx += w + gap) {
        const PageImage& probe_img = page_image(list[i].iconPath);
        const float h = probe_img.ok && probe_img.w > 0 ? w * float(probe_img.h) / float(probe_img.w) : w;  // height scales
        const float y0 = L.buttons_y - h * 0.5f;
        const std::string key = "univerify.custom_button." + std::to_string(i);
        if (x.c.hit(("##uv_btn" + std::to_string(i)).c_str(), cx, y0, cx + w, y0 + h, x.v.enabled)) {
            out.step = make_step("page_tap_custom_button");
            out.step->index = int(i);
        }
        probe_live(x.c, key.c_str(), list[i].provider);
        image(x, "buttons.list.iconPath", list[i].iconPath, cx, y0, cx + w, y0 + h);
    }
}

// ---- the agreement line ------------------------------------------------------------------

struct Token {
    std::string text;
    ImU32 col;
};

size_t utf8_len(unsigned char lead) { return lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4; }
bool is_word(unsigned char ch) { return std::isalnum(ch) || ch == '_' || ch == '-' || ch == '.'; }
bool opens(const std::string& t) { return t == "《" || t == "（" || t == "(" || t == "“"; }
bool closes(const std::string& t) { return t == "》" || t == "）" || t == ")" || t == "，" || t == "。" || t == "、" || t == "”"; }

// Break opportunities: between CJK characters, not inside ASCII words, never after an opening
// bracket or before a closing one.
std::vector<Token> tokens(const std::vector<Token>& segments) {
    std::vector<Token> out;
    bool glue_next = false;
    for (const Token& seg : segments) {
        for (size_t i = 0; i < seg.text.size();) {
            const auto at = [&](size_t k) { return static_cast<unsigned char>(seg.text[k]); };
            size_t n = std::min(utf8_len(at(i)), seg.text.size() - i);
            if (n == 1 && is_word(at(i)))
                while (i + n < seg.text.size() && is_word(at(i + n))) ++n;
            std::string t = seg.text.substr(i, n);
            i += n;
            if ((glue_next || closes(t)) && !out.empty())
                out.back().text += t;  // the glued part takes the previous token's colour
            else
                out.push_back({t, seg.col});
            glue_next = opens(t);
        }
    }
    return out;
}

struct Placed {
    const Token* tok;
    float x;
    int line;
};

std::vector<Placed> wrap(const Canvas& c, const std::vector<Token>& toks, float width, int& lines) {
    std::vector<Placed> out;
    float x = 0;
    lines = 1;
    for (const Token& t : toks) {
        const float w = c.measure(kTermsSize, t.text).x / c.s;
        if (x > 0 && x + w > width) {
            x = 0;
            ++lines;
        }
        out.push_back({&t, x, lines - 1});
        x += w;
    }
    return out;
}

std::string terms_line(Ctx& x, std::vector<Token>& segments) {
    const auto& p = x.st.privacyTerms;
    const ImU32 text = css_color(p.textColor, IM_COL32(0xBB, 0xBB, 0xBB, 255));
    const ImU32 terms = css_color(p.termsColor, IM_COL32(0x54, 0x96, 0xE3, 255));
    segments.push_back({p.prefix, text});
    segments.push_back({carrier_info(x.v.page.carrier).term, terms});
    for (const UniverifyPrivacyItem& item : shown_privacy_items(x.st)) segments.push_back({"《" + item.title + "》", terms});
    segments.push_back({p.suffix, text});
    std::string all;
    for (const Token& s : segments) all += s.text;
    return all;
}

// How much the 12-px floor of the phone's text enlarges the agreement at this scale (≥ 1); the
// checkbox and the line height grow with it so they stay in proportion to the text.
float terms_zoom(const Canvas& c) { return c.px(kTermsSize) / (kTermsSize * c.s); }

void checkbox(Ctx& x, float cx, float cy, Intents& out) {
    const Canvas& c = x.c;
    const auto& p = x.st.privacyTerms;
    const float size = float(std::max(1, p.checkBoxSize)) * terms_zoom(c), h = size * 0.5f;
    const float pad = std::max(0.0f, (28 - size) * 0.5f);  // a finger-sized target around a small box
    if (c.hit("##uv_checkbox", cx - h - pad, cy - h - pad, cx + h + pad, cy + h + pad, x.v.enabled))
        out.step = make_step("page_toggle_checkbox");
    probe_live(c, "univerify.checkbox", x.v.page.checked ? "checked" : "unchecked");
    const std::string& custom = x.v.page.checked ? p.checkedImage : p.uncheckedImage;
    if (!custom.empty()) {
        image(x, x.v.page.checked ? "privacyTerms.checkedImage" : "privacyTerms.uncheckedImage", custom, cx - h, cy - h, cx + h, cy + h);
        return;
    }
    if (!x.v.page.checked) {
        c.dl->AddCircle(c.pt(cx, cy), h * c.s, IM_COL32(0xBB, 0xBB, 0xBB, 255), 24, std::max(1.0f, c.s));
        return;
    }
    c.dl->AddCircleFilled(c.pt(cx, cy), h * c.s, css_color(x.st.authButton.normalColor, palette::univerify_blue), 24);
    const ImVec2 tick[3] = {c.pt(cx - h * 0.5f, cy), c.pt(cx - h * 0.1f, cy + h * 0.4f), c.pt(cx + h * 0.55f, cy - h * 0.4f)};
    c.dl->AddPolyline(tick, 3, kWhite, 0, std::max(1.2f, size * 0.12f * c.s));
}

// The checkbox and the agreement, bottom-aligned at L.terms_bottom; returns the block's top.
float terms(Ctx& x, const Layout& L, Intents& out) {
    const float zoom = terms_zoom(x.c), line_h = std::max(kTermsLine, x.c.px(kTermsSize) / x.c.s * 1.3f);
    const float box = float(std::max(1, x.st.privacyTerms.checkBoxSize)) * zoom;
    const float x0 = 24, text_x = x0 + box + 6, width = kScreenW - 24 - text_x;
    std::vector<Token> segments;
    probe_text("univerify.terms", terms_line(x, segments));
    const std::vector<Token> toks = tokens(segments);
    int lines = 1;
    const std::vector<Placed> placed = wrap(x.c, toks, width, lines);
    const float top = L.terms_bottom - float(lines) * line_h;
    for (const Placed& p : placed)
        x.c.text(text_x + p.x, top + (float(p.line) + 0.5f) * line_h, kTermsSize, p.tok->col, p.tok->text);
    checkbox(x, x0 + box * 0.5f, top + line_h * 0.5f, out);
    return top;
}

// ---- the hint ----------------------------------------------------------------------------

// The "tick the box first" hint: its text is an assumption (§5.5), so it carries the badge.
void hint(Ctx& x, const Layout& L, float terms_top) {
    const Canvas& c = x.c;
    const Assumption* a = find_assumption("univerify.unchecked_hint");
    const std::string text = a ? a->value : "请先阅读并勾选协议";
    const ImVec2 m = c.measure(14, text);
    const float w = m.x / c.s + 28, h = m.y / c.s + 18;
    const bool centre = x.st.privacyTerms.isCenterHint;
    const float x0 = centre ? (kScreenW - w) * 0.5f : 16, y0 = centre ? L.center_y - h * 0.5f : terms_top - h - 9;
    const ImU32 bg = IM_COL32(0x22, 0x22, 0x22, 225);
    c.fill(x0, y0, x0 + w, y0 + h, bg, 8);
    if (!centre) {  // a pointer down at the checkbox
        const float px = 24 + float(std::max(1, x.st.privacyTerms.checkBoxSize)) * terms_zoom(c) * 0.5f;
        c.dl->AddTriangleFilled(c.pt(px - 6, y0 + h), c.pt(px + 6, y0 + h), c.pt(px, y0 + h + 7), bg);
    }
    c.text_centered(x0 + w * 0.5f, y0 + h * 0.5f, 14, kWhite, text);
    probe_text("univerify.hint", text);
    const std::string tag = tr("assumption");  // beside the bubble, so the page's own look stays intact
    const float tw = c.measure(9, tag).x / c.s + 8, th = c.measure(9, tag).y / c.s + 2;
    const bool beside = x0 + w + 4 + tw <= kScreenW - 8;  // else under the bubble's right end
    const float tx = beside ? x0 + w + 4 : x0 + w - tw, ty = beside ? y0 + (h - th) * 0.5f : y0 + h + 3;
    c.fill(tx, ty, tx + tw, ty + th, palette::assumption, 4);
    c.text_centered(tx + tw * 0.5f, ty + th * 0.5f, 9, IM_COL32(0x33, 0x2B, 0x00, 255), tag);
}

void missing_note(Ctx& x, const Layout& L) {
    if (x.missing.empty()) return;
    std::string all;
    for (const std::string& m : x.missing) all += (all.empty() ? "" : "\n") + m;
    probe_text("univerify.missing_images", all);
    const float y0 = L.top + (x.st.fullScreen ? 46 : 8);
    char line[512];
    std::snprintf(line, sizeof line, tr("missing image: %s%s"), x.shown.front().c_str(), x.shown.size() > 1 ? "  …" : "");
    x.c.dl->AddText(x.c.font, x.c.px(11), x.c.pt(12, y0), palette::error, line, nullptr, (kScreenW - 80) * x.c.s);
}

}  // namespace

ImU32 css_color(const std::string& v, ImU32 fallback) {
    const auto rgb = css_rgb(v);
    if (v.empty() || !rgb) return fallback;
    return IM_COL32((*rgb >> 16) & 0xFF, (*rgb >> 8) & 0xFF, *rgb & 0xFF, 255);
}

void draw_univerify_page(const Canvas& c, const UniverifyPageView& v, Intents& out) {
    const UniverifyStyle& st = v.page.style;
    std::vector<std::string> missing;
    Ctx x{c, st, v, missing};
    const float icon_h = px_or(st.icon.height, 60);
    const Layout L = layout(st.fullScreen ? kFull : kHalf, icon_h);
    probe_text("univerify.page", st.fullScreen ? "full" : "half");
    background(x, L);
    logo_number_slogan(x, L);
    auth_button(x, L, out);
    other_button(x, L, out);
    custom_buttons(x, L, out);
    const float terms_top = terms(x, L, out);
    close_button(x, L, out);
    if (v.page.hint_visible) hint(x, L, terms_top);
    missing_note(x, L);
    out.missing_assets = missing;  // the engine journals each one once
}

}  // namespace ls::gui
