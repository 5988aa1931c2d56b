#include "i18n.hpp"

#include "loginscope/clock.hpp"
#include "loginscope/platform_pack.hpp"

#include <string_view>
#include <unordered_map>

namespace ls::gui {

namespace {
Lang g_lang = Lang::En;  // the UI thread's; set from the settings and the toolbar
std::set<std::string> g_untranslated;

const std::unordered_map<std::string_view, const char*>& zh_index() {
    static const auto index = [] {
        std::unordered_map<std::string_view, const char*> m;
        for (const Translation& t : chinese_table()) m.emplace(t.en, t.zh);
        for (const PlatformPack& p : platform_packs())  // each pack brings its own texts' Chinese
            for (const auto& [en, zh] : p.translations) m.emplace(en, zh);
        for (const PlatformPack& p : platform_packs())  // its phone settings' labels, tips and presets
            for (const PackSetting& s : p.settings) {
                m.emplace(s.label_en, s.label_zh);
                m.emplace(s.tip_en, s.tip_zh);
                m.emplace(s.off_en, s.off_zh);
            }
        return m;
    }();
    return index;
}
}  // namespace

void set_language(Lang l) { g_lang = l; }
Lang language() { return g_lang; }

const char* tr(const char* en) {
    if (g_lang == Lang::En || !en || !*en) return en;
    const auto& index = zh_index();
    if (auto it = index.find(en); it != index.end()) return it->second;
    g_untranslated.insert(en);
    return en;
}

std::string tr_id(const char* en) { return std::string(tr(en)) + "###" + en; }

std::string duration_text(int64_t ms, Lang lang) {
    const bool zh = lang == Lang::Zh;
    const char* sign = ms < 0 ? "-" : "";
    const long long a = ms < 0 ? -(long long)ms : (long long)ms;
    char buf[64];
    if (a < 1000)
        std::snprintf(buf, sizeof buf, zh ? "%s%lld毫秒" : "%s%lld ms", sign, a);
    else if (a < 60000)
        std::snprintf(buf, sizeof buf, zh ? "%s%.1f秒" : "%s%.1f s", sign, a / 1000.0);
    else if (a < 3600000)
        std::snprintf(buf, sizeof buf, zh ? "%s%lld分%02lld秒" : "%s%lld min %02lld s", sign, a / 60000, a / 1000 % 60);
    else if (a < 86400000)
        std::snprintf(buf, sizeof buf, zh ? "%s%lld小时%02lld分" : "%s%lld h %02lld min", sign, a / 3600000, a / 60000 % 60);
    else
        std::snprintf(buf, sizeof buf, zh ? "%s%lld天%lld小时" : "%s%lld d %lld h", sign, a / 86400000, a / 3600000 % 24);
    return buf;
}

std::string instant_text(int64_t ms, int64_t now_ms) {
    // The virtual clock starts at 09:00 on day 0 (format_clock); days are counted from there.
    constexpr int64_t kDay = 24LL * 3600 * 1000, kNine = 9LL * 3600 * 1000;
    auto day_of = [](int64_t t) { return (t + kNine) >= 0 ? (t + kNine) / kDay : ((t + kNine) - kDay + 1) / kDay; };
    const long long days = (long long)(day_of(ms) - day_of(now_ms));
    std::string s = format_clock(ms);
    if (days == 0) return s;
    char buf[32];
    std::snprintf(buf, sizeof buf, language() == Lang::Zh ? " (%+lld天)" : " (%+lld d)", days);
    return s + buf;
}

const std::set<std::string>& untranslated() { return g_untranslated; }
void clear_untranslated() { g_untranslated.clear(); }

}  // namespace ls::gui
