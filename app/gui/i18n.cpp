#include "i18n.hpp"

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

const std::set<std::string>& untranslated() { return g_untranslated; }
void clear_untranslated() { g_untranslated.clear(); }

}  // namespace ls::gui
