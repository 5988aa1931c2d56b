// The themes. Light: white panels, soft grey frames, WeChat green for selection and checks. Dark:
// the same shapes on slate, for dim rooms and projectors. The phone's screens keep their own
// (light) colours in both, as a real phone would.
#include "style.hpp"

namespace ls::gui {

namespace {
ImVec4 rgb(int hex, float a = 1.0f) {
    return ImVec4(((hex >> 16) & 0xFF) / 255.0f, ((hex >> 8) & 0xFF) / 255.0f, (hex & 0xFF) / 255.0f, a);
}

void shapes(ImGuiStyle& st) {
    st.WindowPadding = ImVec2(10, 8);
    st.FramePadding = ImVec2(8, 4);
    st.ItemSpacing = ImVec2(8, 6);
    st.ItemInnerSpacing = ImVec2(6, 4);
    st.WindowRounding = 0;
    st.ChildRounding = 4;
    st.FrameRounding = 4;
    st.GrabRounding = 4;
    st.TabRounding = 4;
    st.PopupRounding = 4;
    st.ScrollbarRounding = 6;
    st.WindowBorderSize = 1;
    st.ChildBorderSize = 1;
    st.FrameBorderSize = 0;
}

// Each colour the themes set: its light and dark value (-1: ImGui's own in that theme) and alpha.
struct Swatch {
    ImGuiCol col;
    int light, dark;
    float alpha = 1.0f;
};
const Swatch kSwatches[] = {
    {ImGuiCol_Text, 0x1F2329, 0xE6E8EB},
    {ImGuiCol_TextDisabled, 0x8F959E, 0x8A919C},
    {ImGuiCol_WindowBg, 0xFFFFFF, 0x1E2227},
    {ImGuiCol_ChildBg, 0xFFFFFF, 0x1E2227, 0},
    {ImGuiCol_PopupBg, 0xFFFFFF, 0x262B31},
    {ImGuiCol_MenuBarBg, -1, 0x262B31},
    {ImGuiCol_Border, 0xDEE0E3, 0x3A4048},
    {ImGuiCol_FrameBg, 0xF0F2F5, 0x2B3138},
    {ImGuiCol_FrameBgHovered, 0xE4E7EB, 0x353C45},
    {ImGuiCol_FrameBgActive, 0xD9DDE2, 0x3E4650},
    {ImGuiCol_Button, 0xEEF0F3, 0x2F353D},
    {ImGuiCol_ButtonHovered, 0xE1E4E8, 0x3A424C},
    {ImGuiCol_ButtonActive, 0xD3D7DD, 0x46505C},
    {ImGuiCol_Header, 0xDDF3E6, 0x1F4D34},
    {ImGuiCol_HeaderHovered, 0xEAF7EF, 0x275E40},
    {ImGuiCol_HeaderActive, 0xC9EBD7, 0x2E6E4B},
    {ImGuiCol_CheckMark, 0x07C160, 0x2BD67B},
    {ImGuiCol_SliderGrab, 0x07C160, 0x07C160},
    {ImGuiCol_SliderGrabActive, 0x06AD56, 0x2BD67B},
    {ImGuiCol_Separator, 0xE3E5E8, 0x3A4048},
    {ImGuiCol_Tab, 0xEEF0F3, 0x2B3138},
    {ImGuiCol_TabHovered, 0xDDF3E6, 0x275E40},
    {ImGuiCol_TabActive, 0xFFFFFF, 0x1E2227},
    {ImGuiCol_TabUnfocused, 0xEEF0F3, 0x2B3138},
    {ImGuiCol_TabUnfocusedActive, 0xFFFFFF, 0x1E2227},
    {ImGuiCol_TableHeaderBg, 0xF2F3F5, 0x2B3138},
    {ImGuiCol_TableRowBg, 0xFFFFFF, 0x1E2227, 0},
    {ImGuiCol_TableRowBgAlt, 0xF7F8FA, 0x242930},
    {ImGuiCol_TableBorderLight, 0xECEEF1, 0x30363D},
    {ImGuiCol_ScrollbarBg, 0xFFFFFF, 0x1E2227, 0},
};

void colours(ImGuiStyle& st, Theme theme) {
    const bool dark = theme == Theme::Dark;
    if (dark) ImGui::StyleColorsDark(&st);
    else ImGui::StyleColorsLight(&st);
    for (const Swatch& s : kSwatches)
        if (const int hex = dark ? s.dark : s.light; hex >= 0) st.Colors[s.col] = rgb(hex, s.alpha);
}

}  // namespace

const char* to_string(Theme t) { return t == Theme::Dark ? "dark" : "light"; }

bool theme_from_string(const std::string& s, Theme& out) {
    if (s == "light") out = Theme::Light;
    else if (s == "dark") out = Theme::Dark;
    else return false;
    return true;
}

void apply_theme(ImGuiStyle& st, Theme theme, float scale) {
    st = ImGuiStyle();
    colours(st, theme);
    shapes(st);
    if (scale != 1.0f) st.ScaleAllSizes(scale);
}

}  // namespace ls::gui
