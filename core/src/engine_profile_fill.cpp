// 头像昵称填写 (PLATFORM-FACTS §6.6): how a current mini program gets a profile now that
// wx.getUserProfile answers 微信用户 (§6.3). The page's avatar button opens WeChat's sheet; the
// nickname input raises a keyboard that offers the WeChat nickname. From base library 2.24.4 WeChat
// checks what the user supplies: a picture before bindchooseavatar (a rejected one never reaches the
// app), a nickname after bindblur, asynchronously (a rejected one is cleared after the app saw it —
// hence WeChat's advice to read the value at the form's submit).
#include "engine_internal.hpp"
#include "engine_hops.hpp"
#include "loginscope/catalog.hpp"
#include "loginscope/engine.hpp"

namespace ls {

namespace {

constexpr const char* kFillFrom = "2.21.2";   // open-type="chooseAvatar", type="nickname"
constexpr const char* kCheckFrom = "2.24.4";  // WeChat's content check on both
constexpr size_t kInputMaxLength = 140;       // <input>'s default maxlength

// The avatar sheet's rows, in AvatarSource's order.
const char* source_label(AvatarSource s) {
    constexpr const char* kRows[] = {"用微信头像", "从相册选择", "拍照"};
    return kRows[size_t(s)];
}

const char* source_action(std::optional<AvatarSource> s) {
    if (!s) return "avatar_cancel";
    switch (*s) {
        case AvatarSource::WeChat: return "avatar_use_wechat";
        case AvatarSource::Album: return "avatar_from_album";
        case AvatarSource::Camera: return "avatar_take_photo";
    }
    return "";
}

// What a keyboard lets into an input of maxlength 140: the text up to 140 JavaScript characters.
std::string within_maxlength(const std::string& text) {
    std::string out;
    for (size_t i = 0; i < text.size();) {
        size_t n = 1;
        const unsigned char c = text[i];
        if (c >= 0xF0) n = 4; else if (c >= 0xE0) n = 3; else if (c >= 0xC0) n = 2;
        const std::string ch = text.substr(i, n);
        if (js_length(out + ch) > kInputMaxLength) break;
        out += ch;
        i += n;
    }
    return out;
}

}  // namespace

bool Engine::avatar_sheet_open() const {
    std::lock_guard lock(mu_);
    return avatar_sheet_;
}

ProfileFill Engine::profile_fill() const {
    std::lock_guard lock(mu_);
    return fill_;
}

// WeChat's check of what the user supplied (mediaCheckAsync / msgSecCheck on WeChat's side): a
// message to the platform and its verdict, `delay` later on the virtual clock. "pass" | "reject" | "timeout".
std::string Engine::check_content(uint32_t flow, const std::string& what) {
    note(flow, Actor::Client, Hop::None, "content.check", "WeChat checks the " + what, {}, Actor::Platform);
    const std::string verdict = environment().content_check;
    clock_.advance(assumed_int("wechat.content_check.delay_ms"));
    note(flow, Actor::Platform, Hop::None, "content.verdict", "WeChat's check of the " + what + ": " + verdict, {{"verdict", verdict}},
         Actor::Client);
    return verdict;
}

ActionResult Engine::choose_avatar() {
    auto [flow, r] = EngineHops::start(*this, "choose_avatar");
    note(flow, Actor::Client, Hop::ClientCall, "api.call", "<button open-type=\"chooseAvatar\" bindchooseavatar> tapped", {},
         Actor::Platform);
    gate(Hop::ClientCall);
    const std::string lib = environment().base_library;
    if (compare_versions(lib, kFillFrom) < 0) {  // an open-type the base library does not know: a plain button
        r.ok = true;
        return EngineHops::finish_with(*this, flow, r,
                                       "base library " + lib + " < 2.21.2: open-type=\"chooseAvatar\" is unknown, the tap does nothing");
    }
    EngineHops::show(*this, avatar_sheet_);
    note(flow, Actor::Platform, Hop::Dialog, "avatar.sheet_opened", "WeChat's sheet: 用微信头像 / 从相册选择 / 拍照 / 取消", {},
         Actor::Client);
    return EngineHops::waits_for_user(*this, flow, r, "avatar sheet open");
}

ActionResult Engine::avatar_sheet(std::optional<AvatarSource> pick) {
    auto [flow, r] = EngineHops::start(*this, source_action(pick));
    if (!close_dialog(avatar_sheet_)) return EngineHops::finish_with(*this, flow, r, "no avatar sheet is open");
    note(flow, Actor::Client, Hop::Dialog, "avatar.sheet_closed", std::string("the user tapped ") + (pick ? source_label(*pick) : "取消"));
    gate(Hop::Dialog);
    if (!pick) {  // assumption wechat.avatar.cancel: no event at all
        r.ok = true;
        return EngineHops::finish_with(*this, flow, r, "cancelled: bindchooseavatar does not fire");
    }
    // The account's own avatar passed WeChat's check when it was set (assumption wechat.avatar.own_unchecked).
    const bool checked = *pick != AvatarSource::WeChat && compare_versions(environment().base_library, kCheckFrom) >= 0;
    if (checked && check_content(flow, "picture") == "reject") {  // a timeout lets it through (assumption)
        {
            std::lock_guard lock(mu_);
            fill_.notice = "无法使用该头像";
        }
        return EngineHops::finish_with(*this, flow, r,
                                       "WeChat's check rejected the picture: bindchooseavatar does not fire (WeChat shows 无法使用该头像)");
    }
    const std::string url = "http://tmp/" + ids_.hex(40) + ".jpeg";  // assumption wechat.avatar.temp_path
    {
        std::lock_guard lock(mu_);
        fill_.avatar_url = url;
    }
    note(flow, Actor::Platform, Hop::Dialog, "avatar.chosen", std::string(source_label(*pick)) + ": a temporary file " + url,
         {}, Actor::Client);
    console(flow, "bindchooseavatar detail " + res_json{{"avatarUrl", url}}.dump());
    r.ok = true;
    r.detail = "bindchooseavatar: " + url;
    return finish(flow, r);
}

ActionResult Engine::nickname_focus() {
    auto [flow, r] = EngineHops::start(*this, "nickname_focus");
    note(flow, Actor::Client, Hop::ClientCall, "api.call", "<input type=\"nickname\"> tapped", {}, Actor::Platform);
    gate(Hop::ClientCall);
    const Environment env = environment();
    const bool suggests = compare_versions(env.base_library, kFillFrom) >= 0;
    {
        std::lock_guard lock(mu_);
        fill_.keyboard = true;
        fill_.suggests = suggests;
    }
    note(flow, Actor::Platform, Hop::Dialog, "nickname.keyboard",
         suggests ? "the keyboard opens with the WeChat nickname \"" + env.user + "\" offered above it"
                  : "base library " + env.base_library + " < 2.21.2: type=\"nickname\" is unknown, a plain text keyboard opens",
         {}, Actor::Client);
    console(flow, "bindfocus detail " + res_json{{"value", profile_fill().nickname}}.dump());
    return EngineHops::waits_for_user(*this, flow, r, "nickname keyboard up");
}

ActionResult Engine::nickname_type(const std::string& text) {
    auto [flow, r] = EngineHops::start(*this, "nickname_type");
    if (!profile_fill().keyboard) return EngineHops::finish_with(*this, flow, r, "the nickname input is not focused");
    const std::string value = within_maxlength(text);
    {
        std::lock_guard lock(mu_);
        fill_.nickname = value;
    }
    note(flow, Actor::Client, Hop::Dialog, "nickname.changed", "the user typed \"" + value + "\"");
    console(flow, "bindinput detail " + res_json{{"value", value}, {"cursor", js_length(value)}}.dump());
    r.ok = true;
    r.detail = value.size() < text.size() ? "maxlength 140: the keyboard took \"" + value + "\"" : "value \"" + value + "\"";
    return finish(flow, r);
}

ActionResult Engine::nickname_use_wechat() {
    auto [flow, r] = EngineHops::start(*this, "nickname_use_wechat");
    const ProfileFill f = profile_fill();
    if (!f.keyboard) return EngineHops::finish_with(*this, flow, r, "the nickname input is not focused");
    if (!f.suggests) return EngineHops::finish_with(*this, flow, r, "the keyboard offers no WeChat nickname (base library < 2.21.2)");
    const std::string value = within_maxlength(environment().user);
    {
        std::lock_guard lock(mu_);
        fill_.nickname = value;
    }
    note(flow, Actor::Client, Hop::Dialog, "nickname.changed", "the user tapped the WeChat nickname \"" + value + "\"");
    console(flow, "bindinput detail " + res_json{{"value", value}, {"cursor", js_length(value)}}.dump());
    r.ok = true;
    r.detail = "value \"" + value + "\" (the WeChat nickname)";
    return finish(flow, r);
}

// The input loses focus: bindblur with the value as typed, then (2.24.4+) WeChat's check, whose
// verdict lands later; a rejected nickname is cleared and bindnicknamereview says so.
ActionResult Engine::blur_nickname(uint32_t flow, ActionResult r) {
    std::string value;
    {
        std::lock_guard lock(mu_);
        fill_.keyboard = false;
        value = fill_.nickname;
    }
    console(flow, "bindblur detail " + res_json{{"value", value}}.dump());
    r.ok = true;
    r.detail = "value \"" + value + "\"";
    if (value.empty() || compare_versions(environment().base_library, kCheckFrom) < 0) return r;
    const std::string verdict = check_content(flow, "nickname \"" + value + "\"");
    console(flow, "bindnicknamereview detail " + res_json{{"pass", verdict == "pass"}, {"timeout", verdict == "timeout"}}.dump());
    if (verdict == "pass") {
        r.detail += ", WeChat's check passed";
    } else if (verdict == "timeout") {  // assumption wechat.nickname.review_timeout: the value stays
        r.detail += ", WeChat's check timed out: the value stays, unchecked";
    } else {
        {
            std::lock_guard lock(mu_);
            fill_.nickname.clear();
            fill_.notice = "无法使用该昵称";
        }
        note(flow, Actor::Platform, Hop::Dialog, "nickname.changed", "WeChat cleared the input: \"" + value + "\" failed its check", {},
             Actor::Client);
        r.ok = false;
        r.detail = "WeChat's check rejected \"" + value + "\": the input was cleared after bindblur had seen it";
    }
    return r;
}

ActionResult Engine::nickname_done() {
    auto [flow, r] = EngineHops::start(*this, "nickname_done");
    if (!profile_fill().keyboard) return EngineHops::finish_with(*this, flow, r, "the nickname input is not focused");
    note(flow, Actor::Client, Hop::Dialog, "nickname.blur", "the user tapped 完成: the input loses focus");
    return finish(flow, blur_nickname(flow, r));
}

// The form's submit button: a focused input blurs first (and is checked), then bindsubmit carries
// the form's values as they are now — WeChat's advice for reading a nickname (§6.6).
ActionResult Engine::profile_submit() {
    auto [flow, r] = EngineHops::start(*this, "profile_submit");
    note(flow, Actor::Client, Hop::ClientCall, "api.call", "<button form-type=\"submit\"> tapped");  // the page's own form
    gate(Hop::ClientCall);
    if (profile_fill().keyboard) {
        note(flow, Actor::Client, Hop::Dialog, "nickname.blur", "the tap moves focus off the nickname input");
        blur_nickname(flow, r);
    }
    const ProfileFill f = profile_fill();
    console(flow, "bindsubmit detail " + res_json{{"value", {{"nickname", f.nickname}}}}.dump());
    if (f.nickname.empty()) {  // the demo page's own rule
        r.detail = "the nickname is empty: the page asks the user to fill it in";
        return finish(flow, r);
    }
    {
        std::lock_guard lock(mu_);
        fill_.submitted = true;
    }
    note(flow, Actor::Client, Hop::None, "profile.filled",
         "the page keeps nickname \"" + f.nickname + "\" and " + (f.avatar_url.empty() ? "the default avatar" : "avatar " + f.avatar_url));
    r.ok = true;
    r.detail = "profile filled: " + f.nickname;
    return finish(flow, r);
}

}  // namespace ls
