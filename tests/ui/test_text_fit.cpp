// Text fitted to a width is cut between characters (issue 12, defect 3: a presenter title or a
// sequence label cut inside a UTF-8 sequence showed "��").
#include "harness.hpp"

#include "gui/panels.hpp"

using namespace ls;
using namespace ls::gui;
using namespace ls::gui::test;

namespace {

// Well-formed UTF-8: every lead byte followed by exactly its continuation bytes.
bool valid_utf8(const std::string& s) {
    for (size_t i = 0; i < s.size();) {
        const unsigned char b = static_cast<unsigned char>(s[i]);
        const size_t n = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
        if (n == 0 || i + n > s.size()) return false;
        for (size_t k = 1; k < n; ++k)
            if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
        i += n;
    }
    return true;
}

bool ends_with(const std::string& s, const std::string& tail) {
    return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

}  // namespace

TEST_CASE("fit_text cuts Chinese only between characters, at every width") {
    Headless h(true);
    const std::string title = "演示：code 被重复使用（Taro.login 两次）——服务端拒绝";
    h.frame([&] {
        const float full = ImGui::CalcTextSize(title.c_str()).x;
        CHECK(fit_text(title, full) == title);
        for (float w = 8; w < full; w += 1.5f) {
            INFO("width " << w);
            const std::string cut = fit_text(title, w);
            REQUIRE(valid_utf8(cut));
            CHECK(ends_with(cut, "…"));
            const std::string kept = cut.substr(0, cut.size() - std::string("…").size());
            CHECK(title.compare(0, kept.size(), kept) == 0);
            if (!kept.empty()) CHECK(ImGui::CalcTextSize(cut.c_str()).x <= w);
        }
    });
}

TEST_CASE("fit_text keeps a character whole with its combining mark and zero-width-joined parts") {
    const std::string e_acute = "e\xCC\x81";                                    // e + U+0301
    const std::string family = "\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7";  // 👩 ZWJ 👧
    const std::string s = "a" + e_acute + family + "b";
    const std::vector<size_t> cuts = text_cut_points(s);
    // Cuts after "a", after "é", after the family: never inside them.
    CHECK(cuts == std::vector<size_t>{1, 1 + e_acute.size(), 1 + e_acute.size() + family.size()});
    CHECK(text_cut_points("中文").size() == 1);
    CHECK(text_cut_points("中文")[0] == 3);
}
