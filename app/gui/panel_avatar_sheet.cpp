// WeChat's avatar sheet (<button open-type="chooseAvatar">, PLATFORM-FACTS §6.6): the page dimmed, an
// action sheet from the bottom — 用微信头像 / 从相册选择 / 拍照, a gap, 取消.
#include "probes.hpp"
#include "profile_form.hpp"

namespace ls::gui {

namespace {
constexpr float kRowH = 56, kGap = 8, kHomeBar = 24;

struct SheetRow {
    const char* label;
    const char* step;
    const char* probe;
};
constexpr SheetRow kRows[] = {
    {"用微信头像", "avatar_use_wechat", "avatar_sheet.wechat"},
    {"从相册选择", "avatar_from_album", "avatar_sheet.album"},
    {"拍照", "avatar_take_photo", "avatar_sheet.camera"},
};

bool sheet_row(const Canvas& c, const std::string& id, float y, const char* label, bool enabled) {
    const bool pressed = c.hit(id.c_str(), 0, y, kScreenW, y + kRowH, enabled);
    if (c.live && ImGui::IsItemActive()) c.fill(0, y, kScreenW, y + kRowH, IM_COL32(0xEC, 0xEC, 0xEC, 255));
    c.text_centered(kScreenW * 0.5f, y + kRowH * 0.5f, 17, palette::text, label);
    return pressed;
}
}  // namespace

void draw_avatar_sheet(const Canvas& c, bool enabled, Intents& out) {
    const int rows = int(std::size(kRows));
    const float cancel_y = kScreenH - kHomeBar - kRowH, top = cancel_y - kGap - rows * kRowH;
    c.fill(0, 0, kScreenW, kScreenH, IM_COL32(0, 0, 0, 128), kScreenRadius);  // the page, dimmed
    c.fill(0, top, kScreenW, kScreenH, kWhite, 12, ImDrawFlags_RoundCornersTop);
    c.fill(0, kScreenH - 40, kScreenW, kScreenH, kWhite, kScreenRadius, ImDrawFlags_RoundCornersBottom);
    for (int i = 0; i < rows; ++i) {
        const float y = top + i * kRowH;
        if (i > 0) c.dl->AddLine(c.pt(0, y), c.pt(kScreenW, y), kLine);
        if (sheet_row(c, std::string("##") + kRows[i].step, y, kRows[i].label, enabled)) out.step = make_step(kRows[i].step);
        probe_live(c, kRows[i].probe, kRows[i].label);
    }
    c.fill(0, cancel_y - kGap, kScreenW, cancel_y, IM_COL32(0xF2, 0xF2, 0xF2, 255));
    if (sheet_row(c, "##avatar_cancel", cancel_y, "取消", enabled)) out.step = make_step("avatar_cancel");
    probe_live(c, "avatar_sheet.cancel", "取消");
    probe_text("avatar_sheet.open", "用微信头像 / 从相册选择 / 拍照 / 取消");
}

}  // namespace ls::gui
