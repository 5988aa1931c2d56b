#include "loginscope/glossary.hpp"

#include <string>
#include <vector>

#include "loginscope/platform_pack.hpp"

namespace ls {

namespace {

// Definitions shared by a term and its aliases.
#define LS_CODE_EN                                                                                                     \
    "The temporary login credential a client API (wx.login, swan.getLoginCode, WeChat's authorization page) hands "   \
    "the app: short-lived (5 minutes on WeChat mini programs, 10 minutes on Baidu and the WeChat Open Platform) and "  \
    "accepted only once. It means nothing by itself: only the developer server, with the AppSecret, can exchange it "  \
    "for the user's identity."
#define LS_CODE_ZH                                                                                                     \
    "客户端登录接口（wx.login、swan.getLoginCode、微信授权页）交给应用的临时登录凭证：有效期很短（微信小程序 5 分钟，"    \
    "百度和微信开放平台 10 分钟），而且只能用一次。它本身不代表什么，只有持有 AppSecret 的开发者服务器才能拿它换到用户身份。"
#define LS_C2S_EN                                                                                                      \
    "WeChat's server API GET /sns/jscode2session: the developer server sends appid, AppSecret and the code "           \
    "(js_code) and gets back openid, session_key and, when the app is bound to an Open Platform account, unionid. "     \
    "Failures come back as errcode/errmsg (40029 invalid code, 40163 code been used, 45011 too frequent)."
#define LS_C2S_ZH                                                                                                      \
    "微信的服务端接口 GET /sns/jscode2session：开发者服务器带上 appid、AppSecret 和 code（参数名 js_code），"             \
    "换回 openid、session_key；小程序绑定了开放平台账号时还会有 unionid。失败时返回 errcode 和 errmsg"                   \
    "（40029 code 无效，40163 code 已被使用，45011 调用太频繁）。"
#define LS_SECRET_EN                                                                                                   \
    "The app's password for the platform's server APIs (code2Session, getAccessToken, jscode2sessionkey). It belongs " \
    "on the developer server only: never in the client package, never in a log."
#define LS_SECRET_ZH                                                                                                   \
    "应用调用平台服务端接口（code2Session、getAccessToken、jscode2sessionkey）用的密码。它只能放在开发者服务器上："       \
    "绝不能打包进客户端，也不能写进日志。"
#define LS_OPEN_PLATFORM_EN                                                                                            \
    "The WeChat Open Platform (open.weixin.qq.com): the account that groups one company's mini programs, mobile apps " \
    "and official accounts. Apps bound to the same Open Platform account see the same unionid for a user."
#define LS_OPEN_PLATFORM_ZH                                                                                            \
    "微信开放平台（open.weixin.qq.com）：把一家公司的小程序、移动应用、公众号归在一起的账号。绑定在同一个开放平台账号下的应用，"\
    "看到的同一个用户的 unionid 是相同的。"
#define LS_CLOUD_FUNCTION_EN                                                                                           \
    "A function the developer deploys in uniCloud, DCloud's serverless cloud. uniCloud.getPhoneNumber runs only "      \
    "there, so a server of its own calls the function through its URL and signs every call with a secret the two share."
#define LS_CLOUD_FUNCTION_ZH                                                                                           \
    "开发者部署在 uniCloud（DCloud 的 serverless 云）里的函数。uniCloud.getPhoneNumber 只能在那里运行，"              \
    "所以自己的服务器要通过云函数的 URL 调用它，每次调用都用双方共享的密钥签名。"
#define LS_UNIVERIFY_EN                                                                                                \
    "uni-app's one-click phone login: over cellular data the carrier recognises the SIM's number; the user sees it "  \
    "masked on the authorization page, ticks the agreement and taps login; the developer server then gets the full "   \
    "number from its uniCloud cloud function, which asks uniCloud.getPhoneNumber."
#define LS_UNIVERIFY_ZH                                                                                                \
    "uni-app 的本机号码一键登录：运营商通过蜂窝数据网络识别出 SIM 卡的号码；用户在授权页上看到打了码的号码，勾选同意协议后点登录，"\
    "开发者服务器再通过自己的 uniCloud 云函数（它调用 uniCloud.getPhoneNumber）拿到完整号码。"

const std::vector<GlossaryTerm> kBuiltinTerms = {
    {"code", LS_CODE_EN, LS_CODE_ZH},
    {"openid",
     "The user's id inside one app: the same person has a different openid in every mini program or app. Use it as "
     "the key of your own user record, taken from the platform's exchange answer, never from what the client says.",
     "用户在某一个应用里的唯一标识：同一个人在不同的小程序或 App 里，openid 都不一样。可以用它关联你自己的用户记录，"
     "但必须取自平台换取接口的返回，不能相信客户端自己报上来的。"},
    {"unionid",
     "The id of the same user across all the apps bound to one WeChat Open Platform account (mini programs, mobile apps, "
     "official accounts). It is returned only when the app is bound to such an account.",
     "同一个用户在同一个微信开放平台账号下所有应用（小程序、移动应用、公众号）里共用的标识。只有应用绑定了开放平台账号才会返回。"},
    {"session_key",
     "The key the platform shares with the developer server for one user's session: it checks the signature of open "
     "data and decrypts encryptedData. It must stay on the server; a new wx.login may replace it with a new one.",
     "平台为这个用户的会话交给开发者服务器的密钥：用来校验开放数据的签名、解密 encryptedData。它必须留在服务器上；"
     "用户再次 wx.login 时可能会换成新的 session_key。"},
    {"access_token",
     "A credential for calling platform APIs. WeChat's cgi-bin/token gives the app's access_token (valid 2 hours; after "
     "a new one is fetched the old one works only 5 more minutes); in one-click login it is the short-lived, single-use "
     "token the carrier issues for one phone-number lookup.",
     "调用平台接口的凭证。微信的 cgi-bin/token 发的是整个应用的 access_token（有效 2 小时，重新获取后旧的只再有效 5 分钟）；"
     "在一键登录里，它是运营商为一次取号发的短时、一次性令牌。"},
    {"preLogin",
     "uni.preLogin: checks that the phone can do one-click login (SIM card, cellular data on) and pre-fetches the number "
     "from the carrier so the authorization page opens at once. The result is valid 10 minutes and is used once.",
     "uni.preLogin：检查手机能不能一键登录（有 SIM 卡、开着蜂窝数据），并提前向运营商预取号，让授权页能马上弹出。"
     "预登录结果有效 10 分钟，只能用一次。"},
    {"errMsg",
     "The string every mini-program and uni-app callback result carries: \"<api>:ok\" on success, \"<api>:fail <reason>\" "
     "on failure, e.g. \"login:fail timeout\".",
     "小程序和 uni-app 每个回调结果里都有的字符串：成功是 \"<api>:ok\"，失败是 \"<api>:fail 原因\"，例如 \"login:fail timeout\"。"},
    {"errcode",
     "The number a platform server answers on failure (0 or absent when the call worked), next to an errmsg that explains "
     "it: e.g. 40029 invalid code, 40163 code been used.",
     "平台服务器出错时返回的数字错误码（成功时为 0 或者不返回），旁边的 errmsg 是文字说明：例如 40029 是 code 无效，"
     "40163 是 code 已被使用。"},
    {"errmsg",
     "The text next to errcode in a platform server's answer (\"invalid code, rid: ...\"); the rid is a request id to quote "
     "when asking the platform for help.",
     "平台服务器返回里跟在 errcode 旁边的文字说明（如 \"invalid code, rid: …\"）；rid 是请求编号，找平台排查问题时要提供它。"},
    {"appid",
     "The app's public id (it starts with wx for a WeChat mini program), sent with every server API call. It is not a secret.",
     "应用的公开编号（微信小程序以 wx 开头），调用每个服务端接口都要带上。它不是秘密。"},
    {"AppSecret", LS_SECRET_EN, LS_SECRET_ZH},
    {"appsecret", LS_SECRET_EN, LS_SECRET_ZH},
    {"code2Session", LS_C2S_EN, LS_C2S_ZH},
    {"jscode2session", LS_C2S_EN, LS_C2S_ZH},
    {"token",
     "The developer server's own login token: after a successful exchange the server keeps openid and session_key and "
     "gives the client this token instead; the client sends it with every request until it expires.",
     "开发者服务器自己发的登录凭证（登录态）：换取成功后，服务器把 openid 和 session_key 留在自己这边，只给客户端这个 token；"
     "客户端之后每次请求都带上它，直到过期。"},
    {"watermark",
     "The {appid, timestamp} block inside decrypted open data. The server must check that watermark.appid is its own "
     "appid, so data issued for another app is refused.",
     "解密后的开放数据里的 {appid, timestamp} 字段。服务器必须核对 watermark.appid 是不是自己的 appid，"
     "这样发给别的应用的数据才会被拒绝。"},
    {"encryptedData",
     "The user's open data encrypted with AES-128-CBC under session_key (and iv). Only the server that holds the "
     "session_key can decrypt it.",
     "用 session_key（配合 iv）以 AES-128-CBC 加密的用户开放数据。只有持有 session_key 的服务器才能解密。"},
    {"iv",
     "The initialisation vector sent with encryptedData (base64); together with session_key it decrypts the data.",
     "和 encryptedData 一起发来的初始向量（base64）；它和 session_key 一起才能解密数据。"},
    {"rawData",
     "The user's public profile as a JSON string, sent in clear next to its signature so the server can check it was "
     "not altered on the way.",
     "以 JSON 字符串明文发来的用户公开资料，旁边附着 signature，服务器用它来确认资料在路上没有被改过。"},
    {"signature",
     "sha1(rawData + session_key): only WeChat and the developer server know session_key, so a matching signature proves "
     "rawData came from WeChat unchanged. (The server-side checksession API signs with HMAC-SHA256 of session_key.)",
     "sha1(rawData + session_key)：只有微信和开发者服务器知道 session_key，所以签名对得上，就说明 rawData 确实来自微信且没被改过。"
     "（服务端的 checksession 接口用的是以 session_key 为密钥的 HMAC-SHA256 签名。）"},
    {"checkSession",
     "wx.checkSession asks WeChat whether the session_key of the latest login is still valid; when it fails the app must "
     "call wx.login again. The server can ask the same about the key it holds with /wxa/checksession.",
     "wx.checkSession 向微信询问最近一次登录的 session_key 是否还有效；失败时应用要重新调用 wx.login。"
     "服务器也可以用 /wxa/checksession 检查自己手里的那个 session_key。"},
    {"univerify", LS_UNIVERIFY_EN, LS_UNIVERIFY_ZH},
    {"一键登录", LS_UNIVERIFY_EN, LS_UNIVERIFY_ZH},
    {"Open Platform", LS_OPEN_PLATFORM_EN, LS_OPEN_PLATFORM_ZH},
    {"开放平台", LS_OPEN_PLATFORM_EN, LS_OPEN_PLATFORM_ZH},
    {"cloud function", LS_CLOUD_FUNCTION_EN, LS_CLOUD_FUNCTION_ZH},
    {"云函数", LS_CLOUD_FUNCTION_EN, LS_CLOUD_FUNCTION_ZH},
    {"wx.login",
     "The WeChat mini-program API that gets a fresh login code from WeChat, without any dialog. Each call may also give "
     "the user a new session_key, which retires the old one.",
     "微信小程序获取登录 code 的接口，不弹任何窗口。每次调用都可能让用户的 session_key 换成新的，旧的随之失效。"},
    {"jscode2sessionkey",
     "Baidu's server API POST /oauth/jscode2sessionkey: the developer server sends the code, client_id (the AppKey) and "
     "sk (the AppSecret) and gets openid and session_key, or an OAuth error such as invalid_grant.",
     "百度的服务端接口 POST /oauth/jscode2sessionkey：开发者服务器带上 code、client_id（即 AppKey）和 sk（即 AppSecret），"
     "换回 openid 和 session_key，失败时返回 invalid_grant 之类的 OAuth 错误。"},
    {"code2verifyinfo",
     "WeChat's server API for multi-terminal apps (wx.weixinAppLogin): it exchanges the code with the multi-terminal "
     "app's own appid and appsecret for the user's identity.",
     "微信多端应用（wx.weixinAppLogin）的服务端接口：用多端应用自己的 appid 和 appsecret 拿 code 换取用户身份。"},
    {"getPhoneNumber",
     "uniCloud.getPhoneNumber: in a uniCloud cloud function, exchanges the one-click login's access_token and openid for "
     "the full phone number. Keep that number on the server; the client only needs to know the login worked.",
     "uniCloud.getPhoneNumber：在 uniCloud 云函数里用一键登录的 access_token 和 openid 换取完整手机号。号码留在服务器上，"
     "客户端只需要知道登录成功了。"},
};

#undef LS_CODE_EN
#undef LS_CODE_ZH
#undef LS_C2S_EN
#undef LS_C2S_ZH
#undef LS_SECRET_EN
#undef LS_SECRET_ZH
#undef LS_OPEN_PLATFORM_EN
#undef LS_OPEN_PLATFORM_ZH
#undef LS_CLOUD_FUNCTION_EN
#undef LS_CLOUD_FUNCTION_ZH
#undef LS_UNIVERIFY_EN
#undef LS_UNIVERIFY_ZH

bool ascii_only(std::string_view s) {
    for (unsigned char c : s)
        if (c >= 0x80) return false;
    return true;
}

bool identifier_char(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

char lower(char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; }

bool same_ignoring_case(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (lower(a[i]) != lower(b[i])) return false;
    return true;
}

// The length of one UTF-8 sequence starting with `c` (1 for a stray continuation byte).
size_t utf8_length(unsigned char c) {
    if (c >= 0xF0) return 4;
    if (c >= 0xE0) return 3;
    if (c >= 0xC0) return 2;
    return 1;
}

// Words that, just before an ASCII term, give it another meaning than the glossary's: "the
// JavaScript code", "an error code" and "the HTTP status code" are not the login credential.
struct OtherSense {
    std::string_view term;
    std::vector<std::string_view> after;
};
const std::vector<OtherSense> kOtherSenses = {
    {"code", {"javascript", "js", "error", "status", "source", "program", "http", "qr", "country", "verification", "sms",
              "exit", "return", "response", "result", "fault"}},
};

// The word before byte `at` (letters, digits, apostrophes), skipping one run of spaces.
std::string_view word_before(std::string_view text, size_t at) {
    size_t end = at;
    while (end > 0 && text[end - 1] == ' ') --end;
    if (end == at) return {};
    size_t start = end;
    while (start > 0 && (identifier_char(static_cast<unsigned char>(text[start - 1])) || text[start - 1] == '\'')) --start;
    return text.substr(start, end - start);
}

// `term` at `at` means something else here (kOtherSenses).
bool other_sense(std::string_view text, size_t at, std::string_view term) {
    for (const OtherSense& o : kOtherSenses) {
        if (!same_ignoring_case(o.term, term)) continue;
        const std::string_view before = word_before(text, at);
        for (std::string_view w : o.after)
            if (same_ignoring_case(before, w)) return true;
    }
    return false;
}

}  // namespace

// The built-in terms, then each platform pack's.
const std::vector<GlossaryTerm>& glossary() {
    static const std::vector<GlossaryTerm> all = with_pack_rows(kBuiltinTerms, &PlatformPack::glossary);
    return all;
}

const GlossaryTerm* find_term(std::string_view term) {
    for (const GlossaryTerm& t : glossary())
        if (term == t.term) return &t;
    return nullptr;
}

std::vector<TermSpan> find_terms(std::string_view text) {
    std::vector<TermSpan> out;
    size_t i = 0;
    while (i < text.size()) {
        const GlossaryTerm* best = nullptr;
        size_t best_len = 0;
        bool best_exact = false;
        for (const GlossaryTerm& t : glossary()) {
            const std::string_view term = t.term;
            if (term.size() < best_len || i + term.size() > text.size()) continue;
            const std::string_view here = text.substr(i, term.size());
            bool exact = here == term;
            if (ascii_only(term)) {
                if (!exact && !same_ignoring_case(here, term)) continue;
                // A whole identifier: no identifier character just before or after.
                if (i > 0 && identifier_char(static_cast<unsigned char>(text[i - 1]))) continue;
                const size_t end = i + term.size();
                if (end < text.size() && identifier_char(static_cast<unsigned char>(text[end]))) continue;
                if (other_sense(text, i, term)) continue;
            } else if (!exact) {
                continue;
            }
            // Longest first; at equal length the exact spelling wins ("errMsg" over "errmsg").
            if (term.size() > best_len || (exact && !best_exact)) {
                best = &t;
                best_len = term.size();
                best_exact = exact;
            }
        }
        if (best) {
            out.push_back({i, best_len, best});
            i += best_len;
        } else {
            i += utf8_length(static_cast<unsigned char>(text[i]));
        }
    }
    return out;
}

}  // namespace ls
