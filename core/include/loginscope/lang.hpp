#pragma once
// The two languages LoginScope speaks: its interface, narration and glossary are in both; the
// mimicked platform dialogs stay in Chinese, as on a real phone.
#include <optional>
#include <string>

namespace ls {

enum class Lang { En, Zh };

inline const char* to_string(Lang l) { return l == Lang::Zh ? "zh" : "en"; }
inline std::optional<Lang> lang_from_string(const std::string& s) {
    if (s == "en") return Lang::En;
    if (s == "zh") return Lang::Zh;
    return std::nullopt;
}

}  // namespace ls
