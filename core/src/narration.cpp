#include "loginscope/narration.hpp"

#include "narration_rows.hpp"
#include "loginscope/platform_pack.hpp"

#include <deque>
#include <string_view>

namespace ls {

namespace {

// ---- the kinds --------------------------------------------------------------------------------

const std::vector<std::string> kBuiltinKinds = {
    // every action
    "action.start", "action.ok", "action.fail", "action.pending", "api.call", "console",
    // the world
    "clock.advanced", "environment.changed", "fault.fired", "request.duplicated", "http.request", "http.response",
    // credentials and the exchange
    "code.issued", "session_key.issued", "session_key.expired", "exchange.ok", "exchange.error", "token.issued",
    "login.rejected", "login.client_openid_ignored",
    // sessions and server-side session APIs
    "session.valid", "session.invalid", "checksession.ok", "checksession.error", "resetsessionkey.error",
    "access_token.issued", "access_token.error",
    // open data
    "profile.sheet_opened", "profile.anonymous", "profile.sheet_closed", "profile.signed", "open_data.signature_ok",
    "open_data.signature_mismatch", "open_data.decrypt_failed", "open_data.watermark_mismatch", "open_data.decrypted",
    // phone-number quick verification
    "phone.sheet_opened", "phone.sheet_closed", "phone_code.issued", "phone_number.ok", "phone_number.error", "phone.bound",
    "phone.rejected",
    // avatar and nickname filling
    "avatar.sheet_opened", "avatar.sheet_closed", "avatar.chosen", "nickname.keyboard", "nickname.changed", "nickname.blur",
    "content.check", "content.verdict", "profile.filled",
    // WeChat app hand-off, Apple, Baidu
    "wechat.handoff", "wechat.auth", "apple.sheet_opened", "apple.sheet_closed", "apple.authorized", "baidu.dialog_opened",
    // univerify
    "prelogin.ok", "prelogin.used", "univerify.style_ignored", "univerify.page_opened", "univerify.checkbox", "univerify.hint", "univerify.tap",
    "univerify.token", "univerify.page_closed", "asset.missing",
    // univerify's uniCloud cloud function (between the developer server and DCloud)
    "cloud_function.sign_ok", "cloud_function.sign_rejected", "cloud_function.error",
    // the developer server's flaws
    "flaw.switched", "flaw.session_key_leaked", "flaw.cached_exchange", "flaw.watermark_unchecked",
    "flaw.client_openid_trusted", "flaw.secret_logged", "flaw.secret_in_app",
};

// The flaw.* kinds that show a developer-server flaw, with the sentence that says what the server did.
struct FlawKind {
    const char* kind;
    Flaw flaw;
    const char* lead_en;
    const char* lead_zh;
};
const FlawKind kFlawKinds[] = {
    {"flaw.session_key_leaked", Flaw::LeakSessionKey,
     "Mistake: the developer server put session_key in its reply to the client (leak-session-key).",
     "错误做法：开发者服务器把 session_key 放进了给客户端的响应里（leak-session-key）。"},
    {"flaw.cached_exchange", Flaw::AcceptReusedCode,
     "Mistake: the developer server answered a code it had already exchanged from its cache, without asking the "
     "platform (accept-reused-code).",
     "错误做法：开发者服务器对一个已经换取过的 code 直接用缓存作答，没有再问平台（accept-reused-code）。"},
    {"flaw.watermark_unchecked", Flaw::SkipWatermarkCheck,
     "Mistake: the developer server accepted open data whose watermark.appid belongs to another app "
     "(skip-watermark-check).",
     "错误做法：开发者服务器接受了 watermark.appid 属于别的应用的开放数据（skip-watermark-check）。"},
    {"flaw.client_openid_trusted", Flaw::TrustClientOpenid,
     "Mistake: the developer server issued the session for the openid the client claimed, not the one the platform "
     "returned (trust-client-openid).",
     "错误做法：开发者服务器按客户端自称的 openid 发了登录态，而不是平台返回的那个（trust-client-openid）。"},
    {"flaw.secret_logged", Flaw::LogSecret,
     "Mistake: the developer server wrote the AppSecret into its log (log-secret).",
     "错误做法：开发者服务器把 AppSecret 写进了日志（log-secret）。"},
};

// The table: the prose rows (narration_rows.cpp) and one row per flaw.* kind that shows a Flaw, its text the lead plus
// the catalog's attack (built once; the strings live as long as the program).
struct Table {
    std::deque<std::string> texts;
    std::vector<NarrationEntry> rows;
    Table() {
        rows = with_pack_rows(narration_rows(), &PlatformPack::narration);
        for (const FlawKind& f : kFlawKinds) {
            texts.push_back(std::string(f.lead_en) + " " + flaw_attack(f.flaw, Lang::En));
            const char* en = texts.back().c_str();
            texts.push_back(std::string(f.lead_zh) + flaw_attack(f.flaw, Lang::Zh));
            const char* zh = texts.back().c_str();
            rows.push_back({f.kind, "", en, zh});
        }
    }
};

const Table& table() {
    static const Table t;
    return t;
}

// The path of a logical URL: "https://api.weixin.qq.com/sns/jscode2session?…" → "/sns/jscode2session".
std::string_view url_path(std::string_view target) {
    target = target.substr(0, target.find('?'));
    const size_t scheme = target.find("://");
    const size_t from = target.find('/', scheme == std::string_view::npos ? 0 : scheme + 3);
    return from == std::string_view::npos ? std::string_view() : target.substr(from);
}

// How specific a row's context is for `e` in `flow`: -1 when it does not apply.
int match_score(std::string_view context, const Event& e, Flow flow) {
    int score = 0;
    while (!context.empty()) {
        const size_t space = context.find(' ');
        std::string_view cond = context.substr(0, space);
        if (cond.substr(0, 5) == "text~") {  // the rest of the context, spaces included
            if (e.text.find(std::string(context.substr(5))) == std::string::npos) return -1;
            return score + 3;
        }
        context = space == std::string_view::npos ? std::string_view() : context.substr(space + 1);
        if (cond.empty()) continue;
        if (cond[0] == '/') {
            if (!e.http || url_path(e.http->target) != cond) return -1;
            score += 2;
        } else if (const size_t eq = cond.find('='); eq != std::string_view::npos) {
            auto it = e.links.find(std::string(cond.substr(0, eq)));
            if (it == e.links.end() || it->second != cond.substr(eq + 1)) return -1;
            score += 4;
        } else {
            if (cond != to_string(flow)) return -1;
            score += 1;
        }
    }
    return score;
}

}  // namespace

const std::vector<std::string>& event_kinds() {
    static const std::vector<std::string> all = with_pack_rows(kBuiltinKinds, &PlatformPack::event_kinds);
    return all;
}

const std::vector<NarrationEntry>& narration_table() { return table().rows; }

std::string narrate(const Event& e, Flow flow, Lang lang) {
    const NarrationEntry* best = nullptr;
    int best_score = -1;
    for (const NarrationEntry& row : table().rows) {
        if (e.kind != row.kind) continue;
        const int score = match_score(row.context, e, flow);
        if (score > best_score) best = &row, best_score = score;
    }
    if (best) return lang == Lang::Zh ? best->zh : best->en;
    // A kind this table does not know (a newer engine): say what the journal says.
    if (lang == Lang::Zh) return "记录了一个步骤（" + e.kind + "）：" + e.text;
    return "A step was recorded (" + e.kind + "): " + e.text;
}

std::optional<Flaw> flaw_shown_by(const Event& e) {
    for (const FlawKind& f : kFlawKinds)
        if (e.kind == f.kind) return f.flaw;
    return std::nullopt;
}

}  // namespace ls
