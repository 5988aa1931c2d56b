// Shared look and small helpers of the panels.
#include <cstring>

#include <nlohmann/json.hpp>

#include "i18n.hpp"
#include "panels.hpp"

#include "loginscope/narration.hpp"

namespace ls::gui {

void setup_section(const char* title) {
    ImGui::Spacing();
    ImGui::PushStyleColor(ImGuiCol_Text, to_vec4(palette::neutral));
    ImGui::TextUnformatted(title);
    ImGui::PopStyleColor();
    ImGui::Separator();
}

void merge(Intents& into, Intents from) {
    if (from.step) into.step = std::move(from.step);
    if (from.step_mode) into.step_mode = from.step_mode;
    into.next_step |= from.next_step;
    if (from.clock_running) into.clock_running = from.clock_running;
    if (from.speed) into.speed = from.speed;
    into.advance_ms += from.advance_ms;
    into.jump_to_next_expiry |= from.jump_to_next_expiry;
    into.reset |= from.reset;
    if (from.environment) into.environment = std::move(from.environment);
    if (from.rebuild) into.rebuild = std::move(from.rebuild);
    for (auto& r : from.add_faults) into.add_faults.push_back(std::move(r));
    if (from.remove_fault) into.remove_fault = from.remove_fault;
    if (from.enable_fault) into.enable_fault = from.enable_fault;
    into.clear_faults |= from.clear_faults;
    if (from.select_event) into.select_event = from.select_event;
    into.dismiss_error |= from.dismiss_error;
    if (from.profile_outside_tap) into.profile_outside_tap = from.profile_outside_tap;
    if (from.only_authorize) into.only_authorize = from.only_authorize;
    for (auto& m : from.missing_assets) into.missing_assets.push_back(std::move(m));
    if (from.session != SessionCommand::None) into.session = from.session;
    if (from.flaws) into.flaws = std::move(from.flaws);
    if (from.prefs) into.prefs = from.prefs;
    if (from.presenter != PresenterCommand::None) into.presenter = from.presenter;
    if (from.open_demo) into.open_demo = std::move(from.open_demo);
    if (from.show_glossary) into.show_glossary = from.show_glossary;
    if (from.attach_backend) into.attach_backend = std::move(from.attach_backend);
    into.detach_backend |= from.detach_backend;
}

std::optional<FlawMark> flaw_mark(const std::vector<Event>& events, size_t i) {
    const Event& e = events[i];
    if (auto f = flaw_shown_by(e)) return FlawMark{*f, i};
    const bool reply_to_client = e.kind == "http.response" && e.actor == Actor::DevServer && e.to == Actor::Client;
    if (!reply_to_client) return std::nullopt;
    for (size_t k = i; k-- > 0;) {
        if (events[k].flow != e.flow) continue;
        if (events[k].kind == "action.start") break;
        if (auto f = flaw_shown_by(events[k])) return FlawMark{*f, k};
    }
    return std::nullopt;
}

namespace {
bool contains(const std::string& s, const char* part) { return s.find(part) != std::string::npos; }
}  // namespace

bool carries_platform_error(const Event& e) {
    if (!e.http || e.http->status < 200 || e.http->status >= 300) return false;
    const std::string& body = e.http->response_body;
    if (!contains(body, "\"errcode\"") && !contains(body, "\"success\"") && !contains(body, "\"error\"")) return false;
    const nlohmann::json j = nlohmann::json::parse(body, nullptr, false);
    if (!j.is_object()) return false;
    if (j.contains("errcode") && ((j["errcode"].is_number() && j["errcode"] != 0) ||
                                  (j["errcode"].is_string() && j["errcode"] != "0" && j["errcode"] != "")))
        return true;
    if (j.contains("success") && j["success"] == false) return true;            // DCloud's univerify
    return j.contains("error") && j["error"].is_string() && j["error"] != "";  // OAuth style (Baidu)
}

Status event_status(const Event& e) {
    if (e.kind.rfind("fault.", 0) == 0) return Status::Fault;
    // A failed check (open_data.signature_mismatch, login.rejected, session.invalid …) reads as an error too.
    for (const char* bad : {"error", "fail", "mismatch", "rejected", "invalid", "expired", "missing"})
        if (contains(e.kind, bad)) return Status::Error;
    if (contains(e.text, ":fail")) return Status::Error;
    if (e.http && (e.http->status >= 400 || !e.http->transport_error.empty())) return Status::Error;
    if (carries_platform_error(e)) return Status::Error;
    auto err = e.links.find("errcode");
    if (err != e.links.end() && err->second != "0") return Status::Error;
    return Status::Ok;
}

ImU32 status_color(Status s) {
    switch (s) {
        case Status::Ok: return palette::ok;
        case Status::Error: return palette::error;
        case Status::Fault: return palette::fault;
    }
    return palette::neutral;
}

const char* status_label(Status s) {
    switch (s) {
        case Status::Ok: return tr("ok");
        case Status::Error: return tr("error");
        case Status::Fault: return tr("fault");
    }
    return "?";
}

const char* actor_title(Actor a) {
    switch (a) {
        case Actor::Client: return tr("Client");
        case Actor::DevServer: return tr("Developer server");
        case Actor::Platform: return tr("Platform");
        case Actor::Environment: return tr("Environment");
        case Actor::Engine: return tr("Engine");
        case Actor::CloudFunction: return tr("uniCloud cloud function");
    }
    return "?";
}

ImU32 subject_color(const std::string& subject) {
    if (subject == "code") return palette::code;
    if (subject == "session_key") return palette::session_key;
    if (subject == "token") return palette::token;
    return palette::neutral;
}

ImVec4 to_vec4(ImU32 c) { return ImGui::ColorConvertU32ToFloat4(c); }

void side_by_side(std::initializer_list<Column> columns) {
    const float w = ImGui::GetContentRegionAvail().x;
    bool first = true;
    for (const Column& c : columns) {
        if (!first) ImGui::SameLine(0, ImGui::GetStyle().ItemSpacing.x);
        first = false;
        ImGui::BeginChild(c.id, ImVec2(w * c.fraction, 0), true);
        c.draw();
        ImGui::EndChild();
    }
}

void badge(const char* label, ImU32 bg, ImU32 fg) {
    const ImVec2 pad(5, 1);
    const ImVec2 size = ImGui::CalcTextSize(label);
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    const float y = pos.y + (ImGui::GetTextLineHeight() - size.y) * 0.5f;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(ImVec2(pos.x, y - pad.y), ImVec2(pos.x + size.x + 2 * pad.x, y + size.y + pad.y), bg, 4.0f);
    dl->AddText(ImVec2(pos.x + pad.x, y), fg, label);
    ImGui::Dummy(ImVec2(size.x + 2 * pad.x, ImGui::GetTextLineHeight()));
}

ImU32 brand_color(Flow f) {
    const PlatformPack* pack = pack_of(f);
    if (!pack) return palette::wechat_green;
    const uint32_t rgb = pack->page.brand_rgb;
    return IM_COL32((rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF, 255);
}

ImU32 brand_color_pressed(Flow f) {
    if (!pack_of(f)) return palette::wechat_green_pressed;
    const ImU32 c = brand_color(f);
    auto part = [&](int shift) { return ImU32(std::min(255u, ((c >> shift) & 0xFF) + 0x30)) << shift; };  // dark brands lighten
    return part(IM_COL32_R_SHIFT) | part(IM_COL32_G_SHIFT) | part(IM_COL32_B_SHIFT) | (c & IM_COL32_A_MASK);
}

const char* in_language(const char* en, const char* zh) { return language() == Lang::Zh ? zh : en; }

bool is_app_flow(Flow f) { return flow_catalog()[size_t(f)].page == PhonePage::NativeApp; }

Step login_step(Flow f) { return make_step(flow_catalog()[size_t(f)].login_step); }

Step profile_step(bool outside_tap) {
    Step s = make_step("get_user_profile");
    s.from_tap = !outside_tap;
    return s;
}

const char* phone_login_label(Flow f) { return flow_catalog()[size_t(f)].login_button; }

std::string mask_middle(const std::string& s, size_t keep) {
    if (s.size() <= keep * 2) return s;
    return s.substr(0, keep) + "****" + s.substr(s.size() - keep);
}

namespace {

// A code point that belongs to the character before it: a combining mark, a variation selector, a
// skin tone, or the zero-width joiner (whose next code point belongs to the same character too).
bool extends_previous(char32_t cp) {
    return (cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x1AB0 && cp <= 0x1AFF) || (cp >= 0x20D0 && cp <= 0x20FF) ||
           cp == 0x200D || (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0x1F3FB && cp <= 0x1F3FF) ||
           (cp >= 0xE0020 && cp <= 0xE007F);
}

}  // namespace

std::vector<size_t> text_cut_points(const std::string& s) {
    std::vector<size_t> cuts;
    char32_t prev = 0;
    for (size_t i = 0; i < s.size();) {
        const unsigned char b = static_cast<unsigned char>(s[i]);
        const size_t n = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 1;
        char32_t cp = n == 1 ? b : b & (0x7F >> n);
        size_t len = 1;
        while (len < n && i + len < s.size() && (static_cast<unsigned char>(s[i + len]) & 0xC0) == 0x80)
            cp = (cp << 6) | (static_cast<unsigned char>(s[i + len++]) & 0x3F);
        if (i > 0 && !extends_previous(cp) && prev != 0x200D) cuts.push_back(i);
        prev = cp;
        i += len;
    }
    return cuts;
}

std::string fit_text(const std::string& s, float width) {
    if (ImGui::CalcTextSize(s.c_str()).x <= width) return s;
    const std::vector<size_t> cuts = text_cut_points(s);
    // The longest prefix ending on a character boundary that fits with its ellipsis.
    size_t lo = 0, hi = cuts.size();  // cuts[0, lo) fit; answer in [lo, hi]
    while (lo < hi) {
        const size_t mid = (lo + hi + 1) / 2;
        if (ImGui::CalcTextSize((s.substr(0, cuts[mid - 1]) + "…").c_str()).x <= width)
            lo = mid;
        else
            hi = mid - 1;
    }
    return (lo == 0 ? std::string() : s.substr(0, cuts[lo - 1])) + "…";
}

ImFont* find_font(const char* name) {
    ImFontAtlas* atlas = ImGui::GetIO().Fonts;
    for (ImFont* f : atlas->Fonts)
        if (f->ConfigData && std::strcmp(f->ConfigData->Name, name) == 0) return f;
    return nullptr;
}

}  // namespace ls::gui
