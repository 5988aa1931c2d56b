// Presenter mode's own panels: the bar (where we are, Restart / Back / Play / Next, pace, language,
// Exit) and the caption (the active step's narration in large type, a flaw's attack in red).
// The phone and the sequence diagram are the normal panels, laid out side by side by frame.cpp.
#include <algorithm>
#include <cfloat>
#include <cstdio>

#include "i18n.hpp"
#include "panels.hpp"
#include "probes.hpp"

#include "loginscope/narration.hpp"

namespace ls::gui {

namespace {

float pace_w() { return ImGui::GetFontSize() * 9; }

bool bar_button(const char* en, const char* key, const char* keys_hint) {
    const bool pressed = ImGui::Button(tr_id(en).c_str());
    probe_item(key);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", keys_hint);
    ImGui::SameLine();
    return pressed;
}

std::string where_we_are(const PresenterView& v) {
    char where[128];
    if (v.live && !v.beat)
        std::snprintf(where, sizeof where, tr("%zu beats · press → to start"), v.beats);
    else if (v.live)
        std::snprintf(where, sizeof where, tr("beat %zu of %zu"), *v.beat + 1, v.beats);
    else if (!v.beat)
        std::snprintf(where, sizeof where, tr("step %zu of %zu · press → to start"), v.step, v.steps);
    else
        std::snprintf(where, sizeof where, tr("step %zu of %zu · beat %zu"), v.step, v.steps, *v.beat + 1);
    return where;
}

float button_w(const char* label) { return ImGui::CalcTextSize(label, nullptr, true).x + ImGui::GetStyle().FramePadding.x * 2; }

// What the controls right of the title take: four buttons, the pace slider, language and Exit.
float controls_w() {
    const float gap = ImGui::GetStyle().ItemSpacing.x;
    return button_w(tr("Restart")) + button_w(tr("Back")) + std::max(button_w(tr("Play")), button_w(tr("Pause"))) +
           button_w(tr("Next")) + pace_w() + button_w("中文") + button_w(tr("Exit")) + 7 * gap;
}

}  // namespace

Intents draw_presenter_bar(const PresenterView& v, const Preferences& prefs) {
    Intents out;
    // The title gets what the controls leave; "where we are" goes first when space is short.
    const std::string where = where_we_are(v);
    probe_text("presenter.where", where);
    const float em = ImGui::GetFontSize();
    float room = ImGui::GetContentRegionAvail().x - controls_w() - 2 * em;
    const bool show_where = room - ImGui::CalcTextSize(where.c_str()).x >= 12 * em;
    if (show_where) room -= ImGui::CalcTextSize(where.c_str()).x + em;
    ImGui::AlignTextToFramePadding();
    const std::string title = fit_text(v.title.empty() ? tr("Presenter mode") : v.title, std::max(room, 4 * em));
    ImGui::TextUnformatted(title.c_str());
    if (ImGui::IsItemHovered() && title != v.title && !v.title.empty()) ImGui::SetTooltip("%s", v.title.c_str());
    if (show_where) {
        ImGui::SameLine(0, em);
        ImGui::TextDisabled("%s", where.c_str());
    }
    ImGui::SameLine(0, em);
    ImGui::BeginDisabled(v.busy);
    if (bar_button("Restart", "presenter.restart", "Home / R")) out.presenter = PresenterCommand::Restart;
    if (bar_button("Back", "presenter.back", "← / Page Up")) out.presenter = PresenterCommand::Back;
    if (bar_button(v.playing ? "Pause" : "Play", "presenter.play", "Space")) out.presenter = PresenterCommand::PlayPause;
    ImGui::BeginDisabled(v.at_end);
    if (bar_button("Next", "presenter.next", "→ / Page Down")) out.presenter = PresenterCommand::Next;
    ImGui::EndDisabled();
    ImGui::EndDisabled();
    Preferences p = prefs;
    ImGui::SetNextItemWidth(pace_w());
    if (ImGui::SliderFloat("##pace", &p.pace_s, kMinPace, kMaxPace, tr("%.0f s per beat"))) out.prefs = p;
    probe_item("presenter.pace");
    const char* lang = prefs.lang == Lang::Zh ? "EN###presenter_lang" : "中文###presenter_lang";
    const float right_w = button_w("中文") + button_w(tr("Exit")) + ImGui::GetStyle().ItemSpacing.x;
    ImGui::SameLine();
    ImGui::SameLine(std::max(ImGui::GetCursorPosX(), ImGui::GetWindowContentRegionMax().x - right_w));
    if (ImGui::Button(lang)) {
        p.lang = p.lang == Lang::Zh ? Lang::En : Lang::Zh;
        out.prefs = p;
    }
    probe_item("presenter.language");
    ImGui::SameLine();
    if (ImGui::Button(tr_id("Exit").c_str())) out.presenter = PresenterCommand::Exit;
    probe_item("presenter.exit");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Esc / F5");
    return out;
}

namespace {

void step_strip(const CaptionView& v) {
    for (size_t i = 0; i < v.steps.size(); ++i) {
        const bool active = v.active_step == i;
        const std::string chip = std::to_string(i + 1) + " " + v.steps[i];
        if (active)
            badge(chip.c_str(), palette::wechat_green, IM_COL32(255, 255, 255, 255));
        else
            ImGui::TextDisabled("%s", chip.c_str());
        if (i + 1 < v.steps.size()) ImGui::SameLine(0, ImGui::GetFontSize() * 0.8f);
    }
    if (v.active_step) probe_text("presenter.active_step", std::to_string(*v.active_step));
}

void flaw_banner(Flaw f) {
    const std::string label = std::string(tr("DEVELOPER-SERVER FLAW")) + ": " + flaw_title(f, language());
    badge(label.c_str(), palette::error, IM_COL32(255, 255, 255, 255));
    probe_text("presenter.flaw", to_string(f));
}

// The beat's event in the diagram's words: its kind and who talks to whom.
void beat_heading(const Event& e) {
    std::string who = actor_title(e.actor);
    if (e.to) who += std::string(" → ") + actor_title(*e.to);
    ImGui::TextColored(to_vec4(status_color(event_status(e))), "%s", e.kind.c_str());
    ImGui::SameLine();
    ImGui::TextDisabled("· %s", who.c_str());
}

}  // namespace

// The large face when the text fits the caption in it (with room for a flaw's banner), else the UI's.
ImFont* caption_font(const std::string& text, bool banner) {
    ImFont* big = find_font("phone");  // the large face, with every narration glyph
    if (!big) return nullptr;
    const float wrap = ImGui::GetContentRegionAvail().x;
    const float need = big->CalcTextSizeA(big->FontSize, FLT_MAX, wrap, text.c_str()).y * 1.1f +
                       (banner ? big->FontSize + ImGui::GetStyle().ItemSpacing.y * 2 : 0.0f);
    return need <= ImGui::GetContentRegionAvail().y ? big : nullptr;
}

void draw_caption(const CaptionView& v) {
    step_strip(v);
    ImGui::Separator();
    if (v.event) beat_heading(*v.event);
    const std::string text = v.event ? narrate(v.flaw_event ? *v.flaw_event : *v.event, v.flow, language()) : v.title;
    ImFont* font = caption_font(text, v.flaw.has_value());
    if (font) ImGui::PushFont(font);
    if (!v.event) {
        ImGui::TextUnformatted(v.title.c_str());
        ImGui::TextDisabled("%s", tr("Press → (or Next) to play the first step; Space plays them all."));
    } else {
        if (v.flaw) flaw_banner(*v.flaw);
        glossary_text(text, v.flaw ? palette::error : 0);
        probe_text("presenter.caption", text);
        probe_text("presenter.kind", v.event->kind);
    }
    if (font) ImGui::PopFont();
}

}  // namespace ls::gui
