// Live invariants above the inspector's steps (issue 17): what the team's backend broke in this
// world — the rule, what broke it, the journal event that shows it, and a way to open that event.
#include "i18n.hpp"
#include "panels.hpp"
#include "probes.hpp"

#include "loginscope/invariants.hpp"

namespace ls::gui {

namespace {

constexpr size_t kShown = 3;  // the newest; the rest are counted (the inspector must stay usable)

const char* description_of(const std::string& invariant) {
    for (const InvariantInfo& i : invariant_catalog())
        if (invariant == i.id) return i.description;
    return "";
}

void violation(const LiveViolation& v, size_t k, Intents& out) {
    ImGui::PushStyleColor(ImGuiCol_Text, to_vec4(palette::error));
    ImGui::TextWrapped("%s", tr(description_of(v.invariant)));
    ImGui::PopStyleColor();
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("%s · %s", v.invariant.c_str(), v.detail.c_str());
    ImGui::PopStyleColor();
    if (!v.evidence.empty()) ImGui::TextWrapped("%s", v.evidence.c_str());
    if (v.event) {
        ImGui::SameLine();
        if (ImGui::SmallButton((std::string(tr("Show")) + "##violation" + std::to_string(k)).c_str())) out.select_event = *v.event;
        probe_item(("inspector.violation." + std::to_string(k) + ".show").c_str());
    }
}

}  // namespace

void draw_violations(const std::vector<LiveViolation>& all, Intents& out) {
    if (all.empty()) return;
    std::string probe;
    for (const LiveViolation& v : all) probe += v.invariant + ": " + v.detail + " | " + v.evidence + "\n";
    probe_text("inspector.violations", probe);
    ImGui::PushStyleColor(ImGuiCol_Border, to_vec4(palette::error));
    const float line = ImGui::GetTextLineHeightWithSpacing();
    const size_t shown = std::min(all.size(), kShown);
    ImGui::BeginChild("violations", ImVec2(0, std::min(ImGui::GetContentRegionAvail().y * 0.35f, line * float(1 + 4 * shown) + 8)), true);
    ImGui::TextColored(to_vec4(palette::error), tr("Invariants broken in this session: %zu"), all.size());
    for (size_t k = all.size() - shown; k < all.size(); ++k) {
        ImGui::Separator();
        violation(all[k], k, out);
    }
    if (all.size() > shown) ImGui::TextDisabled(tr("(%zu earlier)"), all.size() - shown);
    ImGui::EndChild();
    ImGui::PopStyleColor();
}

}  // namespace ls::gui
