#include "loginscope/flaws.hpp"

#include <stdexcept>

namespace ls {

namespace {
// The attack texts are what the inspector and presenter mode say when the flaw is on.
const std::vector<FlawInfo> kFlaws = {
    {Flaw::LeakSessionKey, "leak-session-key", "returns session_key to the client",
     "Anyone who reads the reply (a proxy, a debugger, injected script) holds the key that signs and decrypts this "
     "user's open data: they can forge rawData/signature and read encryptedData."},
    {Flaw::AcceptReusedCode, "accept-reused-code", "caches code2Session answers by code",
     "A code is meant to be single-use and short-lived; with the cache, whoever captures a code (logs, a shared "
     "screen, a replayed request) logs in as its user again, even after the code has expired."},
    {Flaw::SkipWatermarkCheck, "skip-watermark-check", "does not check watermark.appid of decrypted data",
     "Open data issued for another mini program (watermark.appid differs) is accepted as if it were ours, so data "
     "meant for one app can be replayed into another."},
    {Flaw::TrustClientOpenid, "trust-client-openid", "trusts an openid sent by the client",
     "The client can claim any openid: an attacker sends a victim's openid with their own valid code and gets a "
     "session for the victim's account."},
    {Flaw::LogSecret, "log-secret", "writes the AppSecret to its log",
     "Whoever can read the server's logs can call code2Session and getAccessToken as the app: exchange stolen "
     "codes, read session keys and act with the app's access_token."},
};
}  // namespace

const std::vector<FlawInfo>& flaw_catalog() { return kFlaws; }

const FlawInfo& flaw_info(Flaw f) {
    for (auto& i : kFlaws)
        if (i.flaw == f) return i;
    throw std::logic_error("flaw missing from the catalog");
}

const char* to_string(Flaw f) { return flaw_info(f).id; }

std::optional<Flaw> flaw_from_string(const std::string& id) {
    for (auto& i : kFlaws)
        if (id == i.id) return i.flaw;
    return std::nullopt;
}

}  // namespace ls
