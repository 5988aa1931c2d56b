// The univerifyStyle editor (Setup, univerify flow): a form for the common options and a JSON
// editor for all of them, over one style. A form change rewrites the JSON; the JSON is checked
// with univerify_style_from_json as you type, and only a valid text replaces the style the next
// uni.login uses. The core's message names the bad key; it is shown in red.
#include <cstdio>

#include <nlohmann/json.hpp>

#include "i18n.hpp"
#include "panels.hpp"
#include "probes.hpp"

#include "imgui_stdlib.h"

namespace ls::gui {

namespace {

void set_style(UniverifyStyleDraft& d, const UniverifyStyle& s) {
    d.style = s;
    d.json = univerify_style_to_json(s).dump(2);
    d.error.clear();
}

// A non-default look that shows every part of the page: full screen, a red button, two custom buttons.
UniverifyStyle sample_style() {
    UniverifyStyle s;
    s.fullScreen = true;
    s.backgroundImage = "univerify/background.png";
    s.authButton.normalColor = "#e54d42";
    s.authButton.highlightColor = "#c23a30";
    s.authButton.title = "一键登录";
    s.otherLoginButton.borderColor = "#dddddd";
    s.privacyTerms.defaultCheckBoxState = false;
    s.privacyTerms.checkedImage = "univerify/checked.png";
    s.privacyTerms.uncheckedImage = "univerify/unchecked.png";
    s.privacyTerms.checkBoxSize = 16;
    s.privacyTerms.privacyItems = {{"https://example.com/terms", "用户服务协议"}, {"https://example.com/privacy", "隐私政策"}};
    s.buttons.list = {{"apple", "/static/apple.png"}, {"weixin", "/static/weixin.png"}};
    return s;
}

// "#3479f5" ⇄ a colour button; "" (transparent) shows as a chequered swatch and stays "" until picked.
void key_tooltip(const char* key) {
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", key);
}

// A form label shown in the interface's language over a fixed ImGui ID (the English label).
std::string label_id(const char* en) { return tr_id(en); }

// `label`: English, translated for display (the option names title / url / provider / iconPath are
// univerifyStyle's keys and pass `literal`).
bool colour(const char* label, std::string& v) {
    const uint32_t rgb = css_rgb(v).value_or(0xFFFFFF);
    float c[3] = {float((rgb >> 16) & 0xFF) / 255.0f, float((rgb >> 8) & 0xFF) / 255.0f, float(rgb & 0xFF) / 255.0f};
    ImGui::SetNextItemWidth(-110);
    if (!ImGui::ColorEdit3(label_id(label).c_str(), c, ImGuiColorEditFlags_DisplayHex | ImGuiColorEditFlags_NoOptions)) return false;
    char hex[8];
    std::snprintf(hex, sizeof hex, "#%02x%02x%02x", int(c[0] * 255 + 0.5f), int(c[1] * 255 + 0.5f), int(c[2] * 255 + 0.5f));
    v = hex;
    return true;
}

bool text(const char* label, std::string& v, bool literal = false) {
    ImGui::SetNextItemWidth(-110);
    return ImGui::InputText(literal ? label : label_id(label).c_str(), &v);
}

// Each item of `list` edited by `fields(item)`, with its remove button (ids from `id_base`); true
// when anything changed.
template <class Item, class Fields>
bool edit_items(std::vector<Item>& list, int id_base, const char* remove_label, Fields fields) {
    bool changed = false;
    for (size_t i = 0; i < list.size(); ++i) {
        ImGui::PushID(id_base + int(i));
        changed |= fields(list[i]);
        if (ImGui::SmallButton(label_id(remove_label).c_str())) {
            list.erase(list.begin() + long(i));
            changed = true;
        }
        ImGui::PopID();
    }
    return changed;
}

bool privacy_items(UniverifyStyle& s) {
    bool changed = false;
    auto& items = s.privacyTerms.privacyItems;
    ImGui::TextDisabled("privacyItems");
    key_tooltip(tr("privacyTerms.privacyItems: at most 2 are shown; each needs url and title"));
    changed |= edit_items(items, 0, "remove item", [](auto& item) {
        return text("title", item.title, true) | text("url", item.url, true);
    });
    if (ImGui::SmallButton(label_id("+ privacy item").c_str())) {
        items.push_back({"https://example.com/terms", "用户服务协议"});
        changed = true;
    }
    return changed;
}

bool custom_buttons(UniverifyStyle& s) {
    bool changed = false;
    auto& list = s.buttons.list;
    ImGui::TextDisabled("%s", tr("buttons.list (full screen)"));
    changed |= edit_items(list, 1000, "remove button", [](auto& b) {
        return text("provider", b.provider, true) | text("iconPath", b.iconPath, true);
    });
    static const char* kProviders[][2] = {{"apple", "/static/apple.png"}, {"weixin", "/static/weixin.png"}, {"qq", "/static/qq.png"}};
    if (ImGui::SmallButton(label_id("+ custom button").c_str())) {
        const auto& p = kProviders[list.size() % 3];
        list.push_back({p[0], p[1]});
        changed = true;
    }
    probe_item("univerify_style.add_button");
    return changed;
}

// Short labels (the panel is narrow); the option's full key is the tooltip.
bool form(UniverifyStyle& s) {
    bool changed = ImGui::Checkbox("fullScreen", &s.fullScreen);
    probe_item("univerify_style.full_screen");
    changed |= colour("background", s.backgroundColor);
    key_tooltip("backgroundColor");
    changed |= text("login title", s.authButton.title);
    key_tooltip("authButton.title");
    changed |= colour("login colour", s.authButton.normalColor);
    key_tooltip("authButton.normalColor");
    changed |= ImGui::Checkbox(label_id("other-login button").c_str(), &s.otherLoginButton.visible);
    key_tooltip("otherLoginButton.visible");
    changed |= text("other title", s.otherLoginButton.title);
    key_tooltip("otherLoginButton.title");
    changed |= ImGui::Checkbox(label_id("box checked at first").c_str(), &s.privacyTerms.defaultCheckBoxState);
    probe_item("univerify_style.default_checked");
    key_tooltip("privacyTerms.defaultCheckBoxState");
    changed |= ImGui::Checkbox(label_id("centred hint").c_str(), &s.privacyTerms.isCenterHint);
    key_tooltip("privacyTerms.isCenterHint");
    changed |= text("terms prefix", s.privacyTerms.prefix);
    key_tooltip("privacyTerms.prefix");
    changed |= text("terms suffix", s.privacyTerms.suffix);
    key_tooltip("privacyTerms.suffix");
    changed |= privacy_items(s);
    changed |= custom_buttons(s);
    return changed;
}

// Options the docs do not list are kept and ignored, as the SDK ignores them: say which.
void ignored_options(const UniverifyStyle& style) {
    std::string keys;
    for (const auto& i : style.ignored) keys += (keys.empty() ? "" : ", ") + style_key(i.pointer);
    probe_text("univerify_style.ignored", keys);
    if (keys.empty()) return;
    ImGui::PushStyleColor(ImGuiCol_Text, to_vec4(palette::fault));
    ImGui::TextWrapped("%s %s", tr("not in the docs, ignored:"), keys.c_str());
    ImGui::PopStyleColor();
}

void json_editor(UniverifyStyleDraft& d) {
    ImGui::TextDisabled("%s", tr("univerifyStyle JSON (every option)"));
    ImFont* mono = find_font("mono");
    if (mono) ImGui::PushFont(mono);
    const bool edited = ImGui::InputTextMultiline("##univerify_style_json", &d.json, ImVec2(-1, ImGui::GetTextLineHeight() * 16));
    probe_item("univerify_style.json");
    if (mono) ImGui::PopFont();
    if (edited) set_style_json(d, d.json);
    if (!d.error.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, to_vec4(palette::error));
        ImGui::TextWrapped("%s", d.error.c_str());
        ImGui::PopStyleColor();
        ImGui::TextDisabled("%s", tr("uni.login uses the last valid style."));
    } else {
        ImGui::TextColored(to_vec4(palette::ok), "%s", tr("valid: the next uni.login uses it"));
    }
    probe_text("univerify_style.error", d.error);
    ignored_options(d.style);
}

}  // namespace

void set_style_json(UniverifyStyleDraft& d, std::string text) {
    d.json = std::move(text);
    try {
        d.style = univerify_style_from_json(nlohmann::json::parse(d.json));
        d.error.clear();
    } catch (const nlohmann::json::parse_error& e) {
        const std::string what = e.what();
        const size_t at = what.find("parse error");  // drop "[json.exception.parse_error.101] "
        d.error = "JSON " + (at == std::string::npos ? what : what.substr(at));
    } catch (const std::exception& e) {
        d.error = e.what();
    }
}

Intents draw_univerify_style(UniverifyStyleDraft& d) {
    if (!d.loaded) {
        set_style(d, UniverifyStyle{});
        d.loaded = true;
    }
    if (ImGui::SmallButton(label_id("Defaults").c_str())) set_style(d, UniverifyStyle{});
    probe_item("univerify_style.defaults");
    ImGui::SameLine();
    if (ImGui::SmallButton(label_id("Sample: full screen, red").c_str())) set_style(d, sample_style());
    probe_item("univerify_style.sample");
    UniverifyStyle s = d.style;
    if (form(s)) set_style(d, s);
    json_editor(d);
    return {};
}

}  // namespace ls::gui
