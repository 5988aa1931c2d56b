// Setup (left): flow picker, environment, app config and the assumptions LoginScope made.
#include <cstring>

#include "panels.hpp"
#include "probes.hpp"

#include "imgui_stdlib.h"
#include "loginscope/catalog.hpp"

namespace ls::gui {

namespace {

void section(const char* title) {
    ImGui::Spacing();
    ImGui::PushStyleColor(ImGuiCol_Text, to_vec4(palette::neutral));
    ImGui::TextUnformatted(title);
    ImGui::PopStyleColor();
    ImGui::Separator();
}

void flow_picker(const SetupView& v, Intents& out) {
    section("FLOW");
    const std::string current = to_string(v.config.flow);
    for (const FlowInfo& f : flow_catalog()) {
        const std::string label = f.available ? std::string(f.title) : std::string(f.title) + "  (coming)";
        ImGui::BeginDisabled(!f.available || v.busy);
        const bool selected = current == f.id;
        if (ImGui::Selectable((label + "##" + f.id).c_str(), selected) && !selected) {
            if (auto flow = flow_from_string(f.id)) {
                EngineConfig cfg = v.config;
                cfg.flow = *flow;
                out.rebuild = cfg;
            }
        }
        ImGui::EndDisabled();
        if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("%s", f.api);
    }
}

// Edits take effect when the field loses focus, so typing does not journal every keystroke.
void environment_editor(SetupDraft& d, Intents& out) {
    section("ENVIRONMENT");
    bool changed = false;
    int os = d.env.os == "ios" ? 1 : 0;
    const char* oses[] = {"Android", "iOS"};
    ImGui::SetNextItemWidth(-90);
    if (ImGui::Combo("OS", &os, oses, 2)) {
        d.env.os = os == 1 ? "ios" : "android";
        changed = true;
    }
    changed |= ImGui::Checkbox("Network online", &d.env.online);
    probe_item("setup.online");
    int latency = int(d.env.latency_ms);
    ImGui::SetNextItemWidth(-90);
    if (ImGui::InputInt("Latency ms", &latency, 10, 100)) d.env.latency_ms = std::max(0, latency);
    changed |= ImGui::IsItemDeactivatedAfterEdit();
    ImGui::SetNextItemWidth(-90);
    ImGui::InputText("User", &d.env.user);
    changed |= ImGui::IsItemDeactivatedAfterEdit();
    changed |= ImGui::Checkbox("High-risk user (40226)", &d.env.high_risk_user);
    if (changed) out.environment = d.env;
}

bool same_app(const AppConfig& a, const AppConfig& b) {
    return a.appid == b.appid && a.secret == b.secret && a.unionid_bound == b.unionid_bound &&
           a.policy.code_ttl_ms == b.policy.code_ttl_ms && a.token_ttl_ms == b.token_ttl_ms;
}

void app_config_editor(const SetupView& v, SetupDraft& d, Intents& out) {
    section("APP CONFIG");
    ImGui::SetNextItemWidth(-90);
    ImGui::InputText("appid", &d.app.appid);
    ImGui::SetNextItemWidth(-90);
    ImGui::InputText("secret", &d.app.secret, d.show_secret ? 0 : ImGuiInputTextFlags_Password);
    ImGui::Checkbox("Show secret", &d.show_secret);
    int ttl_s = int(d.app.policy.code_ttl_ms / 1000);
    ImGui::SetNextItemWidth(-90);
    if (ImGui::InputInt("Code TTL s", &ttl_s, 10, 60)) d.app.policy.code_ttl_ms = int64_t(std::max(1, ttl_s)) * 1000;
    int token_min = int(d.app.token_ttl_ms / 60000);
    ImGui::SetNextItemWidth(-90);
    if (ImGui::InputInt("Token TTL min", &token_min, 1, 10)) d.app.token_ttl_ms = int64_t(std::max(1, token_min)) * 60000;
    ImGui::Checkbox("UnionID bound", &d.app.unionid_bound);
    const bool dirty = !same_app(d.app, v.config.app);
    ImGui::BeginDisabled(!dirty || v.busy);
    if (ImGui::Button("Apply (new world)")) {
        EngineConfig cfg = v.config;
        cfg.app = d.app;
        cfg.env = d.env;
        out.rebuild = cfg;
    }
    ImGui::EndDisabled();
    if (dirty) {
        ImGui::SameLine();
        ImGui::TextColored(to_vec4(palette::fault), "unsaved");
    }
}

void assumption_list() {
    section("ASSUMPTIONS");
    ImGui::PushStyleColor(ImGuiCol_Text, to_vec4(palette::text_dim));
    ImGui::TextWrapped("Values the platform does not document; LoginScope chose them.");
    ImGui::PopStyleColor();
    if (!ImGui::BeginTable("assumptions", 2, ImGuiTableFlags_SizingFixedFit)) return;
    ImGui::TableSetupColumn("badge", ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableSetupColumn("fact", ImGuiTableColumnFlags_WidthStretch);
    for (const Assumption& a : assumptions()) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        badge("assumption", palette::assumption);
        ImGui::TableNextColumn();
        ImGui::TextWrapped("%s", a.key);
        ImGui::PushStyleColor(ImGuiCol_Text, to_vec4(palette::text_dim));
        ImGui::TextWrapped("= %s", a.value);
        ImGui::PopStyleColor();
        if (ImGui::IsItemHovered()) {
            ImGui::BeginTooltip();
            ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30);
            ImGui::TextUnformatted(a.why);
            ImGui::PopTextWrapPos();
            ImGui::EndTooltip();
        }
    }
    ImGui::EndTable();
}

}  // namespace

Intents draw_setup(const SetupView& v, SetupDraft& draft) {
    if (!draft.loaded) {
        draft.env = v.env;
        draft.app = v.config.app;
        draft.loaded = true;
    }
    Intents out;
    flow_picker(v, out);
    environment_editor(draft, out);
    app_config_editor(v, draft, out);
    assumption_list();
    return out;
}

}  // namespace ls::gui
