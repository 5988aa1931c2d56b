#include "loginscope/flaws.hpp"

#include <stdexcept>

namespace ls {

namespace {
// The attack texts are what the inspector and presenter mode say when the flaw is on.
const std::vector<FlawInfo> kFlaws = {
    {Flaw::LeakSessionKey, "leak-session-key", "returns session_key to the client",
     "Anyone who reads the reply (a proxy, a debugger, injected script) holds the key that signs and decrypts this "
     "user's open data: they can forge rawData/signature and read encryptedData.",
     "把 session_key 返回给客户端",
     "任何能看到这个响应的人（抓包代理、调试工具、被注入的脚本）都拿到了给这个用户的开放数据签名和解密用的密钥："
     "他们可以伪造 rawData 和 signature，也能解开 encryptedData。"},
    {Flaw::AcceptReusedCode, "accept-reused-code", "caches code2Session answers by code",
     "A code is meant to be single-use and short-lived; with the cache, whoever captures a code (logs, a shared "
     "screen, a replayed request) logs in as its user again, even after the code has expired.",
     "按 code 缓存 code2Session 的结果",
     "code 本应只能用一次、几分钟就过期；有了这个缓存，谁截获了一个 code（日志、共享的屏幕、重放的请求），"
     "谁就能以这个用户的身份再登录一次，哪怕 code 早已过期。"},
    {Flaw::SkipWatermarkCheck, "skip-watermark-check", "does not check watermark.appid of decrypted data",
     "Open data issued for another mini program (watermark.appid differs) is accepted as if it were ours, so data "
     "meant for one app can be replayed into another.",
     "不校验解密数据里的 watermark.appid",
     "发给别的小程序的开放数据（watermark.appid 不是我们的）也被当成自己的接受了，"
     "于是给一个应用的数据可以被拿到另一个应用里重放。"},
    {Flaw::TrustClientOpenid, "trust-client-openid", "trusts an openid sent by the client",
     "The client can claim any openid: an attacker sends a victim's openid with their own valid code and gets a "
     "session for the victim's account.",
     "相信客户端传来的 openid",
     "客户端想说自己是哪个 openid 都行：攻击者用自己有效的 code，再附上受害者的 openid，"
     "就能拿到受害者账号的登录态。"},
    {Flaw::LogSecret, "log-secret", "writes the AppSecret to its log",
     "Whoever can read the server's logs can call code2Session and getAccessToken as the app: exchange stolen "
     "codes, read session keys and act with the app's access_token.",
     "把 AppSecret 写进日志",
     "任何能读到服务器日志的人，都能冒充这个应用调用 code2Session 和 getAccessToken："
     "兑换偷来的 code、拿到用户的 session_key，还能用应用的 access_token 做事。"},
};
}  // namespace

const std::vector<FlawInfo>& flaw_catalog() { return kFlaws; }

const FlawInfo& flaw_info(Flaw f) {
    for (auto& i : kFlaws)
        if (i.flaw == f) return i;
    throw std::logic_error("flaw missing from the catalog");
}

const char* to_string(Flaw f) { return flaw_info(f).id; }

const char* flaw_title(Flaw f, Lang lang) {
    const FlawInfo& i = flaw_info(f);
    return lang == Lang::Zh && i.title_zh ? i.title_zh : i.title;
}

const char* flaw_attack(Flaw f, Lang lang) {
    const FlawInfo& i = flaw_info(f);
    return lang == Lang::Zh && i.attack_zh ? i.attack_zh : i.attack;
}

std::optional<Flaw> flaw_from_string(const std::string& id) {
    for (auto& i : kFlaws)
        if (id == i.id) return i.flaw;
    return std::nullopt;
}

}  // namespace ls
