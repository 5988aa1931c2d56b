// Inspector (right): the steps of the latest action, the selected step's HTTP exchange and what
// it means, and the identifiers linked across steps (code → openid/unionid → session_key → token).
#include <algorithm>

#include <nlohmann/json.hpp>

#include "i18n.hpp"
#include "panels.hpp"
#include "probes.hpp"

#include "loginscope/clock.hpp"
#include "loginscope/narration.hpp"

namespace ls::gui {

namespace {

// The rows the step list shows: the latest action's events, or every event.
struct Rows {
    const InspectorView& v;
    bool all;
    std::vector<size_t> picked;

    size_t size() const { return all ? v.events.size() : picked.size(); }
    size_t at(size_t row) const { return all ? row : picked[row]; }
};

Rows rows_of(const InspectorView& v, bool all) {
    Rows r{v, all, {}};
    if (all || !v.latest_range) return r;
    for (size_t i = v.latest_range->first; i <= v.latest_range->second; ++i)
        if (v.events[i].flow == v.latest_flow) r.picked.push_back(i);
    return r;
}

bool is_open_data(const Event& e) { return e.kind.rfind("open_data.", 0) == 0; }

// The step to show: the developer server's open-data verdict when the action has one (it says
// more than the HTTP 401 around it), else the newest HTTP exchange, else the newest step.
std::optional<size_t> newest_interesting(const Rows& rows) {
    for (size_t k = rows.size(); k-- > 0;)
        if (is_open_data(rows.v.events[rows.at(k)])) return rows.at(k);
    for (size_t k = rows.size(); k-- > 0;)
        if (rows.v.events[rows.at(k)].http) return rows.at(k);
    if (rows.size() == 0) return std::nullopt;
    return rows.at(rows.size() - 1);
}

std::string actors_of(const Event& e) {
    std::string s = to_string(e.actor);
    if (e.to) s += std::string(" → ") + to_string(*e.to);
    return s;
}

// A step that broke a live invariant says so in the status column; false when it broke none.
bool broken_status(const InspectorView& v, size_t index) {
    for (const LiveViolation& lv : v.violations) {
        if (lv.event != index) continue;
        ImGui::TextColored(to_vec4(palette::error), "%s", tr("BROKEN"));
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s: %s", lv.invariant.c_str(), lv.detail.c_str());
        probe_text(("inspector.violation_row." + std::to_string(index)).c_str(), lv.invariant);
        return true;
    }
    return false;
}

void step_row(const InspectorView& v, size_t index, bool selected, Intents& out) {
    const Event& e = v.events[index];
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    const std::string id = format_clock(e.t_ms) + "##step" + std::to_string(index);
    if (ImGui::Selectable(id.c_str(), selected, ImGuiSelectableFlags_SpanAllColumns)) out.select_event = index;
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(actors_of(e).c_str());
    ImGui::TableNextColumn();
    const std::optional<FlawMark> mark = flaw_mark(v.events, index);
    const std::optional<Flaw> flaw = mark ? std::optional<Flaw>(mark->flaw) : std::nullopt;
    if (flaw) ImGui::PushStyleColor(ImGuiCol_Text, to_vec4(palette::error));
    ImGui::TextUnformatted(e.kind.c_str());
    if (flaw) ImGui::PopStyleColor();
    if (ImGui::IsItemHovered() && !e.text.empty()) ImGui::SetTooltip("%s", e.text.c_str());
    ImGui::TableNextColumn();
    if (broken_status(v, index)) return;
    if (v.waiting_on == index) {  // a request to a team's backend with no reply yet
        ImGui::TextColored(to_vec4(palette::fault), tr("waiting %.1f s"), v.waiting_s);
        probe_text("inspector.waiting", std::to_string(v.waiting_s));
        return;
    }
    if (flaw) {
        ImGui::TextColored(to_vec4(palette::error), "%s", tr("FLAW"));
        probe_text(("inspector.flaw_row." + std::to_string(index)).c_str(), to_string(mark->flaw));
        return;
    }
    const Status st = event_status(e);
    ImGui::TextColored(to_vec4(status_color(st)), "%s", status_label(st));
}

void step_list(const InspectorView& v, UiState& ui, const Rows& rows, Intents& out) {
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_BordersInnerH |
                                  ImGuiTableFlags_SizingStretchProp;
    const float h = ImGui::GetContentRegionAvail().y * 0.40f;
    if (rows.size() == 0) {  // a wrapped hint where the table will be: a table column would cut it
        ImGui::BeginChild("steps_empty", ImVec2(0, h));
        const std::string hint = v.audit ? std::string(tr("Nothing was sent for this check."))
                                         : std::string(tr("No steps yet.")) + " " + trf("Press Login, or %s on the phone.", phone_login_label(v.flow));
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
        ImGui::TextWrapped("%s", hint.c_str());
        ImGui::PopStyleColor();
        probe_text("inspector.empty_hint", hint);
        ImGui::EndChild();
        return;
    }
    probe_text("inspector.rows", std::to_string(rows.size()));
    if (!ImGui::BeginTable("steps", 4, flags, ImVec2(0, h))) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn(tr("Time"), ImGuiTableColumnFlags_WidthFixed, ImGui::CalcTextSize("00:00:00.000").x);
    ImGui::TableSetupColumn(tr("Actor → to"), ImGuiTableColumnFlags_WidthStretch, 1.2f);
    ImGui::TableSetupColumn(tr("Kind"), ImGuiTableColumnFlags_WidthStretch, 1.0f);
    float status_w = std::max({ImGui::CalcTextSize(tr("Status")).x, ImGui::CalcTextSize(tr("FLAW")).x, ImGui::CalcTextSize(tr("BROKEN")).x});
    if (v.waiting_on) status_w = std::max(status_w, ImGui::CalcTextSize(trf("waiting %.1f s", 99.9).c_str()).x);
    ImGui::TableSetupColumn(tr("Status"), ImGuiTableColumnFlags_WidthFixed, status_w + 4);
    ImGui::TableHeadersRow();
    ImGuiListClipper clipper;
    clipper.Begin(int(rows.size()));
    while (clipper.Step())
        for (int r = clipper.DisplayStart; r < clipper.DisplayEnd; ++r) {
            const size_t i = rows.at(size_t(r));
            step_row(v, i, ui.selected_event == i, out);
        }
    if (ui.follow_latest && ImGui::GetScrollY() < ImGui::GetScrollMaxY()) ImGui::SetScrollHereY(1.0f);
    ImGui::EndTable();
}

std::string pretty(const std::string& body) {
    auto j = nlohmann::json::parse(body, nullptr, false);
    if (j.is_discarded()) return body;
    return j.dump(2);
}

void mono_block(const std::string& text) {
    ImFont* mono = find_font("mono");
    if (mono) ImGui::PushFont(mono);
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted(text.c_str());
    ImGui::PopTextWrapPos();
    if (mono) ImGui::PopFont();
}

void heading(const char* title) {
    ImGui::Spacing();
    ImGui::TextColored(to_vec4(palette::neutral), "%s", tr(title));
}

// The header fields as they travelled, folded under one line: "Name: value" each.
template <class Fields>
void header_fields(const char* id, const Fields& fields) {
    if (fields.empty()) return;
    std::string lines;
    for (const auto& [name, value] : fields) lines += name + ": " + value + "\n";
    lines.pop_back();
    probe_text(id, lines);
    const std::string count = fields.size() == 1 ? tr("1 header field") : trf("%d header fields", int(fields.size()));
    if (ImGui::TreeNodeEx(id, ImGuiTreeNodeFlags_SpanAvailWidth, "%s", count.c_str())) {
        mono_block(lines);
        ImGui::TreePop();
    }
}

void http_exchange(const HttpRecord& h, bool pretty_json) {
    heading("REQUEST");
    mono_block(h.method + " " + h.target);
    header_fields("inspector.request_headers", h.request_headers);
    if (!h.request_body.empty()) mono_block(pretty_json ? pretty(h.request_body) : h.request_body);
    heading("RESPONSE");
    if (h.wire_ms >= 0) {  // a team's backend: how long it really took (virtual time does not show a slow one)
        ImGui::SameLine();
        ImGui::TextDisabled(tr("after %.2f s on the wire"), double(h.wire_ms) / 1000.0);
        probe_text("inspector.wire_ms", std::to_string(h.wire_ms));
    }
    if (!h.transport_error.empty())
        ImGui::TextColored(to_vec4(palette::error), tr("no usable response: %s"), h.transport_error.c_str());
    if (h.status) {
        ImGui::TextColored(to_vec4(h.status < 400 ? palette::ok : palette::error), "HTTP %d", h.status);
        header_fields("inspector.response_headers", h.response_headers);
        mono_block(pretty_json ? pretty(h.response_body) : h.response_body);
    }
}

const LifetimeBar* find_bar(const std::vector<LifetimeBar>& bars, const std::string& id) {
    for (auto& b : bars)
        if (b.life.id == id) return &b;
    return nullptr;
}

std::string life_state(const LifetimeBar& b, int64_t now) {
    if (b.ended_ms >= 0) return trf("ended at %s (%s)", instant_text(b.ended_ms, now).c_str(), b.end_kind.c_str());
    if (now >= b.life.until_ms) return trf("expired at %s", instant_text(b.life.until_ms, now).c_str());
    return trf("time left %s (until %s)", duration_text(b.life.until_ms - now).c_str(), instant_text(b.life.until_ms, now).c_str());
}

void decoded(const Event& e, const InspectorView& v) {
    heading("DECODED");
    ImGui::TextWrapped(tr("%s at %s, hop %s"), actors_of(e).c_str(), format_clock(e.t_ms).c_str(), to_string(e.hop));
    if (e.starts) {
        const LifetimeBar* b = find_bar(v.bars, e.starts->id);
        ImGui::TextWrapped(tr("starts %s %s: %s"), e.starts->subject.c_str(), mask_middle(e.starts->id, 6).c_str(),
                           b ? life_state(*b, v.now_ms).c_str() : "");
    }
    if (e.ends) ImGui::TextWrapped(tr("ends %s"), mask_middle(*e.ends, 6).c_str());
    for (auto& [key, value] : e.links) {
        const LifetimeBar* b = key == "code" || key == "token" || key == "session_key" ? find_bar(v.bars, value) : nullptr;
        if (b)
            ImGui::TextWrapped("%s = %s — %s", key.c_str(), value.c_str(), life_state(*b, v.now_ms).c_str());
        else
            ImGui::TextWrapped("%s = %s", key.c_str(), value.c_str());
    }
}

// ---- open data (PLATFORM-FACTS §1.6) -------------------------------------------------------

enum class Check { Pass, Fail, Flaw, NotReached };

void check_line(const char* what, Check c, const std::string& note, const char* probe_key) {
    static const char* kMarks[] = {"✓", "×", "!", "–"};  // the CJK font has no ✗
    static const ImU32 kColors[] = {palette::ok, palette::error, palette::fault, palette::text_dim};
    const int i = int(c);
    ImGui::TextColored(to_vec4(kColors[i]), "%s", kMarks[i]);
    ImGui::SameLine();
    ImGui::TextColored(c == Check::NotReached ? ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled) : ImGui::GetStyleColorVec4(ImGuiCol_Text), "%s", tr(what));
    ImGui::SameLine();
    ImGui::PushStyleColor(ImGuiCol_Text, to_vec4(c == Check::Pass || c == Check::NotReached ? palette::text_dim : kColors[i]));
    ImGui::TextWrapped("%s", note.c_str());
    ImGui::PopStyleColor();
    static const char* kWords[] = {"pass", "fail", "flaw", "not reached"};
    probe_text(probe_key, kWords[i]);
}

void key_line(const char* label, const std::string& key, ImU32 color) {
    ImGui::Indent();
    ImGui::TextColored(to_vec4(palette::neutral), "%s", tr(label));
    ImGui::SameLine();
    ImFont* mono = find_font("mono");
    if (mono) ImGui::PushFont(mono);
    ImGui::PushStyleColor(ImGuiCol_Text, key.empty() ? ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled) : to_vec4(color));
    ImGui::TextWrapped("%s", key.empty() ? "—" : key.c_str());
    ImGui::PopStyleColor();
    if (mono) ImGui::PopFont();
    ImGui::Unindent();
}

// The server's checks of one getUserProfile post, in order: signature, decryption, watermark.appid;
// then the profile it decrypted. Read from the open_data.* events of the selected step's action.
void open_data_checks(const Event& sel, const InspectorView& v) {
    const Event *signed_by = nullptr, *sig_ok = nullptr, *sig_bad = nullptr, *dec_bad = nullptr, *wm_bad = nullptr,
                *done = nullptr;
    for (const Event& e : v.events) {
        if (e.flow != sel.flow) continue;
        if (e.kind == "profile.signed") signed_by = &e;
        if (e.kind == "open_data.signature_ok") sig_ok = &e;
        if (e.kind == "open_data.signature_mismatch") sig_bad = &e;
        if (e.kind == "open_data.decrypt_failed") dec_bad = &e;
        if (e.kind == "open_data.watermark_mismatch") wm_bad = &e;
        if (e.kind == "open_data.decrypted") done = &e;
    }
    heading("OPEN DATA CHECKS (developer server)");
    const std::string server_key = sel.links.value("session_key");
    const std::string wechat_key = signed_by ? signed_by->links.value("session_key") : std::string();

    check_line("signature", sig_bad ? Check::Fail : sig_ok ? Check::Pass : Check::NotReached,
               sig_bad ? tr("sha1(rawData + session_key) differs") : tr("sha1(rawData + session_key) matches"),
               "inspector.open_data.signature");
    key_line("server verified with", server_key, sig_bad ? palette::error : palette::session_key);
    if (!wechat_key.empty()) key_line("WeChat signed with", wechat_key, palette::session_key);
    if (sig_bad) {
        const std::string race = tr("signed with a newer session_key: a later wx.login replaced the key the server holds");
        ImGui::PushStyleColor(ImGuiCol_Text, to_vec4(palette::error));
        ImGui::TextWrapped("%s", race.c_str());
        ImGui::PopStyleColor();
        probe_text("inspector.open_data.race", race);
    }

    const bool decrypted = done || wm_bad;
    check_line("decrypt", dec_bad ? Check::Fail : decrypted ? Check::Pass : Check::NotReached,
               dec_bad ? dec_bad->text : tr("AES-128-CBC, key = session_key, iv from the client"), "inspector.open_data.decrypt");

    Check wm = Check::NotReached;
    std::string wm_note = tr("watermark.appid must be the server's own appid");
    std::string plain;
    if (done) {
        const size_t brace = done->text.find('{');
        if (brace != std::string::npos) plain = done->text.substr(brace);
        const auto j = nlohmann::json::parse(plain, nullptr, false);
        std::string appid;
        if (j.is_object() && j.contains("watermark") && j["watermark"].is_object())
            appid = j["watermark"].value("appid", "");
        const bool flaw = done->text.rfind("FLAW", 0) == 0;
        wm = flaw ? Check::Flaw : Check::Pass;
        wm_note = flaw ? trf("watermark.appid %s is not ours, accepted without a check (flaw)", appid.c_str())
                       : trf("watermark.appid %s is ours", appid.c_str());
    } else if (wm_bad) {
        wm = Check::Fail;
        wm_note = wm_bad->text;
    }
    check_line("watermark", wm, wm_note, "inspector.open_data.watermark");

    if (!plain.empty()) {
        heading("DECRYPTED PROFILE");
        const std::string json = pretty(plain);
        mono_block(json);
        probe_text("inspector.open_data.json", json);
    }
}

// What happened at this step and why, in the interface's language; a flaw's step says which
// attack the mistake opens, in red.
void narration(const InspectorView& v, size_t index) {
    const std::optional<FlawMark> mark = flaw_mark(v.events, index);
    heading(mark ? "DEVELOPER-SERVER FLAW" : "WHAT HAPPENED");
    if (mark) badge(flaw_title(mark->flaw, language()), palette::error, IM_COL32(255, 255, 255, 255));
    // A reply that carries the mistake is explained by the mistake: its usual narration would be untrue.
    const std::string text = narrate(v.events[mark ? mark->flaw_event : index], v.flow, language());
    glossary_text(text, mark ? palette::error : 0);
    probe_text("inspector.narration", text);
}

void step_details(const InspectorView& v, UiState& ui) {
    if (!ui.selected_event || *ui.selected_event >= v.events.size()) {
        ImGui::TextDisabled("%s", tr("Select a step to see its request and response."));
        return;
    }
    const Event& e = v.events[*ui.selected_event];
    ImGui::TextColored(to_vec4(status_color(event_status(e))), "%s", e.kind.c_str());
    const size_t json_at = is_open_data(e) ? e.text.find(": {") : std::string::npos;
    if (json_at != std::string::npos)  // the decrypted profile is shown pretty-printed below
        ImGui::TextWrapped(tr("%s (profile below)"), e.text.substr(0, json_at).c_str());
    else
        ImGui::TextWrapped("%s", e.text.c_str());
    probe_text("inspector.selected_kind", e.kind);
    narration(v, *ui.selected_event);
    if (e.http) {
        ImGui::Checkbox(tr_id("Pretty JSON").c_str(), &ui.pretty_json);
        http_exchange(*e.http, ui.pretty_json);
    }
    if (is_open_data(e)) open_data_checks(e, v);
    decoded(e, v);
}

// A value in one line: cut with "…" to the column, the whole value on hover, copied on a click.
void fitted_value(const std::string& value, const char* probe_key, ImU32 color) {
    ImFont* mono = find_font("mono");
    if (mono) ImGui::PushFont(mono);
    const std::string shown = value.empty() ? "—" : fit_text(value, ImGui::GetContentRegionAvail().x);
    ImGui::PushStyleColor(ImGuiCol_Text, value.empty() ? ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled)
                                         : color ? to_vec4(color) : ImGui::GetStyleColorVec4(ImGuiCol_Text));
    const std::string id = shown + "##" + probe_key;
    if (ImGui::Selectable(id.c_str(), false) && !value.empty()) ImGui::SetClipboardText(value.c_str());
    ImGui::PopStyleColor();
    if (mono) ImGui::PopFont();
    probe_item(probe_key, value);
    if (!value.empty() && ImGui::IsItemHovered()) ImGui::SetTooltip("%s\n%s", value.c_str(), tr("(click to copy)"));
}

// `term`: the glossary entry the label stands for (the label itself when null).
void chain_row(const std::string& label, const std::string& value, const char* probe_key, ImU32 color = 0,
               const char* term = nullptr) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextColored(to_vec4(palette::neutral), "%s", label.c_str());
    probe_text((std::string(probe_key) + ".label").c_str(), label);
    glossary_tooltip(term ? term : label);
    ImGui::TableNextColumn();
    fitted_value(value, probe_key, color);
}

// What the Timeline draws for this lifetime: used (a code or token is single use), replaced, expired,
// or the time left.
void lifetime_row(const InspectorView& v, const std::string& id, const char* probe_key) {
    const LifetimeBar* b = id.empty() ? nullptr : find_bar(v.bars, id);
    if (!b) return;
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TableNextColumn();
    std::string text;
    ImU32 color = palette::text_dim;
    if (b->ended_ms >= 0) {
        text = b->life.subject == "session_key" ? trf("replaced %s", instant_text(b->ended_ms, v.now_ms).c_str())
                                                : trf("used %s (single use)", instant_text(b->ended_ms, v.now_ms).c_str());
    } else if (v.now_ms >= b->life.until_ms) {
        text = trf("expired %s ago", duration_text(v.now_ms - b->life.until_ms).c_str());
        color = palette::error;
    } else {
        text = trf("valid, %s left (until %s)", duration_text(b->life.until_ms - v.now_ms).c_str(),
                   instant_text(b->life.until_ms, v.now_ms).c_str());
        color = palette::ok;
    }
    ImGui::PushStyleColor(ImGuiCol_Text, to_vec4(color));
    ImGui::TextWrapped("%s", text.c_str());
    ImGui::PopStyleColor();
    probe_text(probe_key, text);
}

// The platform whose state the flow's identifiers come from, in the interface's language.
const char* platform_name(Flow f) {
    switch (f) {
        case Flow::Swan: return tr("Baidu");
        case Flow::Univerify: return "DCloud";
        case Flow::UniApple: return "Apple";
        default: return pack_of(f) ? tr(flow_catalog()[size_t(f)].platform_name) : tr("WeChat");
    }
}


void stale_key_warning(const IdentityChain& id, Flow flow) {
    badge(tr("stale session_key"), palette::error, IM_COL32(255, 255, 255, 255));
    probe_text("inspector.stale", "stale session_key");
    ImGui::PushStyleColor(ImGuiCol_Text, to_vec4(palette::error));
    ImGui::TextWrapped("%s", flow == Flow::Swan ? tr("A newer swan.login replaced the key the server holds: data signed with "
                                                     "the new key will not verify with the old one.")
                                                : tr("A newer wx.login replaced the key the server holds: open data signed with the new "
                                                     "key will not verify with the old one."));
    ImGui::PopStyleColor();
}

void identity_chain(const InspectorView& v) {
    const IdentityChain& id = v.identity;
    ImGui::TextUnformatted(tr("Linked identifiers"));
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("code → openid / unionid → session_key → our token"));
    const bool stale = !id.server_session_key.empty() && !id.platform_session_key.empty() &&
                       id.server_session_key != id.platform_session_key;
    if (stale) stale_key_warning(id, v.flow);
    if (!ImGui::BeginTable("identity_chain", 2, ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp)) return;
    const std::string platform_key = trf("session_key (%s)", platform_name(v.flow));
    ImGui::TableSetupColumn("what", ImGuiTableColumnFlags_WidthFixed,
                            std::max(ImGui::CalcTextSize(tr("session_key (server)")).x, ImGui::CalcTextSize(platform_key.c_str()).x));
    ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch);
    chain_row(v.flow == Flow::Univerify ? "access_token" : "code", id.code, "inspector.code", palette::code,
              v.flow == Flow::Univerify ? "access_token" : "code");
    lifetime_row(v, id.code, "inspector.code_state");
    chain_row("openid", id.openid, "inspector.openid");
    if (v.flow != Flow::Swan && v.flow != Flow::Univerify) chain_row("unionid", id.unionid, "inspector.unionid");
    if (flow_catalog()[size_t(v.flow)].session_keys) {
        chain_row(tr("session_key (server)"), id.server_session_key, "inspector.server_session_key",
                  stale ? palette::error : palette::session_key, "session_key");
        chain_row(platform_key, id.platform_session_key, "inspector.platform_session_key", palette::session_key, "session_key");
        lifetime_row(v, id.platform_session_key, "inspector.platform_session_key_state");
    }
    chain_row("token", id.token, "inspector.token", palette::token);
    lifetime_row(v, id.token, "inspector.token_state");
    ImGui::EndTable();
}

}  // namespace

bool draw_audit_check_header(const AuditCheck& c) {
    badge(check_status_label(c.status), check_status_color(c.status), IM_COL32(255, 255, 255, 255));
    ImGui::SameLine();
    const std::string title = trf("Audit check: %s", c.id.c_str());
    const char* back = tr("Back to the session");
    const float back_w = ImGui::CalcTextSize(back).x + ImGui::GetStyle().FramePadding.x * 2;
    ImGui::TextUnformatted(fit_text(title, ImGui::GetContentRegionAvail().x - back_w - ImGui::GetStyle().ItemSpacing.x).c_str());
    probe_text("inspector.audit_check", c.id);
    ImGui::SameLine(ImGui::GetContentRegionMax().x - back_w);
    const bool pressed = ImGui::Button(tr_id("Back to the session").c_str());
    probe_item("inspector.audit_back");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("The inspector shows the session's steps again"));
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("%s", c.title.c_str());
    ImGui::PopStyleColor();
    if (!c.reason.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, c.status == CheckStatus::Fail ? to_vec4(palette::error) : ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
        ImGui::TextWrapped("%s", c.reason.c_str());
        ImGui::PopStyleColor();
    }
    ImGui::Separator();
    return pressed;
}

Intents draw_inspector(const InspectorView& v, UiState& ui) {
    Intents out;
    draw_violations(v.violations, out);
    if (!v.audit) {
        ImGui::TextUnformatted(tr("Steps"));
        ImGui::SameLine();
        ImGui::TextDisabled("%s", ui.all_flows ? tr("(all actions)") : tr("(latest action)"));
        ImGui::SameLine(ImGui::GetContentRegionMax().x - ImGui::CalcTextSize(tr("All actions")).x - ImGui::GetFrameHeight() - 8);
        ImGui::Checkbox(tr_id("All actions").c_str(), &ui.all_flows);
    }
    const Rows rows = rows_of(v, ui.all_flows || v.audit);
    if (ui.follow_latest) ui.selected_event = newest_interesting(rows);
    step_list(v, ui, rows, out);
    const float h = ImGui::GetContentRegionAvail().y;
    const float w = ImGui::GetContentRegionAvail().x;
    if (v.audit) {  // an audit check's exchange: no identifiers of the session to link
        ImGui::BeginChild("step_details", ImVec2(w, h), true);
        step_details(v, ui);
        ImGui::EndChild();
        return out;
    }
    // Side by side where both keep a readable width, else the identifiers under the step.
    const bool side_by_side = w >= 40 * ImGui::GetFontSize();
    ImGui::BeginChild("step_details", side_by_side ? ImVec2(w * 0.58f, h) : ImVec2(w, h * 0.58f), true);
    step_details(v, ui);
    ImGui::EndChild();
    if (side_by_side) ImGui::SameLine();
    ImGui::BeginChild("identity", ImVec2(0, 0), true);
    identity_chain(v);
    ImGui::EndChild();
    return out;
}

}  // namespace ls::gui
