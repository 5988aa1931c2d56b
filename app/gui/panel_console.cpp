// Console (bottom tab): what the JavaScript callbacks would print, in order. Clipped.
#include "i18n.hpp"
#include "panels.hpp"
#include "probes.hpp"

namespace ls::gui {

Intents draw_console(const std::vector<std::string>& lines) {
    ImGui::BeginChild("console_lines", ImVec2(0, 0), true, ImGuiWindowFlags_HorizontalScrollbar);
    ImFont* mono = find_font("mono");
    if (mono) ImGui::PushFont(mono);
    if (lines.empty()) ImGui::TextDisabled("%s", tr("console.log output of the callbacks appears here."));
    ImGuiListClipper clipper;
    clipper.Begin(int(lines.size()));
    while (clipper.Step())
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const std::string& line = lines[size_t(i)];
            const bool failed = line.find(":fail") != std::string::npos || line.find("error") != std::string::npos;
            if (failed) ImGui::PushStyleColor(ImGuiCol_Text, to_vec4(palette::error));
            ImGui::TextUnformatted(line.c_str());
            if (failed) ImGui::PopStyleColor();
        }
    if (ImGui::GetScrollY() >= ImGui::GetScrollMaxY() - 2) ImGui::SetScrollHereY(1.0f);
    if (mono) ImGui::PopFont();
    probe_text("console.last", lines.empty() ? "" : lines.back());
    ImGui::EndChild();
    return {};
}

}  // namespace ls::gui
