// Setup ▸ Developer server (issue 17): the built-in server, or a team's own backend through its
// profile — opened by path, the file picker or the recent list — with the platform's port the
// backend must call, the base URLs to set in it, and whether it has called yet.
#include <cfloat>

#include "i18n.hpp"
#include "panels.hpp"
#include "probes.hpp"

#include "imgui_stdlib.h"

namespace ls::gui {

namespace {

void dim_wrapped(const std::string& text) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("%s", text.c_str());
    ImGui::PopStyleColor();
}

void colored_wrapped(ImU32 color, const std::string& text) {
    ImGui::PushStyleColor(ImGuiCol_Text, to_vec4(color));
    ImGui::TextWrapped("%s", text.c_str());
    ImGui::PopStyleColor();
}

// `text` with a small Copy button after it that puts `copied` on the clipboard.
void copyable(const std::string& text, const std::string& copied, const std::string& key) {
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(text.c_str());
    probe_item(key.c_str(), copied);
    ImGui::SameLine();
    if (ImGui::SmallButton((std::string(tr("Copy")) + "##" + key).c_str())) ImGui::SetClipboardText(copied.c_str());
    probe_item((key + ".copy").c_str());
}

void mode_switch(const DevServerView& v, SetupDraft& d, Intents& out) {
    const bool attached = v.backend != nullptr;
    const bool yours = attached || d.backend_chosen;
    if (ImGui::RadioButton(tr_id("Built-in").c_str(), !yours)) {
        d.backend_chosen = false;
        if (attached) out.detach_backend = true;
    }
    probe_item("setup.dev_server.builtin");
    ImGui::SameLine();
    if (ImGui::RadioButton(tr_id("Your backend").c_str(), yours)) d.backend_chosen = true;
    probe_item("setup.dev_server.yours");
}

// The profile's path, Open… (the file picker), Recent, and Attach.
void profile_chooser(const DevServerView& v, SetupDraft& d, Intents& out) {
    const float button_w = ImGui::CalcTextSize(tr("Open…")).x + ImGui::GetStyle().FramePadding.x * 2 + ImGui::GetStyle().ItemSpacing.x;
    ImGui::SetNextItemWidth(std::max(60.0f, ImGui::GetContentRegionAvail().x - button_w));
    const bool entered = ImGui::InputTextWithHint("##backend_path", tr("backend profile (JSON)"), &d.backend_path,
                                                  ImGuiInputTextFlags_EnterReturnsTrue);
    probe_item("setup.dev_server.path", d.backend_path);
    ImGui::SameLine();
    if (ImGui::Button(tr_id("Open…").c_str())) out.session = SessionCommand::BrowseBackendProfile;
    probe_item("setup.dev_server.browse");
    ImGui::BeginDisabled(v.busy || d.backend_path.empty());
    if (ImGui::Button(tr_id("Attach").c_str()) || (entered && !d.backend_path.empty())) out.attach_backend = d.backend_path;
    probe_item("setup.dev_server.attach");
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x);
    ImGui::SetNextWindowSizeConstraints(ImVec2(ImGui::GetFontSize() * 16, 0), ImVec2(FLT_MAX, FLT_MAX));
    ImGui::BeginDisabled(v.recent.empty() || v.busy);
    if (ImGui::BeginCombo("##recent_profiles", tr("Recent"), ImGuiComboFlags_HeightLarge)) {
        for (size_t i = 0; i < v.recent.size(); ++i) {
            if (ImGui::Selectable((v.recent[i] + "##" + std::to_string(i)).c_str())) out.attach_backend = v.recent[i];
            probe_item(("setup.dev_server.recent." + std::to_string(i)).c_str(), v.recent[i]);
        }
        ImGui::EndCombo();
    }
    ImGui::EndDisabled();
    if (v.recent.empty()) dim_wrapped(tr("A profile says how your app calls your backend's login (README: Audit your own backend)."));
}

// Whether the backend has called the platform since it was attached: it is configured right when it has.
void call_indicator(const DevServerView& v) {
    const float r = ImGui::GetFontSize() * 0.28f;
    const ImVec2 at = ImGui::GetCursorScreenPos();
    const ImVec2 c(at.x + r + 1, at.y + ImGui::GetTextLineHeight() * 0.5f);
    if (v.calls > 0)
        ImGui::GetWindowDrawList()->AddCircleFilled(c, r, palette::ok, 12);
    else
        ImGui::GetWindowDrawList()->AddCircle(c, r, palette::neutral, 12, 1.5f);
    ImGui::Dummy(ImVec2(2 * r + 4, ImGui::GetTextLineHeight()));
    ImGui::SameLine();
    const std::string text = v.calls > 0 ? trf("called the platform %zu× · last %s", v.calls, v.last_call.c_str())
                                         : std::string(tr("has not called the platform yet"));
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted(text.c_str());
    ImGui::PopTextWrapPos();
    probe_item("setup.dev_server.calls", std::to_string(v.calls));
}

void attached_backend(const DevServerView& v, Intents& out) {
    const BackendLink& link = *v.backend;
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(fit_text(link.profile.name, ImGui::GetContentRegionAvail().x * 0.6f).c_str());
    probe_item("setup.dev_server.name", link.profile.name);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", link.file.c_str());
    ImGui::SameLine();
    ImGui::BeginDisabled(v.busy);
    if (ImGui::SmallButton(tr_id("Detach").c_str())) out.detach_backend = true;
    probe_item("setup.dev_server.detach");
    ImGui::EndDisabled();
    const std::string here = "http://127.0.0.1:" + std::to_string(link.platform_port);
    copyable(trf("Platform  127.0.0.1:%d", link.platform_port), here, "setup.dev_server.port");
    dim_wrapped(tr("Set in your backend, in place of the platform's host:"));
    for (const BaseUrl& b : base_urls(link)) {
        ImGui::TextUnformatted(b.host.c_str());
        copyable("  → " + b.base, b.base, "setup.dev_server.base." + b.platform);
    }
    call_indicator(v);
    if (!link.has(v.flow))
        colored_wrapped(palette::fault, trf("%s has no %s flow: the built-in server answers here", link.profile.name.c_str(), to_string(v.flow)));
    if (v.port_lent) colored_wrapped(palette::fault, tr("The audit has the platform's port: the phone asks the built-in server until it ends"));
}

}  // namespace

Intents draw_dev_server(const DevServerView& v, SetupDraft& d) {
    Intents out;
    setup_section(tr("DEVELOPER SERVER"));
    mode_switch(v, d, out);
    if (v.backend)
        attached_backend(v, out);
    else if (d.backend_chosen)
        profile_chooser(v, d, out);
    if (!d.backend_error.empty()) colored_wrapped(palette::error, d.backend_error);
    probe_text("setup.dev_server.error", d.backend_error);
    return out;
}

}  // namespace ls::gui
