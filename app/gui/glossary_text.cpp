// Glossary-aware text: narration and captions mark every glossary term; hovering one shows its
// definition. Text is laid out word by word (English) and character by character (Chinese, which
// has no spaces) so a term can be its own hoverable item and lines still wrap.
#include <string_view>
#include <vector>

#include "i18n.hpp"
#include "panels.hpp"

#include "loginscope/glossary.hpp"

namespace ls::gui {

namespace {

struct Piece {
    std::string_view text;
    const GlossaryTerm* term = nullptr;
};

size_t utf8_length(unsigned char lead) { return lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1; }

// Plain text cut where a line may break: after a space, and around every non-ASCII character.
void split_plain(std::string_view s, std::vector<Piece>& out) {
    size_t start = 0, i = 0;
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c >= 0x80) {
            if (i > start) out.push_back({s.substr(start, i - start)});
            const size_t n = std::min(utf8_length(c), s.size() - i);
            out.push_back({s.substr(i, n)});
            i += n;
            start = i;
        } else {
            ++i;
            if (c == ' ') {
                out.push_back({s.substr(start, i - start)});
                start = i;
            }
        }
    }
    if (start < s.size()) out.push_back({s.substr(start)});
}

std::vector<Piece> pieces(std::string_view text) {
    std::vector<Piece> out;
    size_t at = 0;
    for (const TermSpan& t : find_terms(text)) {
        split_plain(text.substr(at, t.offset - at), out);
        out.push_back({text.substr(t.offset, t.length), t.term});
        at = t.offset + t.length;
    }
    split_plain(text.substr(at), out);
    return out;
}

void term_tooltip(const GlossaryTerm& t) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 26);
    ImGui::TextColored(to_vec4(palette::code), "%s", t.term);
    ImGui::TextUnformatted(language() == Lang::Zh ? t.zh : t.en);
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
}

void term_piece(const Piece& p) {
    const ImVec2 at = ImGui::GetCursorScreenPos();
    ImGui::PushStyleColor(ImGuiCol_Text, to_vec4(palette::code));
    ImGui::TextUnformatted(p.text.data(), p.text.data() + p.text.size());
    ImGui::PopStyleColor();
    const ImVec2 size = ImGui::GetItemRectSize();
    const float y = at.y + size.y - 1;
    ImGui::GetWindowDrawList()->AddLine(ImVec2(at.x, y), ImVec2(at.x + size.x, y), palette::code, 1.0f);
    if (ImGui::IsItemHovered()) term_tooltip(*p.term);
}

}  // namespace

void glossary_text(const std::string& text, ImU32 color) {
    const float wrap = ImGui::GetContentRegionAvail().x;
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(0, ImGui::GetStyle().ItemSpacing.y * 0.5f));
    if (color) ImGui::PushStyleColor(ImGuiCol_Text, to_vec4(color));
    float x = 0;
    bool line_start = true;
    for (const Piece& p : pieces(text)) {
        const float w = ImGui::CalcTextSize(p.text.data(), p.text.data() + p.text.size()).x;
        if (!line_start && x + w > wrap) {
            x = 0;
            line_start = true;
            if (p.text == " ") continue;
        }
        if (!line_start) ImGui::SameLine(0, 0);
        if (p.term)
            term_piece(p);
        else
            ImGui::TextUnformatted(p.text.data(), p.text.data() + p.text.size());
        x += w;
        line_start = false;
    }
    if (color) ImGui::PopStyleColor();
    ImGui::PopStyleVar();
}

void glossary_tooltip(const std::string& term) {
    if (!ImGui::IsItemHovered()) return;
    if (const GlossaryTerm* t = find_term(term)) term_tooltip(*t);
}

Intents draw_glossary_window(bool open) {
    Intents out;
    if (!open) return out;
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    ImGui::SetNextWindowSize(ImVec2(display.x * 0.4f, display.y * 0.6f), ImGuiCond_FirstUseEver);
    ImGui::SetNextWindowPos(ImVec2(display.x * 0.5f, display.y * 0.5f), ImGuiCond_FirstUseEver, ImVec2(0.5f, 0.5f));
    bool keep = true;
    const std::string title = tr_id("Glossary");
    if (ImGui::Begin(title.c_str(), &keep, ImGuiWindowFlags_NoSavedSettings)) {
        for (const GlossaryTerm& t : glossary()) {
            ImGui::TextColored(to_vec4(palette::code), "%s", t.term);
            ImGui::Indent();
            ImGui::PushTextWrapPos(0);
            ImGui::TextUnformatted(language() == Lang::Zh ? t.zh : t.en);
            ImGui::PopTextWrapPos();
            ImGui::Unindent();
            ImGui::Spacing();
        }
    }
    ImGui::End();
    if (!keep) out.show_glossary = false;
    return out;
}

}  // namespace ls::gui
