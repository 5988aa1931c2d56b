#include "loginscope/unicloud.hpp"

#include <nlohmann/json.hpp>

#include "loginscope/catalog.hpp"
#include "loginscope/crypto.hpp"

namespace ls {

using nlohmann::json;

std::string cloud_function_url() { return find_assumption("unicloud.function_url")->value; }

std::string cloud_function_path() {
    const std::string url = cloud_function_url();
    const size_t host = url.find("://");
    const size_t path = url.find('/', host == std::string::npos ? 0 : host + 3);
    return path == std::string::npos ? "/" : url.substr(path);
}

std::string unicloud_sign(const std::map<std::string, std::string>& params, const std::string& secret) {
    std::string text;  // std::map is already sorted by key, as the sample's Object.keys(params).sort()
    for (const auto& [key, value] : params) {
        if (key == "sign") continue;
        text += (text.empty() ? "" : "&") + key + "=" + value;
    }
    return hmac_sha256_hex(secret, text);
}

CloudFunction::CloudFunction(VirtualClock& clock, Journal& journal, CloudFunctionConfig cfg, DCloudCall to_dcloud)
    : clock_(clock), journal_(journal), cfg_(std::move(cfg)), to_dcloud_(std::move(to_dcloud)) {}

void CloudFunction::set_config(const CloudFunctionConfig& cfg) {
    std::lock_guard<std::mutex> lock(mu_);
    cfg_ = cfg;
}

CloudFunctionConfig CloudFunction::config() const {
    std::lock_guard<std::mutex> lock(mu_);
    return cfg_;
}

void CloudFunction::note(uint32_t flow, std::string kind, std::string text, Links links) {
    Event e;
    e.t_ms = clock_.now_ms();
    e.flow = flow;
    e.actor = Actor::CloudFunction;
    e.hop = Hop::DevToCloudFunction;
    e.kind = std::move(kind);
    e.text = std::move(text);
    e.links = std::move(links);
    journal_.record(std::move(e));
}

// The function threw: its URL answers with an error status and the error's message
// (assumptions(): unicloud.thrown_error_status). `why` is for the journal only.
HttpReply CloudFunction::thrown(uint32_t flow, const std::string& kind, const std::string& message, const std::string& why) {
    note(flow, kind, "throw new Error('" + message + "'): " + why);
    return {int(assumed_int("unicloud.thrown_error_status")), json{{"message", message}}.dump()};
}

// The doc's sample reads event.queryStringParameters: a POST's body is never looked at, so a call
// without the query fails the sign check like any forged one.
HttpReply CloudFunction::handle(const HttpRequest& req, uint32_t flow) {
    const CloudFunctionConfig cfg = config();
    std::map<std::string, std::string> params = req.query;
    const auto sign = params.find("sign");
    const std::string got = sign == params.end() ? "" : sign->second;
    if (sign != params.end()) params.erase(sign);
    if (got.empty() || got != unicloud_sign(params, cfg.secret))
        return thrown(flow, "cloud_function.sign_rejected", "非法访问",
                      got.empty() ? "the request carries no sign" : "the sign does not match HMAC-SHA256 of the parameters");
    Links links;
    if (params.count("access_token")) links["access_token"] = params.at("access_token");
    note(flow, "cloud_function.sign_ok", "sign matches HMAC-SHA256(secret, sorted parameters): the caller holds the secret",
         links);
    return get_phone_number(params, flow);
}

// uniCloud.getPhoneNumber({provider: 'univerify', appid, access_token, openid}); its result is
// returned as it is (assumptions(): unicloud.result_passed_through). A parameter the query lacks is
// left out, as JSON.stringify leaves out undefined (DCloud then answers 4001).
HttpReply CloudFunction::get_phone_number(const std::map<std::string, std::string>& params, uint32_t flow) {
    json body{{"provider", "univerify"}, {"appid", config().uni_appid}};
    for (const char* key : {"access_token", "openid"})
        if (params.count(key)) body[key] = params.at(key);
    HttpRequest call;
    call.method = "POST";
    call.path = kGetPhoneNumberPath;
    call.headers["Content-Type"] = "application/json";
    call.body = body.dump();
    const TransportResult r = to_dcloud_(call, flow);
    if (!r.ok()) return thrown(flow, "cloud_function.error", "uniCloud.getPhoneNumber: " + r.error, "DCloud did not answer");
    if (r.reply->status != 200)
        return thrown(flow, "cloud_function.error", "uniCloud.getPhoneNumber: HTTP " + std::to_string(r.reply->status),
                      "DCloud answered an error status");
    const json result = json::parse(r.reply->body, nullptr, false);
    if (!result.is_object())  // the message says what was wrong, never the bytes (issue 13)
        return thrown(flow, "cloud_function.error", "uniCloud.getPhoneNumber: reply is not JSON",
                      std::to_string(r.reply->body.size()) + " bytes that do not parse");
    return {200, result.dump(-1, ' ', false, json::error_handler_t::replace)};
}

}  // namespace ls
