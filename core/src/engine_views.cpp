// Views derived from the journal alone: the console's lines and the timeline's lifetime bars.
#include "loginscope/engine.hpp"

#include <map>

#include "engine_internal.hpp"
#include "loginscope/platform_pack.hpp"

namespace ls {

PhoneOverlay Engine::overlay() const {
    const Flow flow = config().flow;
    const bool uni = flow == Flow::Univerify, native = flow_catalog()[size_t(flow)].page == PhonePage::NativeApp;
    if (flow_pack()) return pack_sheet() ? PhoneOverlay::PackSheet : PhoneOverlay::None;  // a pack's only dialog
    // Topmost first: a later dialog opens over an earlier one.
    if (flow == Flow::Swan && baidu_dialog_open()) return PhoneOverlay::BaiduDialog;
    if (native && apple_sheet_open()) return PhoneOverlay::AppleSheet;
    if (native && wechat_auth_open()) return PhoneOverlay::WechatAuth;
    const bool mini_program = flow_catalog()[size_t(flow)].page == PhonePage::MiniProgram;
    if (mini_program && avatar_sheet_open()) return PhoneOverlay::AvatarSheet;
    if (mini_program && profile_fill().keyboard) return PhoneOverlay::NicknameKeyboard;
    if (!uni && !native && phone_sheet_open()) return PhoneOverlay::PhoneNumberSheet;
    if (!uni && profile_sheet_open()) return PhoneOverlay::ProfileSheet;
    if (uni && univerify_page().open) return PhoneOverlay::UniverifyPage;
    return PhoneOverlay::None;
}

// ---- derived views --------------------------------------------------------------------------

std::vector<std::string> console_lines(const std::vector<Event>& events) {
    std::vector<std::string> out;
    for (auto& e : events)
        if (e.kind == "console") out.push_back("[" + format_clock(e.t_ms) + "] " + e.text);
    return out;
}

std::vector<LifetimeBar> lifetime_bars(const std::vector<Event>& events) {
    std::vector<LifetimeBar> bars;
    std::map<std::string, size_t> index;
    for (auto& e : events) {
        if (e.ends) {
            auto it = index.find(*e.ends);
            if (it != index.end() && bars[it->second].ended_ms < 0) {
                bars[it->second].ended_ms = e.t_ms;
                bars[it->second].end_kind = e.kind;
            }
        }
        if (e.starts) {
            index[e.starts->id] = bars.size();
            bars.push_back({*e.starts, -1, ""});
        }
    }
    return bars;
}

}  // namespace ls
