// Audit (bottom tab): the attached backend's battery run from the window — the flow filter, Run /
// Cancel, the progress, the checks as they are settled, their exchanges in the inspector, and the
// Markdown and JUnit exports (into the Scenario tab's export folder).
#include <algorithm>

#include "i18n.hpp"
#include "panels.hpp"
#include "probes.hpp"

namespace ls::gui {

const char* check_status_label(CheckStatus s) { return tr(to_string(s)); }  // PASS, FAIL, SKIPPED

ImU32 check_status_color(CheckStatus s) {
    return s == CheckStatus::Pass ? palette::ok : s == CheckStatus::Fail ? palette::error : palette::neutral;
}

namespace {

constexpr ImU32 kBadgeText = IM_COL32(255, 255, 255, 255);

size_t count(const AuditReport& r, CheckStatus s) {
    return size_t(std::count_if(r.checks.begin(), r.checks.end(), [s](const AuditCheck& c) { return c.status == s; }));
}

// `label` is English (also the button's ID); shown translated.
bool command_button(const char* label, const char* key, bool enabled, const char* tip = nullptr) {
    ImGui::BeginDisabled(!enabled);
    const bool pressed = ImGui::Button(tr_id(label).c_str());
    ImGui::EndDisabled();
    probe_item(key);
    if (tip && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("%s", tr(tip));
    return pressed;
}

void no_backend_note() {
    const char* note = tr("Attach your backend in Setup (Developer server) to audit it.");
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("%s", note);
    ImGui::TextWrapped("%s", tr("The audit drives it through every platform edge case and checks the classic login flaws, "
                                "each check with the exchange that shows it."));
    ImGui::PopStyleColor();
    probe_text("audit.status", note);
}

// The profile, the flow filter, Run / Cancel and the exports, on one row where they fit.
AuditCommand controls(const AuditTabView& v, AuditForm& f) {
    AuditCommand out = AuditCommand::None;
    const AuditRun& run = v.run;
    ImGui::AlignTextToFramePadding();
    ImGui::TextDisabled("%s", tr("Backend"));
    ImGui::SameLine();
    ImGui::TextUnformatted(v.backend->profile.name.c_str());
    probe_text("audit.backend", v.backend->profile.name);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", v.backend->file.c_str());
    ImGui::SameLine(0, ImGui::GetFontSize());
    ImGui::BeginDisabled(run.running());
    const bool has_flow = v.backend->has(v.session_flow);  // else a run covers every flow (start_audit)
    if (ImGui::RadioButton(tr_id("All flows").c_str(), !f.this_flow_only || !has_flow)) f.this_flow_only = false;
    probe_item("audit.flow.all");
    ImGui::SameLine();
    ImGui::BeginDisabled(!has_flow);
    const std::string only = trf("Only %s", to_string(v.session_flow)) + "###audit_only_flow";
    if (ImGui::RadioButton(only.c_str(), f.this_flow_only && has_flow)) f.this_flow_only = true;
    probe_item("audit.flow.this");
    if (!has_flow && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
        ImGui::SetTooltip("%s", tr("The profile has no such flow: choose the flow in Setup"));
    ImGui::EndDisabled();
    ImGui::EndDisabled();
    ImGui::SameLine(0, ImGui::GetFontSize());
    if (command_button("Run", "audit.run", !run.running() && !v.busy,
                       "Runs every check against your backend. The session's world gives the platform's port to the audit\n"
                       "meanwhile and gets it back afterwards (a new world each time)."))
        out = AuditCommand::Run;
    ImGui::SameLine();
    if (command_button("Cancel", "audit.cancel", run.running() && !run.cancelling(), "Stops before the next check"))
        out = AuditCommand::Cancel;
    const bool exportable = !run.running() && run.started();
    ImGui::SameLine(0, ImGui::GetFontSize());
    if (command_button("Export Markdown", "audit.export.markdown", exportable, "audit.md in the Scenario tab's export folder"))
        out = AuditCommand::ExportMarkdown;
    ImGui::SameLine();
    if (command_button("Export JUnit", "audit.export.junit", exportable, "audit-junit.xml in the Scenario tab's export folder"))
        out = AuditCommand::ExportJunit;
    return out;
}

// Where the run stands: under way (how many checks, the seconds so far), ended (the counts), cancelled
// or stopped by an error.
void progress(const AuditRun& run) {
    const AuditReport& r = run.report();
    const size_t n = r.checks.size();
    std::string text;
    ImU32 color = 0;
    if (!run.started()) {
        text = tr("Not run yet: Run checks your backend against every platform edge case.");
    } else if (run.running()) {
        text = run.cancelling() ? trf("%zu checks done · cancelling after the check under way … %.1f s", n, run.elapsed_s())
                                : trf("%zu checks done · running … %.1f s", n, run.elapsed_s());
    } else if (!run.error().empty()) {
        text = trf("Stopped after %zu checks: %s", n, run.error().c_str());
        color = palette::error;
    } else {
        const size_t pass = count(r, CheckStatus::Pass), fail = count(r, CheckStatus::Fail), skip = count(r, CheckStatus::Skipped);
        text = r.cancelled ? trf("Cancelled after %zu checks (%.1f s): %zu passed, %zu failed, %zu skipped", n, run.elapsed_s(), pass, fail, skip)
                           : trf("%zu checks in %.1f s: %zu passed, %zu failed, %zu skipped", n, run.elapsed_s(), pass, fail, skip);
        color = fail ? palette::error : r.cancelled ? palette::fault : palette::ok;
    }
    ImGui::PushStyleColor(ImGuiCol_Text, color ? to_vec4(color) : ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("%s", text.c_str());
    ImGui::PopStyleColor();
    probe_text("audit.status", text);
}

void status_line(const AuditForm& f) {
    if (f.status.empty()) return;
    ImGui::PushStyleColor(ImGuiCol_Text, f.status_error ? to_vec4(palette::error) : ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("%s", f.status.c_str());
    ImGui::PopStyleColor();
    probe_text("audit.export_status", f.status);
}

// One check: a row that selects it (its exchange in the inspector), the verdict's badge, the id, what
// it asks and its seconds; a failure's or a skip's reason under what it asks.
void check_row(const AuditCheck& c, size_t i, AuditForm& f) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    const ImVec2 start = ImGui::GetCursorScreenPos();
    const float line = ImGui::GetTextLineHeight();
    // The row is as tall as the reason wrapped in the title column (its width as last drawn).
    const float reason_h = c.reason.empty() ? 0 : ImGui::CalcTextSize(c.reason.c_str(), nullptr, false, f.reason_width).y;
    const float h = c.title.empty() ? std::max(line, reason_h) : line + (reason_h > 0 ? reason_h + ImGui::GetStyle().ItemSpacing.y : 0);
    const bool selected = f.shown == i;
    if (ImGui::Selectable(("##audit_check" + std::to_string(i)).c_str(), selected,
                          ImGuiSelectableFlags_SpanAllColumns | ImGuiSelectableFlags_AllowItemOverlap, ImVec2(0, h))) {
        f.shown = selected ? std::nullopt : std::optional<size_t>(i);
        f.selected_event.reset();
        f.follow_latest = true;
    }
    probe_item(("audit.check." + std::to_string(i)).c_str(), std::string(to_string(c.status)) + " " + c.id);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("Show its exchange in the inspector"));
    ImGui::SetCursorScreenPos(start);
    badge(check_status_label(c.status), check_status_color(c.status), kBadgeText);
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(c.id.c_str());
    ImGui::TableNextColumn();
    f.reason_width = ImGui::GetContentRegionAvail().x;
    if (!c.title.empty()) {  // a check skipped before it began has only its reason
        ImGui::TextUnformatted(fit_text(c.title, f.reason_width).c_str());
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", c.title.c_str());
    }
    if (!c.reason.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, c.status == CheckStatus::Fail ? to_vec4(palette::error) : ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
        ImGui::TextWrapped("%s", c.reason.c_str());
        ImGui::PopStyleColor();
    }
    ImGui::TableNextColumn();
    if (c.seconds < 1)
        ImGui::Text("%.0f ms", c.seconds * 1000);
    else
        ImGui::Text("%.2f s", c.seconds);
}

void check_table(const AuditRun& run, AuditForm& f) {
    const std::vector<AuditCheck>& checks = run.report().checks;
    if (checks.empty()) return;
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_BordersInnerH |
                                  ImGuiTableFlags_SizingStretchProp;
    if (!ImGui::BeginTable("audit_checks", 4, flags, ImVec2(0, ImGui::GetContentRegionAvail().y))) return;
    float badge_w = 0;
    for (CheckStatus st : {CheckStatus::Pass, CheckStatus::Fail, CheckStatus::Skipped})
        badge_w = std::max(badge_w, ImGui::CalcTextSize(check_status_label(st)).x + 10);
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn(tr("Status"), ImGuiTableColumnFlags_WidthFixed, std::max(badge_w, ImGui::CalcTextSize(tr("Status")).x));
    ImGui::TableSetupColumn(tr("Check"), ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableSetupColumn(tr("What it asks"), ImGuiTableColumnFlags_WidthStretch, 1.6f);
    ImGui::TableSetupColumn(tr("Time"), ImGuiTableColumnFlags_WidthFixed, std::max(ImGui::CalcTextSize("000 ms").x, ImGui::CalcTextSize(tr("Time")).x));
    ImGui::TableHeadersRow();
    // New checks keep the newest in view, unless the list was scrolled up from its end.
    const bool follow = checks.size() != f.drawn_checks && ImGui::GetScrollY() >= ImGui::GetScrollMaxY() - 1;
    f.drawn_checks = checks.size();
    for (size_t i = 0; i < checks.size(); ++i) check_row(checks[i], i, f);
    if (follow) {  // the end of the last row (its reason may wrap below its first line)
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::Dummy(ImVec2(0, 0));
        ImGui::SetScrollHereY(1.0f);
    }
    ImGui::EndTable();
}

}  // namespace

AuditCommand draw_audit_tab(const AuditTabView& v, AuditForm& f) {
    if (!v.backend) {
        no_backend_note();
        return AuditCommand::None;
    }
    const AuditCommand out = controls(v, f);
    progress(v.run);
    status_line(f);
    check_table(v.run, f);
    return out;
}

}  // namespace ls::gui
