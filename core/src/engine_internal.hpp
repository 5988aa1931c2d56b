#pragma once
// Helpers shared by the engine's translation units (engine*.cpp); not part of the public API.
#include <nlohmann/json.hpp>

#include "loginscope/http.hpp"

namespace ls {

// Callback payloads keep the platform's key order (errMsg first for wx.login, as PLATFORM-FACTS §1.1
// writes it), as the JavaScript console prints objects in insertion order.
using res_json = nlohmann::ordered_json;

// wx.request's success res: data (parsed when JSON, else the text), statusCode, errMsg; on a
// transport failure only errMsg ("request:fail …").
res_json request_res(const TransportResult& t);

// The app's POST of `body` as JSON to its own server at `path`, with `bearer` (our token) when given.
HttpRequest app_post(const std::string& path, const nlohmann::json& body, const std::string& bearer = "");

// uni-app's fail res (PLATFORM-FACTS §5.7): vue3 {errMsg:"<api>:fail <message>", code}; vue2 adds
// errCode. Codes 30xxx are strings, the others numbers (assumptions(): univerify.code_type).
res_json uni_error(const std::string& api, const std::string& code, const std::string& message, bool vue2);

// A catalog code as a number; -1 when it is not one (a fault naming another platform's text code
// must not bring the engine down).
int code_number(const std::string& code);

// A string's length as JavaScript counts it (UTF-16 units: a Chinese character is one, an emoji two):
// wx.getUserProfile's desc, an input's maxlength.
size_t js_length(const std::string& s);

}  // namespace ls
