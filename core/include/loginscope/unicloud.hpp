#pragma once
// The developer's uniCloud cloud function between a traditional developer server and DCloud
// (PLATFORM-FACTS §5.9; DCloud's univerify doc, "通过传统服务器连接uniCloud云函数"): uniCloud.getPhoneNumber
// runs only inside uniCloud, so a server of its own reaches it through the function's URL (云函数URL化).
//
//   developer server ── GET <function URL>?access_token&openid&sign ──▶ cloud function
//   cloud function   ── uniCloud.getPhoneNumber({provider, appid, access_token, openid}) ──▶ DCloud
//   cloud function   ◀── {code:0, success:true, phoneNumber} or DCloud's error ── DCloud
//   developer server ◀── that result, as the function returns it ── cloud function
//
// `sign` is what keeps strangers from calling the URL for phone numbers: an HMAC-SHA256 of the
// other parameters made with a secret only the server and the function hold. The function
// recomputes it and throws ("非法访问") when it differs. The URL, the secret's name and what a URL
// answers when its function throws are not documented: see assumptions() "unicloud.*".
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>

#include "loginscope/clock.hpp"
#include "loginscope/http.hpp"
#include "loginscope/journal.hpp"

namespace ls {

// The function's URL as the journal shows it, and the path its loopback host answers
// (assumptions(): unicloud.function_url).
std::string cloud_function_url();
std::string cloud_function_path();
// The endpoint uniCloud.getPhoneNumber reaches inside DCloud (the platform host answers it).
constexpr const char* kGetPhoneNumberPath = "/univerify/getPhoneNumber";

// The doc sample's signature: lowercase hex HMAC-SHA256 with `secret` over the parameters sorted by
// key and joined as "key=value&key=value", values as they are (not URL-encoded); a "sign" among
// them is left out, as the function deletes it before it recomputes.
std::string unicloud_sign(const std::map<std::string, std::string>& params, const std::string& secret);

// The shared secret as the app's config holds it: the function's copy and the developer server's.
// They are equal unless one was changed without the other (a rotation half done), and then every
// call is refused. Both are secrets: never in a reply to the client, a log line or an error.
struct UniCloudSecrets {
    std::string function_secret = "ucf_7d2e9a41c6b85f30e1a4d7c29b6f0e83";
    std::string server_secret = "ucf_7d2e9a41c6b85f30e1a4d7c29b6f0e83";
};

struct CloudFunctionConfig {
    std::string secret;     // what `sign` is checked with
    std::string uni_appid;  // the DCloud appid getPhoneNumber needs when the function is URL-ized
};

// The function as deployed. Thread-safe: its HTTP host calls handle() from worker threads.
class CloudFunction {
public:
    // `to_dcloud` carries uniCloud.getPhoneNumber's request to DCloud (through the faults of its hops).
    using DCloudCall = std::function<TransportResult(const HttpRequest&, uint32_t flow)>;
    CloudFunction(VirtualClock& clock, Journal& journal, CloudFunctionConfig cfg, DCloudCall to_dcloud);

    // A request to the function's URL: the sign checked, then getPhoneNumber's result returned as
    // the body (HTTP 200). A thrown error (a wrong sign, a getPhoneNumber call that failed below
    // JSON) is answered as assumptions() "unicloud.thrown_error_reply" says.
    HttpReply handle(const HttpRequest& req, uint32_t flow);
    void set_config(const CloudFunctionConfig& cfg);

private:
    HttpReply thrown(uint32_t flow, const std::string& kind, const std::string& message, const std::string& why);
    HttpReply get_phone_number(const std::map<std::string, std::string>& params, uint32_t flow);
    void note(uint32_t flow, std::string kind, std::string text, Links links = {});
    CloudFunctionConfig config() const;

    VirtualClock& clock_;
    Journal& journal_;
    mutable std::mutex mu_;
    CloudFunctionConfig cfg_;
    DCloudCall to_dcloud_;
};

}  // namespace ls
