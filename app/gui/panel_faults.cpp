// Faults (bottom tab): one-click presets, the where × when × what form, and the FaultBook's rules.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <deque>
#include <map>

#include "i18n.hpp"
#include "panels.hpp"
#include "probes.hpp"

#include "loginscope/catalog.hpp"
#include "loginscope/platform_pack.hpp"

namespace ls::gui {

namespace {

FaultRule rule(Hop hop, FaultKind kind, std::string code = {}, int64_t ms = 0) {
    FaultRule r;
    r.hop = hop;
    r.kind = kind;
    r.code = std::move(code);
    r.ms = ms;
    return r;
}

constexpr const char* kWhenLabels[] = {"next call", "Nth call", "first N calls", "every call", "probability"};


bool ends_with(const std::string& s, const std::string& tail) {
    return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

// A preset's label in the current language. A platform error's label is its code and the platform's
// own message (not translated); only LoginScope's " (server)" note is.
std::string preset_label(const FaultPreset& p) {
    if (p.environment || p.rule.kind != FaultKind::PlatformError) return tr(p.label);
    const std::string label = p.label;
    const std::string server = " (server)";
    if (ends_with(label, server)) return label.substr(0, label.size() - server.size()) + tr(" (server)");
    return label;
}

// FaultRule::describe() in the current language: hop and kind names stay (scenario files use them).
std::string describe_rule(const FaultRule& r) {
    std::string when;
    switch (r.when) {
        case WhenMode::Next: when = tr("next call"); break;
        case WhenMode::Nth: when = trf("call #%d", r.n); break;
        case WhenMode::FirstN: when = trf("first %d calls", r.n); break;
        case WhenMode::Every: when = tr("every call"); break;
        case WhenMode::Probability: when = "p=" + std::to_string(r.probability).substr(0, 4); break;
    }
    std::string what = to_string(r.kind);
    switch (r.kind) {
        case FaultKind::PlatformError: {
            const CatalogEntry* e = find_catalog_entry_at(r.code, r.hop);
            what = r.code + (e && r.code != e->message ? std::string(" ") + e->message : "");
            break;
        }
        case FaultKind::HttpStatus: what = "HTTP " + std::to_string(r.status); break;
        case FaultKind::Delay: what = trf("delay %lld ms", (long long)r.ms); break;
        case FaultKind::ClockJump: what = trf("clock +%lld ms", (long long)r.ms); break;
        case FaultKind::CutBody: what = trf("body cut after %d bytes", r.bytes); break;
        default: break;
    }
    return std::string(to_string(r.hop)) + " × " + when + " × " + what;
}

bool armed(const FaultForm& f, const FaultPreset& p) {
    return std::find(f.armed.begin(), f.armed.end(), p.key) != f.armed.end();
}

// A rule preset adds its rule; a phone preset changes the environment — for the next call only when
// it has a restore (a second click undoes it before that call), for good otherwise (the OS).
void apply_preset(const FaultPreset& p, const FaultsView& v, FaultForm& f, Intents& out) {
    if (!p.environment) {
        out.add_faults.push_back(p.rule);
        return;
    }
    Environment changed = v.env;
    if (p.restore && armed(f, p)) {
        p.restore(changed, f.before_armed);
        f.armed.erase(std::find(f.armed.begin(), f.armed.end(), p.key));
    } else {
        if (p.restore) {
            if (f.armed.empty()) {
                f.before_armed = v.env;
                f.armed_after_action = v.last_action;
            }
            f.armed.push_back(p.key);
        }
        p.environment(changed);
    }
    out.environment = changed;
}

// Preset buttons flowing left to right and wrapping after `first`; a phone fault armed for the next
// call, and the phone's current OS, are shown pressed.
void preset_buttons(const std::vector<const FaultPreset*>& list, const FaultsView& v, FaultForm& f, Intents& out, bool first) {
    const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    for (const FaultPreset* p : list) {
        const std::string label = preset_label(*p);
        const float w = ImGui::CalcTextSize(label.c_str()).x + 12;
        if (!first) {
            ImGui::SameLine();
            if (ImGui::GetCursorScreenPos().x + w > right) ImGui::NewLine();
        }
        first = false;
        const bool on = (p->restore && armed(f, *p)) || (p->environment && !p->restore && p->key == v.env.os);
        if (on) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
        if (ImGui::Button((label + "###preset." + p->key).c_str())) apply_preset(*p, v, f, out);
        probe_item((std::string("faults.preset.") + p->key).c_str(), on ? "on" : "off");
        if (on) ImGui::PopStyleColor();
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("%s", on && p->restore ? tr("Armed for the next call: click to undo it now") : p->describe().c_str());
    }
}

// Buttons flow left to right and wrap, so every preset is visible without scrolling at 1280x720. The
// phone's OS (which stays until changed; the flows whose error tables differ by OS) sits at the
// heading's right: it picks the table the codes below come from.
void presets(const FaultsView& v, FaultForm& f, Intents& out) {
    std::vector<const FaultPreset*> next_call, os;
    for (const FaultPreset& p : fault_presets(v.flow, v.env.os)) (p.environment && !p.restore ? os : next_call).push_back(&p);
    ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(6, 3));
    ImGui::AlignTextToFramePadding();
    ImGui::TextColored(to_vec4(palette::neutral), "%s", tr("ONE-CLICK (next call)"));
    if (!os.empty()) {
        const char* label = tr("phone OS:");
        float w = ImGui::CalcTextSize(label).x;
        for (const FaultPreset* p : os) w += ImGui::GetStyle().ItemSpacing.x + ImGui::CalcTextSize(preset_label(*p).c_str()).x + 12;
        ImGui::SameLine(std::max(ImGui::GetCursorPosX() + 16, ImGui::GetWindowContentRegionMax().x - w));
        ImGui::TextColored(to_vec4(palette::neutral), "%s", label);
        preset_buttons(os, v, f, out, false);
    }
    preset_buttons(next_call, v, f, out, true);
    ImGui::PopStyleVar();
}

// A combo over `items` whose preview and options are probed as "faults.<key>" (text: what it shows)
// and "faults.<key>.option.<i>" (text: the option's label), the open list as "faults.<key>.popup".
template <class T, class Label>
bool combo(const char* label, const char* key, int& index, const std::vector<T>& items, Label name) {
    if (items.empty()) return false;
    index = std::clamp(index, 0, int(items.size()) - 1);
    bool changed = false;
    const std::string preview = name(items[size_t(index)]);
    const bool open = ImGui::BeginCombo(label, preview.c_str());
    probe_item((std::string("faults.") + key).c_str(), preview);
    if (open) {
        const ImVec2 at = ImGui::GetWindowPos(), size = ImGui::GetWindowSize();
        probe_rect((std::string("faults.") + key + ".popup").c_str(), at, ImVec2(at.x + size.x, at.y + size.y));
        for (int i = 0; i < int(items.size()); ++i) {
            const std::string option = name(items[size_t(i)]);
            if (ImGui::Selectable(option.c_str(), i == index)) {
                index = i;
                changed = true;
            }
            probe_item((std::string("faults.") + key + ".option." + std::to_string(i)).c_str(), option);
        }
        ImGui::EndCombo();
    }
    return changed;
}

// An integer field, probed as "faults.<key>" with the value it shows.
void int_input(const char* label, const char* key, int& value, int step = 1, int step_fast = 100) {
    ImGui::SetNextItemWidth(-70);
    ImGui::InputInt(label, &value, step, step_fast);
    probe_item((std::string("faults.") + key).c_str(), std::to_string(value));
}

std::string catalog_label(const CatalogEntry* e) {
    std::string s = e->code;
    if (std::string(e->code) != e->message) s += std::string("  ") + e->message;
    if (e->confidence == Confidence::Unknown) s += "  [U]";
    return s;
}

// The form sets only the fields its inputs show; the rest keep FaultRule's defaults, so the rule added
// is exactly what the form displayed (and what a scenario file would say).
void when_inputs(FaultForm& f, FaultRule& r) {
    const std::vector<int> modes = {0, 1, 2, 3, 4};
    ImGui::SetNextItemWidth(-70);
    combo(tr_id("when").c_str(), "when", f.when, modes, [](int m) { return std::string(tr(kWhenLabels[m])); });
    r.when = WhenMode(f.when);
    if (r.when == WhenMode::Nth || r.when == WhenMode::FirstN) {
        int_input("n", "n", f.n);
        f.n = std::max(1, f.n);
        r.n = f.n;
    }
    if (r.when == WhenMode::Probability) {
        ImGui::SetNextItemWidth(-70);
        ImGui::SliderFloat("p", &f.probability, 0.0f, 1.0f, "%.2f");
        f.probability = std::round(f.probability * 100) / 100;  // the rule gets the probability shown
        char shown[16];
        std::snprintf(shown, sizeof shown, "%.2f", f.probability);
        probe_item("faults.p", shown);
        int_input("seed", "seed", f.seed);
        f.seed = std::max(0, f.seed);
        r.probability = f.probability;
        r.seed = uint64_t(f.seed);
    }
}

void what_inputs(FaultForm& f, Flow flow, const std::string& os, FaultRule& r) {
    std::vector<FaultKind> kinds;
    for (FaultKind k : all_fault_kinds())
        if (fault_applies(k, r.hop)) kinds.push_back(k);
    ImGui::SetNextItemWidth(-70);
    combo(tr_id("what").c_str(), "what", f.kind, kinds, [](FaultKind k) { return std::string(to_string(k)); });
    if (kinds.empty()) return;
    r.kind = kinds[size_t(f.kind)];
    if (r.kind == FaultKind::PlatformError) {
        const auto entries = fault_form_codes(flow, os, r.hop);
        ImGui::SetNextItemWidth(-70);
        combo("code", "code", f.code, entries, catalog_label);
        if (!entries.empty()) {
            const CatalogEntry* e = entries[size_t(f.code)];
            r.code = e->code;
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s\n%s", e->meaning, e->shape);
        }
    }
    if (r.kind == FaultKind::Delay || r.kind == FaultKind::ClockJump) {
        int_input("ms", "ms", f.ms, 100, 60000);
        r.ms = f.ms;
    }
    if (r.kind == FaultKind::HttpStatus) {
        int_input(tr_id("status").c_str(), "status", f.status);
        r.status = f.status;
    }
    if (r.kind == FaultKind::CutBody) {
        int_input(tr_id("bytes").c_str(), "bytes", f.bytes);
        r.bytes = f.bytes;
    }
}

// What the scenario parser (fault_rule_from_json) accepts, so a recorded rule always loads.
bool loads_in_scenario(const FaultRule& r) {
    if (!fault_applies(r.kind, r.hop)) return false;
    switch (r.kind) {
        case FaultKind::PlatformError: return !r.code.empty();
        case FaultKind::Delay:
        case FaultKind::ClockJump: return r.ms > 0;
        case FaultKind::HttpStatus: return r.status >= 100 && r.status <= 599;
        case FaultKind::CutBody: return r.bytes >= 0;
        default: return true;
    }
}

void add_form(FaultForm& f, Flow flow, const std::string& os, Intents& out) {
    ImGui::TextColored(to_vec4(palette::neutral), "%s", tr("ADD A FAULT  (where × when × what)"));
    const std::vector<Hop> hops = fault_hops(flow);  // dev_to_cloud_function only where there is a cloud function
    if (f.hop >= int(hops.size())) f.hop = 0;
    ImGui::SetNextItemWidth(-70);
    if (combo(tr_id("where").c_str(), "where", f.hop, hops, [](Hop h) { return std::string(to_string(h)); })) f.code = 0;
    FaultRule r;
    r.hop = hops[size_t(f.hop)];
    when_inputs(f, r);
    what_inputs(f, flow, os, r);
    ImGui::BeginDisabled(!loads_in_scenario(r));
    if (ImGui::Button(tr_id("Add fault").c_str())) out.add_faults.push_back(r);
    probe_item("faults.add");
    ImGui::EndDisabled();
}

void dropped_note(FaultForm& f, Flow flow) {
    if (f.dropped.empty()) return;
    std::string text = trf("Not carried over to %s (that flow has no such code or hop):", tr(flow_catalog()[size_t(flow)].title));
    for (const std::string& d : f.dropped) text += "\n  " + d;
    ImGui::PushStyleColor(ImGuiCol_Text, to_vec4(palette::fault));
    ImGui::TextWrapped("%s", text.c_str());
    ImGui::PopStyleColor();
    probe_text("faults.dropped", text);
    if (ImGui::SmallButton(tr_id("OK, hide this").c_str())) f.dropped.clear();
}

// Every rule, with a switch and a delete button; one used up (its call has passed) is greyed and
// tagged "used"; only active ones are counted.
void rule_list(const FaultsView& v, FaultForm& f, Intents& out) {
    const int active = active_fault_count(v.rules);
    ImGui::TextColored(to_vec4(palette::neutral), tr("RULES (%d active)"), active);
    probe_text("faults.active", std::to_string(active));
    if (!v.rules.empty()) {
        ImGui::SameLine(ImGui::GetContentRegionMax().x - ImGui::CalcTextSize(tr("Clear all")).x - 16);
        if (ImGui::SmallButton(tr_id("Clear all").c_str())) out.clear_faults = true;
    }
    dropped_note(f, v.flow);
    if (v.rules.empty()) ImGui::TextDisabled("%s", tr("No faults: every call succeeds."));
    for (size_t i = 0; i < v.rules.size(); ++i) {
        const FaultRule& r = v.rules[i];
        const bool spent = r.spent();
        ImGui::PushID(int(i));
        bool on = r.enabled && !spent;
        ImGui::BeginDisabled(spent && r.when != WhenMode::Next);  // a used next-call rule can be armed again
        if (ImGui::Checkbox("##on", &on)) out.enable_fault = std::make_pair(i, on);
        ImGui::EndDisabled();
        probe_item(("faults.rule_enabled." + std::to_string(i)).c_str(), on ? "on" : "off");
        ImGui::SameLine();
        if (ImGui::SmallButton("x")) out.remove_fault = i;
        probe_item(("faults.rule_delete." + std::to_string(i)).c_str());
        ImGui::SameLine();
        if (spent) {
            badge(tr("used"), ImGui::GetColorU32(ImGuiCol_FrameBg), ImGui::GetColorU32(ImGuiCol_TextDisabled));
            ImGui::SameLine();
        }
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(on ? ImGuiCol_Text : ImGuiCol_TextDisabled));
        ImGui::TextWrapped("%s", describe_rule(r).c_str());
        ImGui::PopStyleColor();
        probe_text(("faults.rule." + std::to_string(i)).c_str(), spent ? "used" : on ? "active" : "off");
        ImGui::PopID();
    }
}

}  // namespace

namespace {
// Phone faults for the next call: each breaks one thing and puts it back after that call.
FaultPreset offline() {
    return {"offline", "network offline", {}, [](Environment& e) { e.online = false; },
            [](Environment& now, const Environment& before) { now.online = before.online; }};
}
FaultPreset wechat_missing() {
    return {"wechat_missing", "WeChat not installed", {}, [](Environment& e) { e.wechat_installed = false; },
            [](Environment& now, const Environment& before) { now.wechat_installed = before.wechat_installed; }};
}
FaultPreset baidu_logged_out() {
    return {"baidu_logged_out", "Baidu logged out", {}, [](Environment& e) { e.baidu_logged_in = false; },
            [](Environment& now, const Environment& before) { now.baidu_logged_in = before.baidu_logged_in; }};
}
}  // namespace

std::vector<const CatalogEntry*> fault_form_codes(Flow flow, const std::string& os, Hop hop) {
    std::vector<const CatalogEntry*> codes = fault_codes(flow, hop);
    if (flow != Flow::Swan) return codes;
    const std::string other = os == "ios" ? "swan-android" : "swan-ios";
    codes.erase(std::remove_if(codes.begin(), codes.end(), [&](const CatalogEntry* e) { return e->platform == other; }),
                codes.end());
    return codes;
}

const char* catalog_platform(Flow flow) {
    if (const PlatformPack* pack = pack_of(flow)) return pack->id;
    return flow == Flow::WeChatMp || flow == Flow::Taro ? "wechat" : to_string(flow);
}

const char* catalog_platform(Flow flow, const std::string& os, Hop hop) {
    if (flow == Flow::Swan && hop == Hop::ClientCall) return os == "ios" ? "swan-ios" : "swan-android";
    return catalog_platform(flow);
}

namespace {
// The App flows' and swan's presets (swan's per OS): every catalog entry at the hops where that
// flow's engine takes a fault, then the phone changes and network faults that matter to it. Built
// once; strings kept for good.
std::vector<FaultPreset> app_presets(Flow flow, const std::string& os = "android") {
    static std::deque<std::string> text;  // FaultPreset holds const char*
    auto keep = [](std::string s) { return text.emplace_back(std::move(s)).c_str(); };
    std::vector<FaultPreset> out;
    for (Hop hop : flow_catalog()[size_t(flow)].preset_hops)
        for (const CatalogEntry* e : catalog_for(catalog_platform(flow, os, hop), hop)) {
            std::string label = e->code;
            if (std::string(e->message) != e->code) label += std::string(" ") + e->message;
            const size_t link = label.find(",https://");  // uni-app's help link: too long for a button
            if (link != std::string::npos) label.resize(link);
            if (hop == Hop::PlatformResponse) label += " (server)";
            out.push_back({keep(std::string(to_string(hop)) + "." + e->code), keep(label), rule(hop, FaultKind::PlatformError, e->code)});
        }
    if (flow == Flow::UniApple) {
        out.push_back({"android", "Android (no Apple)", {}, [](Environment& e) { e.os = "android"; }});
        out.push_back({"ios", "iOS", {}, [](Environment& e) { e.os = "ios"; }});
        return out;
    }
    if (flow == Flow::Swan) {  // the Baidu app's login and the OS (whose error table the client uses)
        out.push_back(baidu_logged_out());
        out.push_back({"android", "Android", {}, [](Environment& e) { e.os = "android"; }});
        out.push_back({"ios", "iOS", {}, [](Environment& e) { e.os = "ios"; }});
    } else if (const PlatformPack* pack = pack_of(flow)) {  // each of its phone settings, off for the next call
        for (const PackSetting& s : pack->settings)
            out.push_back({keep(s.id), s.off_en, {},
                           [id = std::string(s.id)](Environment& e) { e.pack_settings[id] = false; },
                           [id = std::string(s.id)](Environment& now, const Environment& before) {
                               now.pack_settings[id] = pack_setting(before, id);
                           }});
    } else {
        out.push_back(wechat_missing());
    }
    out.push_back(offline());
    if (flow == Flow::WeChatApp || flow == Flow::Swan) out.push_back({"reset_client_dev", "connection reset (client→dev)", rule(Hop::ClientToDev, FaultKind::ConnectionReset)});
    out.push_back({"reset_platform", "connection reset (platform)", rule(Hop::DevToPlatform, FaultKind::ConnectionReset)});
    out.push_back({"hang", "hang until timeout", rule(Hop::DevToPlatform, FaultKind::Hang)});
    out.push_back({"malformed_json", "malformed JSON", rule(Hop::PlatformResponse, FaultKind::MalformedJson)});
    return out;
}
}  // namespace

std::string FaultPreset::describe() const {
    if (!environment) return describe_rule(rule);
    return restore ? trf("changes the phone for the next call: %s", preset_label(*this).c_str())
                   : trf("changes the phone: %s", preset_label(*this).c_str());
}

const std::vector<FaultPreset>& fault_presets(Flow flow, const std::string& os) {
    static const std::vector<FaultPreset> uni = {
        {"login_failed", "30006 一键登录失败", rule(Hop::ClientCall, FaultKind::PlatformError, "30006")},
        {"token_failed", "30007 token失败", rule(Hop::ClientCall, FaultKind::PlatformError, "30007")},
        {"number_failed", "40047 取号失败", rule(Hop::ClientCall, FaultKind::PlatformError, "40047")},
        {"server_5000", "5000 取号失败 (server)", rule(Hop::PlatformResponse, FaultKind::PlatformError, "5000")},
        {"other_error", "30004 其他错误", rule(Hop::ClientCall, FaultKind::PlatformError, "30004")},
        {"sim_removed", "SIM removed", {}, [](Environment& e) { e.line.sim_present = false; },
         [](Environment& now, const Environment& before) { now.line.sim_present = before.line.sim_present; }},
        {"data_off", "cellular data off", {}, [](Environment& e) { e.line.cellular_data = false; },
         [](Environment& now, const Environment& before) { now.line.cellular_data = before.line.cellular_data; }},
        {"gateway", "source-IP check fails (40x01)", {}, [](Environment& e) { e.line.gateway_ok = false; },
         [](Environment& now, const Environment& before) { now.line.gateway_ok = before.line.gateway_ok; }},
        offline(),
        {"reset_client_dev", "connection reset (client→dev)", rule(Hop::ClientToDev, FaultKind::ConnectionReset)},
        {"reset_cloud_function", "connection reset (cloud function)", rule(Hop::DevToCloudFunction, FaultKind::ConnectionReset)},
        {"hang", "hang until timeout", rule(Hop::DevToPlatform, FaultKind::Hang)},
        {"malformed_json", "malformed JSON", rule(Hop::PlatformResponse, FaultKind::MalformedJson)},
    };
    if (flow == Flow::Univerify) return uni;
    static const std::vector<FaultPreset> wechat_app = app_presets(Flow::WeChatApp);
    static const std::vector<FaultPreset> uni_weixin = app_presets(Flow::UniWeixin);
    static const std::vector<FaultPreset> uni_apple = app_presets(Flow::UniApple);
    if (flow == Flow::WeChatApp) return wechat_app;
    if (flow == Flow::UniWeixin) return uni_weixin;
    if (flow == Flow::UniApple) return uni_apple;
    static const std::vector<FaultPreset> swan_android = app_presets(Flow::Swan, "android");
    static const std::vector<FaultPreset> swan_ios = app_presets(Flow::Swan, "ios");
    if (flow == Flow::Swan) return os == "ios" ? swan_ios : swan_android;
    static std::map<Flow, std::vector<FaultPreset>> packs;  // a platform pack's, built on first use (UI thread)
    if (pack_of(flow)) {
        auto it = packs.find(flow);
        if (it == packs.end()) it = packs.emplace(flow, app_presets(flow)).first;
        return it->second;
    }
    static const std::vector<FaultPreset> p = {
        {"code_been_used", "code been used (40163)", rule(Hop::PlatformResponse, FaultKind::PlatformError, "40163")},
        {"invalid_code", "invalid code (40029)", rule(Hop::PlatformResponse, FaultKind::PlatformError, "40029")},
        {"system_error", "system error (-1)", rule(Hop::PlatformResponse, FaultKind::PlatformError, "-1")},
        {"quota", "quota (45011)", rule(Hop::PlatformResponse, FaultKind::PlatformError, "45011")},
        {"code_blocked", "code blocked (40226)", rule(Hop::PlatformResponse, FaultKind::PlatformError, "40226")},
        {"reset_client_dev", "connection reset (client→dev)", rule(Hop::ClientToDev, FaultKind::ConnectionReset)},
        {"reset_platform", "connection reset (platform)", rule(Hop::DevToPlatform, FaultKind::ConnectionReset)},
        {"hang", "hang until timeout", rule(Hop::DevToPlatform, FaultKind::Hang)},
        {"malformed_json", "malformed JSON", rule(Hop::PlatformResponse, FaultKind::MalformedJson)},
        {"duplicate_delivery", "duplicate delivery", rule(Hop::ClientToDev, FaultKind::DuplicateDelivery)},
        {"expire_code", "expire code in transit (+5 min)", rule(Hop::ClientToDev, FaultKind::ClockJump, "", 5 * 60 * 1000)},
    };
    return p;
}

namespace {
// The phone fault preset `key` of any flow (one may be armed in a flow and its call made in another).
const FaultPreset* phone_fault(const std::string& key) {
    for (size_t f = 0; f < flow_catalog().size(); ++f)
        for (const char* os : {"android", "ios"})
            for (const FaultPreset& p : fault_presets(Flow(f), os))
                if (p.restore && p.key == key) return &p;
    return nullptr;
}
}  // namespace

int active_fault_count(const std::vector<FaultRule>& rules) {
    return int(std::count_if(rules.begin(), rules.end(), [](const FaultRule& r) { return r.enabled && !r.spent(); }));
}

Intents end_phone_faults_after_call(const FaultsView& v, FaultForm& form) {
    Intents out;
    if (form.armed.empty() || v.last_action <= form.armed_after_action || v.in_flight) return out;
    Environment env = v.env;
    for (const std::string& key : form.armed)
        if (const FaultPreset* p = phone_fault(key)) p->restore(env, form.before_armed);
    form.armed.clear();
    out.environment = env;
    return out;
}

std::vector<FaultRule> carry_faults(const std::vector<FaultRule>& rules, Flow flow, FaultForm& form) {
    std::vector<FaultRule> keep;
    form.dropped.clear();
    const std::vector<Hop> hops = fault_hops(flow);
    for (FaultRule r : rules) {
        bool known = r.kind != FaultKind::PlatformError;
        for (const CatalogEntry* e : fault_codes(flow, r.hop)) known |= r.code == e->code;
        known &= std::find(hops.begin(), hops.end(), r.hop) != hops.end();
        if (!known) {
            form.dropped.push_back(describe_rule(r));
            continue;
        }
        if (r.spent()) r.enabled = true;  // a new world: armed again, as Reset does
        keep.push_back(r);
    }
    return keep;
}

Intents draw_faults(const FaultsView& v, FaultForm& form) {
    Intents out;
    side_by_side({{"fault_presets", 0.44f, [&] { presets(v, form, out); }},
                  {"fault_form", 0.28f, [&] { add_form(form, v.flow, v.env.os, out); }},
                  {"fault_rules", 0, [&] { rule_list(v, form, out); }}});
    return out;
}

}  // namespace ls::gui
