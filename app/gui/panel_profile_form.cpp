// The profile form on the mini program's logged-in page (profile_form.hpp): the avatar as a button
// with a camera badge, the nickname input, 保存.
#include "profile_form.hpp"

#include "probes.hpp"

namespace ls::gui {

namespace pf = profile_form;

namespace {
constexpr ImU32 kDefaultAvatar = IM_COL32(0xD8, 0xDC, 0xE0, 255);
constexpr ImU32 kPhotoSky = IM_COL32(0x9F, 0xC8, 0xE8, 255);
constexpr ImU32 kPhotoHill = IM_COL32(0x5B, 0x9E, 0x6B, 255);

// WeChat's grey default avatar: a head and shoulders on grey.
void default_avatar(const Canvas& c) {
    c.dl->AddCircleFilled(c.pt(pf::kAvatarX, pf::kAvatarY), pf::kAvatarR * c.s, kDefaultAvatar, 40);
    c.dl->AddCircleFilled(c.pt(pf::kAvatarX, pf::kAvatarY - 8), 11 * c.s, kWhite, 24);
    c.dl->PathArcTo(c.pt(pf::kAvatarX, pf::kAvatarY + 26), 20 * c.s, 3.14159f, 2 * 3.14159f, 24);
    c.dl->PathFillConvex(kWhite);
}

// A chosen picture: a little landscape (the temporary file is not a real image).
void chosen_avatar(const Canvas& c) {
    const float x = pf::kAvatarX, y = pf::kAvatarY, r = pf::kAvatarR;
    c.dl->AddCircleFilled(c.pt(x, y), r * c.s, kPhotoSky, 40);
    c.dl->AddCircleFilled(c.pt(x + 12, y - 12), 7 * c.s, IM_COL32(0xFF, 0xE0, 0x82, 255), 20);
    c.dl->PathArcTo(c.pt(x, y), r * c.s, 0.25f, 3.14159f - 0.25f, 24);
    c.dl->PathLineTo(c.pt(x - 14, y + 2));
    c.dl->PathLineTo(c.pt(x + 2, y + 14));
    c.dl->PathLineTo(c.pt(x + 16, y + 4));
    c.dl->PathFillConvex(kPhotoHill);
}

void camera_badge(const Canvas& c) {
    const float x = pf::kAvatarX + 26, y = pf::kAvatarY + 26;
    c.dl->AddCircleFilled(c.pt(x, y), 11 * c.s, kWhite, 20);
    c.dl->AddCircleFilled(c.pt(x, y), 9.5f * c.s, palette::text_dim, 20);
    c.fill(x - 5, y - 3, x + 5, y + 4, kWhite, 1.5f);
    c.dl->AddCircleFilled(c.pt(x, y + 0.5f), 2.2f * c.s, palette::text_dim, 12);
}
}  // namespace

void draw_nickname_input(const Canvas& c, const std::string& text, bool caret) {
    c.fill(pf::kInputX0, pf::kInputY0, pf::kInputX1, pf::kInputY1, kWhite, 6);
    const ImU32 edge = caret ? palette::wechat_green : IM_COL32(0xD9, 0xD9, 0xD9, 255);
    c.dl->AddRect(c.pt(pf::kInputX0, pf::kInputY0), c.pt(pf::kInputX1, pf::kInputY1), edge, 6 * c.s);
    const float y = (pf::kInputY0 + pf::kInputY1) * 0.5f, x = pf::kInputX0 + 10;
    if (text.empty() && !caret)
        c.text(x, y, 15, palette::text_dim, "请输入昵称");
    else
        c.text(x, y, 15, palette::text, text);
    if (!caret) return;
    const float cx = x + c.measure(15, text).x / c.s + 1;
    if (std::fmod(ImGui::GetTime(), 1.0) < 0.6) c.dl->AddLine(c.pt(cx, y - 9), c.pt(cx, y + 9), palette::wechat_green, std::max(1.0f, 1.5f * c.s));
}

void draw_profile_form(const Canvas& c, const ProfileFill& fill, bool enabled, Intents& out) {
    const float r = pf::kAvatarR;
    if (c.hit("##choose_avatar", pf::kAvatarX - r, pf::kAvatarY - r, pf::kAvatarX + r, pf::kAvatarY + r, enabled))
        out.step = make_step("choose_avatar");
    probe_live(c, "phone.choose_avatar", fill.avatar_url.empty() ? "default" : fill.avatar_url);
    fill.avatar_url.empty() ? default_avatar(c) : chosen_avatar(c);
    camera_badge(c);

    if (c.hit("##nickname_input", pf::kInputX0, pf::kInputY0, pf::kInputX1, pf::kInputY1, enabled)) out.step = make_step("nickname_focus");
    probe_live(c, "phone.nickname_input", fill.nickname);
    draw_nickname_input(c, fill.nickname, false);

    const bool save_pressed = c.hit("##profile_submit", pf::kSaveX0, pf::kInputY0, pf::kSaveX1, pf::kInputY1, enabled);
    if (save_pressed) out.step = make_step("profile_submit");
    probe_live(c, "phone.profile_submit");
    const ImU32 bg = c.live && ImGui::IsItemActive() ? palette::wechat_green_pressed : palette::wechat_green;
    c.fill(pf::kSaveX0, pf::kInputY0, pf::kSaveX1, pf::kInputY1, bg, 6);
    c.text_centered((pf::kSaveX0 + pf::kSaveX1) * 0.5f, (pf::kInputY0 + pf::kInputY1) * 0.5f, 15, kWhite, "保存");
    if (fill.submitted) probe_text("phone.profile_saved", fill.nickname);
}

}  // namespace ls::gui
