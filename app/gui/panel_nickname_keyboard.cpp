// The keyboard of the focused <input type="nickname"> (profile_form.hpp, PLATFORM-FACTS §6.6): a
// strip above it offering the WeChat nickname (base library 2.21.2+), letter keys, ⌫, space and 完成.
// The computer's keyboard types too. Each change of the text is one nickname_type step (bindinput
// fires per keystroke); keystrokes made while a step runs wait in the buffer and go with the next.
#include <cstring>

#include "imgui_internal.h"  // ImTextCharToUtf8

#include "probes.hpp"
#include "profile_form.hpp"

namespace ls::gui {

namespace pf = profile_form;

namespace {
constexpr float kKeysTop = kScreenH - 262, kStripH = 48, kKeyH = 42, kRowPitch = 52, kPad = 4, kKeyGap = 5;
constexpr ImU32 kKeysBg = IM_COL32(0xD1, 0xD5, 0xDB, 255);
constexpr const char* kRows[] = {"qwertyuiop", "asdfghjkl", "zxcvbnm"};

// The text being typed, ahead of the engine while a step runs (one phone, one keyboard).
struct Typing {
    bool open = false;
    std::string buffer;     // what the input shows
    std::string sent;       // what the engine has, or will have once the step in flight lands
    bool done_after = false;  // 完成 was tapped with text still to send
};
Typing& typing() {
    static Typing t;
    return t;
}

void drop_last_character(std::string& s) {
    if (s.empty()) return;
    size_t i = s.size() - 1;
    while (i > 0 && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) --i;
    s.erase(i);
}

// The computer's keyboard: characters, Backspace, Enter (= 完成). Only while no ImGui text field has it.
bool physical_keys(Typing& t) {
    ImGuiIO& io = ImGui::GetIO();
    if (io.WantTextInput) return false;
    for (ImWchar ch : io.InputQueueCharacters) {
        if (ch < 0x20 || ch == 0x7F) continue;
        char utf8[5] = {};
        t.buffer += ImTextCharToUtf8(utf8, ch);
    }
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Backspace))) drop_last_character(t.buffer);
    return ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter)) || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_KeyPadEnter));
}

bool key(const Canvas& c, const std::string& id, float x0, float y0, float x1, const char* label, ImU32 bg, ImU32 fg, bool enabled) {
    const bool pressed = c.hit(id.c_str(), x0, y0, x1, y0 + kKeyH, enabled);
    const bool held = c.live && ImGui::IsItemActive();
    c.fill(x0, y0 + 1, x1, y0 + kKeyH + 1, IM_COL32(0x89, 0x8A, 0x8D, 255), 5);  // the key's shadow
    c.fill(x0, y0, x1, y0 + kKeyH, held ? IM_COL32(0xB4, 0xB8, 0xBF, 255) : bg, 5);
    c.text_centered((x0 + x1) * 0.5f, y0 + kKeyH * 0.5f, 17, fg, label);
    return pressed;
}

// ⌫, drawn: a tag pointing left with a cross in it.
bool backspace_key(const Canvas& c, float x0, float y0, float x1, bool enabled) {
    const bool pressed = key(c, "##key_back", x0, y0, x1, "", IM_COL32(0xAC, 0xB1, 0xBA, 255), palette::text, enabled);
    const float cx = (x0 + x1) * 0.5f, cy = y0 + kKeyH * 0.5f, w = std::max(1.0f, 1.4f * c.s);
    const ImVec2 tag[5] = {c.pt(cx - 11, cy), c.pt(cx - 5, cy - 7), c.pt(cx + 10, cy - 7), c.pt(cx + 10, cy + 7), c.pt(cx - 5, cy + 7)};
    c.dl->AddPolyline(tag, 5, palette::text, ImDrawFlags_Closed, w);
    c.dl->AddLine(c.pt(cx - 1, cy - 3.5f), c.pt(cx + 6, cy + 3.5f), palette::text, w);
    c.dl->AddLine(c.pt(cx - 1, cy + 3.5f), c.pt(cx + 6, cy - 3.5f), palette::text, w);
    return pressed;
}

// The letter rows, ⌫, space and 完成; returns true when 完成 was tapped.
bool key_rows(const Canvas& c, Typing& t, bool enabled) {
    const float key_w = (kScreenW - 2 * kPad - 9 * kKeyGap) / 10;
    float y = kKeysTop + kStripH + 10;
    for (int r = 0; r < 3; ++r, y += kRowPitch) {
        const size_t n = std::strlen(kRows[r]);
        float x = (kScreenW - n * key_w - (n - 1) * kKeyGap) * 0.5f;
        for (size_t i = 0; i < n; ++i, x += key_w + kKeyGap) {
            const std::string letter(1, kRows[r][i]);
            if (key(c, "##key_" + letter, x, y, x + key_w, letter.c_str(), kWhite, palette::text, enabled)) t.buffer += letter;
            probe_live(c, ("nickname_keyboard.key." + letter).c_str(), letter);
        }
        if (r == 2 && backspace_key(c, kScreenW - kPad - key_w * 1.4f, y, kScreenW - kPad, enabled)) drop_last_character(t.buffer);
        if (r == 2) probe_live(c, "nickname_keyboard.key.back");
    }
    const float done_x0 = kScreenW - kPad - 88;
    if (key(c, "##key_space", kPad, y, done_x0 - kKeyGap, "", kWhite, palette::text, enabled)) t.buffer += " ";
    const bool done = key(c, "##key_done", done_x0, y, kScreenW - kPad, "完成", palette::wechat_green, kWhite, enabled);
    probe_live(c, "nickname_keyboard.done", "完成");
    return done;
}

void suggestion_strip(const Canvas& c, const NicknameKeyboardView& v, Intents& out) {
    const float y0 = kKeysTop, y1 = y0 + kStripH, cy = (y0 + y1) * 0.5f;
    c.fill(0, y0, kScreenW, y1, IM_COL32(0xF7, 0xF7, 0xF7, 255));
    c.dl->AddLine(c.pt(0, y0), c.pt(kScreenW, y0), kLine);
    if (!v.suggests) return;  // before 2.21.2 a plain text keyboard
    const float w = c.measure(15, v.wechat_nickname).x / c.s + 44;
    if (c.hit("##nickname_suggestion", 12, y0 + 6, 12 + w, y1 - 6, v.enabled)) out.step = make_step("nickname_use_wechat");
    probe_live(c, "nickname_keyboard.suggestion", v.wechat_nickname);
    c.fill(12, y0 + 6, 12 + w, y1 - 6, kWhite, 18);
    c.dl->AddCircleFilled(c.pt(30, cy), 11 * c.s, IM_COL32(0xD8, 0xDC, 0xE0, 255), 20);
    const std::string initial = v.wechat_nickname.empty() ? "" : std::string(1, char(std::toupper(static_cast<unsigned char>(v.wechat_nickname[0]))));
    if (static_cast<unsigned char>(v.wechat_nickname.empty() ? 0 : v.wechat_nickname[0]) < 0x80) c.text_centered(30, cy, 12, kWhite, initial);
    c.text(46, cy, 15, palette::text, v.wechat_nickname);
}
}  // namespace

void nickname_keyboard_closed() { typing() = {}; }

void draw_nickname_keyboard(const Canvas& c, const NicknameKeyboardView& v, Intents& out) {
    Typing& t = typing();
    if (!t.open) t = {true, v.value, v.value, false};
    if (v.enabled && v.value != t.sent) t.buffer = t.sent = v.value;  // the engine changed it: the suggestion, maxlength
    c.fill(0, kKeysTop, kScreenW, kScreenH, kKeysBg, kScreenRadius, ImDrawFlags_RoundCornersBottom);
    suggestion_strip(c, v, out);
    bool done = key_rows(c, t, v.enabled);
    done |= physical_keys(t);  // read even while a step runs: ImGui drops the queue at the frame's end
    draw_nickname_input(c, t.buffer, true);  // over the page's input: what is being typed
    probe_text("nickname_keyboard.text", t.buffer);
    if (done) t.done_after = true;
    if (!v.enabled || out.step) return;
    if (t.buffer != t.sent) {
        Step s = make_step("nickname_type");
        s.text = t.buffer;
        out.step = s;
        t.sent = t.buffer;
    } else if (t.done_after) {
        out.step = make_step("nickname_done");
        t.done_after = false;
    }
}

}  // namespace ls::gui
