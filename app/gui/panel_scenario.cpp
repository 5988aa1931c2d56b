// Scenario (bottom tab): record what you do into a scenario file, open one and step through it,
// and export the session (journal JSON, HAR, Markdown walkthrough). Three columns, like Faults.
#include <cfloat>

#include "i18n.hpp"
#include "panels.hpp"
#include "probes.hpp"

#include "imgui_stdlib.h"

namespace ls::gui {

namespace {


void heading(const char* title) { ImGui::TextColored(to_vec4(palette::neutral), "%s", tr(title)); }

void message(const std::string& text, bool error) {
    if (text.empty()) return;
    ImGui::PushStyleColor(ImGuiCol_Text, error ? to_vec4(palette::error) : ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("%s", text.c_str());
    ImGui::PopStyleColor();
}

// `label` and `tip` are English (the label is the button's ID); both are shown translated.
bool command_button(const char* label, const char* key, bool enabled, const char* tip = nullptr, const char* padding = "") {
    ImGui::BeginDisabled(!enabled);
    const bool pressed = ImGui::Button((std::string(padding) + tr(label) + "###" + label).c_str());
    ImGui::EndDisabled();
    probe_item(key);
    if (tip && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("%s", tr(tip));
    return pressed;
}

// A labelled path field that leaves room for a button after it.
void path_field(const char* label, const char* id, std::string& path, float button_w, const char* key) {
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(tr(label));
    ImGui::SameLine();
    ImGui::SetNextItemWidth(std::max(60.0f, ImGui::GetContentRegionAvail().x - button_w));
    ImGui::InputText(id, &path);
    probe_item(key, path);
}

enum class Icon { Record, Stop };

// A button with a drawn red dot (Record) or square (Stop) before its label: the font's ● is tiny.
bool icon_button(Icon icon, const char* label, const char* key, bool enabled, const char* tip = nullptr) {
    const float r = ImGui::GetFontSize() * 0.3f;
    const ImVec2 at = ImGui::GetCursorScreenPos();
    const bool pressed = command_button(label, key, enabled, tip, "     ");
    const ImVec2 c(at.x + ImGui::GetStyle().FramePadding.x + r + 2, at.y + ImGui::GetFrameHeight() * 0.5f);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImU32 col = enabled ? palette::error : (palette::error & 0x00FFFFFF) | (0x70u << IM_COL32_A_SHIFT);
    if (icon == Icon::Record)
        dl->AddCircleFilled(c, r, col, 16);
    else
        dl->AddRectFilled(ImVec2(c.x - r, c.y - r), ImVec2(c.x + r, c.y + r), col, 1.5f);
    return pressed;
}

float button_width(const char* label) { return ImGui::CalcTextSize(tr(label)).x + ImGui::GetStyle().FramePadding.x * 2 + ImGui::GetStyle().ItemSpacing.x; }

// "…" after a path field: the file picker for it (the field keeps taking typed paths).
bool browse_button(const char* id, const char* key, bool enabled, const char* tip) {
    ImGui::SameLine();
    ImGui::BeginDisabled(!enabled);
    const bool pressed = ImGui::Button((std::string("…##") + id).c_str());
    ImGui::EndDisabled();
    probe_item(key);
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("%s", tr(tip));
    return pressed;
}
float browse_width() { return ImGui::CalcTextSize("…").x + ImGui::GetStyle().FramePadding.x * 2 + ImGui::GetStyle().ItemSpacing.x; }

// The Recent menu's width with its spacing; `compact`: only its arrow, where a column is narrow.
float recent_width(bool compact = false) {
    const float label = compact ? 0 : ImGui::CalcTextSize(tr("Recent")).x + ImGui::GetStyle().FramePadding.x * 2;
    return label + ImGui::GetFrameHeight() + ImGui::GetStyle().ItemSpacing.x;
}

// A "Recent" menu of paths, newest first: the chosen one, or nullopt.
std::optional<std::string> recent_menu(const char* id, const char* key, const std::vector<std::string>& paths, bool enabled, const char* tip,
                                       bool compact = false) {
    ImGui::SameLine();
    ImGui::SetNextItemWidth(recent_width(compact) - ImGui::GetStyle().ItemSpacing.x);
    std::optional<std::string> chosen;
    ImGui::BeginDisabled(!enabled || paths.empty());
    // The list is as wide as its paths, not as the small combo.
    ImGui::SetNextWindowSizeConstraints(ImVec2(ImGui::GetFontSize() * 16, 0), ImVec2(FLT_MAX, FLT_MAX));
    const bool open = ImGui::BeginCombo(id, tr("Recent"), ImGuiComboFlags_HeightLarge | (compact ? ImGuiComboFlags_NoPreview : 0));
    probe_item(key, std::to_string(paths.size()));
    if (!open && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("%s", tr(paths.empty() ? "None yet" : tip));
    if (open) {
        for (size_t i = 0; i < paths.size(); ++i) {
            if (ImGui::Selectable((paths[i] + "##" + std::to_string(i)).c_str())) chosen = paths[i];
            probe_item((std::string(key) + "." + std::to_string(i)).c_str(), paths[i]);
        }
        ImGui::EndCombo();
    }
    ImGui::EndDisabled();
    return chosen;
}

void record_column(const ScenarioView& v, SessionForm& f, Intents& out) {
    heading("RECORD");
    if (v.recording) {
        if (icon_button(Icon::Stop, "Stop", "scenario.record", true)) out.session = SessionCommand::StopRecording;
        ImGui::SameLine();
        ImGui::TextColored(to_vec4(palette::error), tr("Recording: %zu step(s)"), v.recorded_steps);
    } else {
        if (icon_button(Icon::Record, "Record", "scenario.record", !v.busy,
                        "Starts a new world (same seed, settings, phone and faults) and writes down\n"
                        "every call, tap, phone change, clock move and fault from there on."))
            out.session = SessionCommand::StartRecording;
        ImGui::SameLine();
        if (v.recorded_steps)
            ImGui::TextDisabled(tr("stopped: %zu step(s) recorded"), v.recorded_steps);
        else
            ImGui::TextDisabled("%s", tr("not recording"));
    }
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(tr("Name"));
    ImGui::SameLine();
    ImGui::SetNextItemWidth(-1);
    ImGui::InputTextWithHint("##scenario_name", tr("Recorded session"), &f.scenario_name);
    path_field("Save as", "##save_path", f.save_path, browse_width() + button_width("Save"), "scenario.save_path");
    if (browse_button("browse_save", "scenario.browse_save", v.recorded_steps > 0, "Choose where to save the scenario, then save it"))
        out.session = SessionCommand::BrowseSavePath;
    ImGui::SameLine();
    if (command_button("Save", "scenario.save", v.recorded_steps > 0, "Writes the scenario file (loginscope run FILE replays it)"))
        out.session = SessionCommand::SaveRecording;
    message(f.status, f.status_error);
    for (const RecordingWarning& w : v.warnings) {
        ImGui::PushStyleColor(ImGuiCol_Text, to_vec4(palette::fault));
        ImGui::TextWrapped("%s", recording_warning_text(w).c_str());
        ImGui::PopStyleColor();
    }
}

const char* step_mark(const std::optional<StepRun>& run, bool running) {
    if (running) return "…";
    if (!run) return "·";
    return run->failures.empty() ? "✓" : "×";
}

void step_tooltip(const StepRun& run) {
    std::string tip = run.result.errMsg.empty() ? (run.result.ok ? tr("ok") : tr("failed")) : run.result.errMsg;
    if (run.result.errcode) tip += "  errcode " + std::to_string(*run.result.errcode);
    for (auto& f : run.failures) tip += "\n× " + f;
    ImGui::SetTooltip("%s", tip.c_str());
}

// The steps as small tags that wrap: passed green, failed red, the next one framed.
void step_chips(const ReplayState& r) {
    ImGui::BeginChild("replay_steps", ImVec2(0, 0), false);
    const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    for (size_t i = 0; i < r.scenario->steps.size(); ++i) {
        const auto& run = r.runs[i];
        const bool running = r.running && r.running_index == i;
        const std::string label = std::string(step_mark(run, running)) + " " + std::to_string(i + 1) + " " + r.scenario->steps[i].action;
        const ImVec2 size = ImGui::CalcTextSize(label.c_str());
        const ImVec2 chip(size.x + 10, size.y + 4);
        if (i > 0) {
            ImGui::SameLine(0, 4);
            if (ImGui::GetCursorScreenPos().x + chip.x > right) ImGui::NewLine();
        }
        const ImVec2 at = ImGui::GetCursorScreenPos();
        ImGui::Dummy(chip);
        const bool failed = run && !run->failures.empty();
        // Not run: the theme's frame and dim text; passed / failed: a wash of green / red under their colour.
        const ImU32 fg = !run ? ImGui::GetColorU32(ImGuiCol_TextDisabled) : failed ? palette::error : palette::ok;
        const ImU32 bg = !run ? ImGui::GetColorU32(ImGuiCol_FrameBg) : ((failed ? palette::error : palette::ok) & 0x00FFFFFF) | (0x2Eu << IM_COL32_A_SHIFT);
        dl->AddRectFilled(at, ImVec2(at.x + chip.x, at.y + chip.y), bg, 4);
        if ((i == r.next && !r.running) || running)
            dl->AddRect(at, ImVec2(at.x + chip.x, at.y + chip.y), ImGui::GetColorU32(ImGuiCol_Text), 4);
        dl->AddText(ImVec2(at.x + 5, at.y + 2), fg, label.c_str());
        if (run && ImGui::IsItemHovered()) step_tooltip(*run);
    }
    ImGui::EndChild();
}

void replay_summary(const ReplayState& r) {
    const size_t done = r.running ? r.running_index : r.next;
    if (r.final) {
        const bool failed = r.failed_steps() || !r.final->empty();
        ImGui::TextColored(to_vec4(failed ? palette::error : palette::ok), "%s", failed ? tr("FAIL") : tr("PASS"));
        ImGui::SameLine();
        if (r.failed_steps())
            ImGui::TextDisabled(tr("%zu of %zu steps failed"), r.failed_steps(), r.scenario->steps.size());
        else
            ImGui::TextDisabled(tr("%zu steps"), r.scenario->steps.size());
    } else {
        ImGui::TextDisabled(tr("%zu of %zu"), done, r.scenario->steps.size());
    }
    probe_text("scenario.replay_state", r.final ? (r.failed_steps() || !r.final->empty() ? "fail" : "pass") : std::to_string(done));
}

void replay_column(const ScenarioView& v, SessionForm& f, Intents& out) {
    heading("REPLAY");
    path_field("File", "##open_path", f.open_path, browse_width() + button_width("Open") + recent_width(), "scenario.open_path");
    if (browse_button("browse_open", "scenario.browse_open", !v.busy, "Choose a scenario file and open it"))
        out.session = SessionCommand::BrowseOpenPath;
    ImGui::SameLine();
    if (command_button("Open", "scenario.open", !v.busy, "Opens the scenario in a new world, ready to step through"))
        out.session = SessionCommand::OpenScenario;
    if (auto chosen = recent_menu("##recent_open", "scenario.recent", v.recent.scenarios, !v.busy,
                                  "Scenarios opened or saved lately: choose one to open it")) {
        f.open_path = *chosen;
        out.session = SessionCommand::OpenScenario;
    }
    const ReplayState& r = v.replay;
    if (!r.error.empty()) message(r.error, true);
    if (!r.loaded()) {
        ImGui::TextDisabled("%s", tr("Open a scenario file to step through it."));
        return;
    }
    ImGui::TextUnformatted(fit_text(r.scenario->name, ImGui::GetContentRegionAvail().x).c_str());
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s\n%s", r.scenario->name.c_str(), r.scenario->file.c_str());
    const bool more = r.next < r.scenario->steps.size() && !r.running;
    if (command_button("Next step", "scenario.replay_next", more && !v.busy, "Plays the next step as loginscope run does"))
        out.session = SessionCommand::ReplayNext;
    ImGui::SameLine();
    if (command_button("Run all", "scenario.replay_all", more && !v.busy)) out.session = SessionCommand::ReplayAll;
    ImGui::SameLine();
    if (command_button("Close", "scenario.replay_close", !r.running)) out.session = SessionCommand::CloseReplay;
    ImGui::SameLine();
    replay_summary(r);
    if (r.final)
        for (auto& f : *r.final) message("× " + f, true);
    if (r.diverged) message(tr("Changed besides the replay: the journal no longer matches the file"), true);
    step_chips(r);
}

void export_column(const ScenarioView& v, SessionForm& f, Intents& out) {
    heading("EXPORT");
    path_field("Folder", "##export_dir", f.export_dir, browse_width() + recent_width(true), "scenario.export_dir");
    if (browse_button("browse_export", "scenario.browse_export", true, "Choose the folder the exports go to"))
        out.session = SessionCommand::BrowseExportDir;
    if (auto chosen = recent_menu("##recent_export", "scenario.recent_export", v.recent.export_dirs, true,
                                  "Folders exported to lately", true))
        f.export_dir = *chosen;
    if (command_button("Journal JSON", "scenario.export_journal", true, "journal.json: every event of this world"))
        out.session = SessionCommand::ExportJournal;
    ImGui::SameLine();
    if (command_button("HAR", "scenario.export_har", true, "traffic.har: every HTTP exchange (HAR 1.2, virtual times)"))
        out.session = SessionCommand::ExportHar;
    ImGui::SameLine();
    const bool has_source = v.replay.loaded() || v.recorded_steps > 0;
    if (command_button("Walkthrough", "scenario.export_walkthrough", has_source && !v.exports.busy(),
                       has_source ? "walkthrough/: Markdown with pictures of the phone and the sequence diagram after each step"
                                  : "Record or open a scenario first: the walkthrough replays it to take its pictures"))
        out.session = SessionCommand::ExportWalkthrough;
    // One file name per line: a wrapped sentence would break a name at its dot ("traffic." / "har").
    ImGui::TextDisabled("%s", tr("into the folder:"));
    for (const char* name : {"journal.json", "traffic.har", "walkthrough/walkthrough.md"}) {
        ImGui::TextDisabled("  %s", name);
        probe_item((std::string("scenario.export_name.") + name).c_str(), name);
    }
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("%s", tr("with a PNG of the phone and of the sequence diagram after each step"));
    ImGui::PopStyleColor();
    message(v.exports.message, v.exports.failed);
}

}  // namespace

std::string recording_warning_text(const RecordingWarning& w) {
    if (w.kind == RecordingWarning::Kind::NotInFormat)
        return trf("%s is not in the scenario format: the replay uses the default", w.what.c_str());
    return trf("%s during a running action (step %zu) is replayed after it", tr(w.what.c_str()), w.step);
}

Intents draw_scenario_tab(const ScenarioView& v, SessionForm& form) {
    Intents out;
    side_by_side({{"scenario_record", 0.30f, [&] { record_column(v, form, out); }},
                  {"scenario_replay", 0.40f, [&] { replay_column(v, form, out); }},
                  {"scenario_export", 0, [&] { export_column(v, form, out); }}});
    return out;
}

}  // namespace ls::gui
