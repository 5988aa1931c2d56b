// The main menu bar: Demos (a curated happy path and failure per flow, opened in presenter mode),
// View (language, theme, UI scale, presenter mode, glossary) and the language switch at the right.
#include "i18n.hpp"
#include "panels.hpp"
#include "probes.hpp"

#include "loginscope/demos.hpp"

namespace ls::gui {

namespace {

constexpr float kScales[] = {1.0f, 1.25f, 1.5f, 1.75f, 2.0f};
constexpr const char* kScaleLabels[] = {"100%", "125%", "150%", "175%", "200%"};

void demos_menu(const MenuView& v, Intents& out) {
    const bool open = ImGui::BeginMenu(tr_id("Demos").c_str(), !v.busy);
    probe_item("menu.demos");
    if (!open) return;
    for (size_t f = 0; f < flow_catalog().size(); ++f) {
        const Flow flow = Flow(f);
        const auto list = demos_for(flow);
        if (list.empty()) continue;
        const bool flow_open = ImGui::BeginMenu(tr_id(flow_catalog()[f].title).c_str());
        probe_item((std::string("menu.demos.") + flow_catalog()[f].id).c_str());
        if (!flow_open) continue;
        for (const Demo* d : list) {
            const char* title = language() == Lang::Zh ? d->title_zh : d->title_en;
            const std::string label = std::string(title) + "###" + d->file;
            if (ImGui::MenuItem(label.c_str(), d->failure ? tr("failure") : tr("happy path"))) out.open_demo = d->file;
            probe_item((std::string("menu.demo.") + d->file).c_str());
        }
        ImGui::EndMenu();
    }
    ImGui::EndMenu();
}

void view_menu(const MenuView& v, Intents& out) {
    const bool open = ImGui::BeginMenu(tr_id("View").c_str());
    probe_item("menu.view");
    if (!open) return;
    Preferences p = v.prefs;
    if (ImGui::BeginMenu(tr_id("Language").c_str())) {
        if (ImGui::MenuItem("English", nullptr, p.lang == Lang::En)) p.lang = Lang::En;
        if (ImGui::MenuItem("中文", nullptr, p.lang == Lang::Zh)) p.lang = Lang::Zh;
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu(tr_id("Theme").c_str())) {
        if (ImGui::MenuItem(tr_id("Light").c_str(), nullptr, p.theme == Theme::Light)) p.theme = Theme::Light;
        if (ImGui::MenuItem(tr_id("Dark").c_str(), nullptr, p.theme == Theme::Dark)) p.theme = Theme::Dark;
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu(tr_id("UI scale").c_str())) {
        for (size_t i = 0; i < std::size(kScales); ++i)
            if (ImGui::MenuItem(kScaleLabels[i], nullptr, p.ui_scale == kScales[i])) p.ui_scale = kScales[i];
        ImGui::EndMenu();
    }
    if (ImGui::MenuItem(tr_id("English gloss on the phone").c_str(), nullptr, p.phone_gloss)) p.phone_gloss = !p.phone_gloss;
    probe_item("menu.phone_gloss");
    ImGui::Separator();
    if (ImGui::MenuItem(tr_id("Presenter mode").c_str(), "F5", v.presenter))
        out.presenter = v.presenter ? PresenterCommand::Exit : PresenterCommand::Enter;
    probe_item("menu.presenter");
    if (ImGui::MenuItem(tr_id("Glossary").c_str(), nullptr, v.show_glossary)) out.show_glossary = !v.show_glossary;
    ImGui::EndMenu();
    if (p != v.prefs) out.prefs = p;
}

// "中文" in English and "EN" in Chinese: the language you can switch to, at the bar's right end.
void language_switch(const MenuView& v, Intents& out) {
    const char* other = v.prefs.lang == Lang::Zh ? "EN###lang" : "中文###lang";
    const float w = ImGui::CalcTextSize("中文").x + ImGui::GetStyle().FramePadding.x * 4;
    ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - w);
    if (ImGui::SmallButton(other)) {
        Preferences p = v.prefs;
        p.lang = p.lang == Lang::Zh ? Lang::En : Lang::Zh;
        out.prefs = p;
    }
    probe_item("menu.language");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("Switch the interface language (the phone's dialogs stay Chinese)"));
}

}  // namespace

Intents draw_menu_bar(const MenuView& v, float& height) {
    Intents out;
    height = 0;
    if (!ImGui::BeginMainMenuBar()) return out;
    height = ImGui::GetWindowSize().y;
    demos_menu(v, out);
    view_menu(v, out);
    language_switch(v, out);
    ImGui::EndMainMenuBar();
    return out;
}

}  // namespace ls::gui
