#pragma once
// The interface in English or Chinese, switched live. English texts are the keys: code writes
// tr("Login") and gets "登录" while the language is Chinese. The Chinese texts are one data table
// (i18n_zh.cpp). The mimicked platform dialogs are not translated: they are Chinese on a real phone.
#include <cstdint>
#include <cstdio>
#include <set>
#include <string>
#include <vector>

#include "loginscope/lang.hpp"

namespace ls::gui {

void set_language(Lang l);
Lang language();

// `en` in the current language. A text the table lacks comes back unchanged and is remembered in
// untranslated(), so a test that draws every panel in Chinese can list what is missing.
// printf-style texts keep their conversions in the same order in both languages.
const char* tr(const char* en);
inline const char* tr(const std::string& en) = delete;  // a key is a literal: build dynamic text from tr("… %s …")
// A widget label whose ImGui ID does not change with the language: "登录###Login".
std::string tr_id(const char* en);

// printf into a string, the format in the current language: trf("wrote %s", path.c_str()).
template <class... A>
std::string trf(const char* en, A... args) {
    const char* f = tr(en);
    const int n = std::snprintf(nullptr, 0, f, args...);
    std::string s(size_t(n > 0 ? n : 0), '\0');
    std::snprintf(s.data(), s.size() + 1, f, args...);
    return s;
}

// A duration with its units in `lang` ("4 min 59 s" / "4分59秒"), as format_duration rounds it.
std::string duration_text(int64_t ms, Lang lang);
inline std::string duration_text(int64_t ms) { return duration_text(ms, language()); }
// A virtual instant as the clock shows it, with the day when it is not `now`'s: "09:00:00.040 (+2 d)".
std::string instant_text(int64_t ms, int64_t now_ms);

const std::set<std::string>& untranslated();
void clear_untranslated();

struct Translation {
    const char* en;
    const char* zh;
};
// The whole Chinese table (tests check it; the fonts load its glyphs).
const std::vector<Translation>& chinese_table();

}  // namespace ls::gui
