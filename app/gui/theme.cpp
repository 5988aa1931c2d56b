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

void light_colours(ImGuiStyle& st) {
    ImGui::StyleColorsLight(&st);
    ImVec4* c = st.Colors;
    c[ImGuiCol_Text] = rgb(0x1F2329);
    c[ImGuiCol_TextDisabled] = rgb(0x8F959E);
    c[ImGuiCol_WindowBg] = rgb(0xFFFFFF);
    c[ImGuiCol_ChildBg] = rgb(0xFFFFFF, 0);
    c[ImGuiCol_PopupBg] = rgb(0xFFFFFF);
    c[ImGuiCol_Border] = rgb(0xDEE0E3);
    c[ImGuiCol_FrameBg] = rgb(0xF0F2F5);
    c[ImGuiCol_FrameBgHovered] = rgb(0xE4E7EB);
    c[ImGuiCol_FrameBgActive] = rgb(0xD9DDE2);
    c[ImGuiCol_Button] = rgb(0xEEF0F3);
    c[ImGuiCol_ButtonHovered] = rgb(0xE1E4E8);
    c[ImGuiCol_ButtonActive] = rgb(0xD3D7DD);
    c[ImGuiCol_Header] = rgb(0xDDF3E6);
    c[ImGuiCol_HeaderHovered] = rgb(0xEAF7EF);
    c[ImGuiCol_HeaderActive] = rgb(0xC9EBD7);
    c[ImGuiCol_CheckMark] = rgb(0x07C160);
    c[ImGuiCol_SliderGrab] = rgb(0x07C160);
    c[ImGuiCol_SliderGrabActive] = rgb(0x06AD56);
    c[ImGuiCol_Separator] = rgb(0xE3E5E8);
    c[ImGuiCol_Tab] = rgb(0xEEF0F3);
    c[ImGuiCol_TabHovered] = rgb(0xDDF3E6);
    c[ImGuiCol_TabActive] = rgb(0xFFFFFF);
    c[ImGuiCol_TabUnfocused] = rgb(0xEEF0F3);
    c[ImGuiCol_TabUnfocusedActive] = rgb(0xFFFFFF);
    c[ImGuiCol_TableHeaderBg] = rgb(0xF2F3F5);
    c[ImGuiCol_TableRowBg] = rgb(0xFFFFFF, 0);
    c[ImGuiCol_TableRowBgAlt] = rgb(0xF7F8FA);
    c[ImGuiCol_TableBorderLight] = rgb(0xECEEF1);
    c[ImGuiCol_ScrollbarBg] = rgb(0xFFFFFF, 0);
}

void dark_colours(ImGuiStyle& st) {
    ImGui::StyleColorsDark(&st);
    ImVec4* c = st.Colors;
    c[ImGuiCol_Text] = rgb(0xE6E8EB);
    c[ImGuiCol_TextDisabled] = rgb(0x8A919C);
    c[ImGuiCol_WindowBg] = rgb(0x1E2227);
    c[ImGuiCol_ChildBg] = rgb(0x1E2227, 0);
    c[ImGuiCol_PopupBg] = rgb(0x262B31);
    c[ImGuiCol_MenuBarBg] = rgb(0x262B31);
    c[ImGuiCol_Border] = rgb(0x3A4048);
    c[ImGuiCol_FrameBg] = rgb(0x2B3138);
    c[ImGuiCol_FrameBgHovered] = rgb(0x353C45);
    c[ImGuiCol_FrameBgActive] = rgb(0x3E4650);
    c[ImGuiCol_Button] = rgb(0x2F353D);
    c[ImGuiCol_ButtonHovered] = rgb(0x3A424C);
    c[ImGuiCol_ButtonActive] = rgb(0x46505C);
    c[ImGuiCol_Header] = rgb(0x1F4D34);
    c[ImGuiCol_HeaderHovered] = rgb(0x275E40);
    c[ImGuiCol_HeaderActive] = rgb(0x2E6E4B);
    c[ImGuiCol_CheckMark] = rgb(0x2BD67B);
    c[ImGuiCol_SliderGrab] = rgb(0x07C160);
    c[ImGuiCol_SliderGrabActive] = rgb(0x2BD67B);
    c[ImGuiCol_Separator] = rgb(0x3A4048);
    c[ImGuiCol_Tab] = rgb(0x2B3138);
    c[ImGuiCol_TabHovered] = rgb(0x275E40);
    c[ImGuiCol_TabActive] = rgb(0x1E2227);
    c[ImGuiCol_TabUnfocused] = rgb(0x2B3138);
    c[ImGuiCol_TabUnfocusedActive] = rgb(0x1E2227);
    c[ImGuiCol_TableHeaderBg] = rgb(0x2B3138);
    c[ImGuiCol_TableRowBg] = rgb(0x1E2227, 0);
    c[ImGuiCol_TableRowBgAlt] = rgb(0x242930);
    c[ImGuiCol_TableBorderLight] = rgb(0x30363D);
    c[ImGuiCol_ScrollbarBg] = rgb(0x1E2227, 0);
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
    if (theme == Theme::Dark) dark_colours(st);
    else light_colours(st);
    shapes(st);
    if (scale != 1.0f) st.ScaleAllSizes(scale);
}

}  // namespace ls::gui
