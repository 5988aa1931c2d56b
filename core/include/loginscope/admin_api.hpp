#pragma once
// `loginscope serve`'s admin API, mounted beside the platform endpoints (/__admin/…):
//   GET  /__admin/apps               registered apps (appid, secret, platform, name)
//   POST /__admin/codes  {"appid", "user"?}   → {"code", "expires_in"}: as if the user had logged in
//                        (a wx.login code, a weixinAppLogin code or an Open Platform code, by appid)
//                        {"appid", "user"?, "count": N} → {"codes": […N], "expires_in"}: N logins in a row
//   POST /__admin/univerify/tokens {"number"?} → {"access_token", "openid", "expires_in"}: a one-click login
//   (the platform side also answers POST /univerify/getPhoneNumber, uniCloud's shape)
//   POST /__admin/clock  {"advance_ms": N}    → {"now_ms"}
//   GET  /__admin/events             the event journal
//   POST /__admin/reset              forget codes, sessions, events; rewind the clock
//   GET|POST|DELETE /__admin/faults  list, add (a scenario fault rule), clear
// A POST body is a JSON object of the fields above and no others: a bad one is answered 400
// {"error": "FIELD: why"}, naming the field (an unknown one included), and changes nothing.
#include "loginscope/engine.hpp"
#include "loginscope/http.hpp"

namespace ls {

Service make_admin_service(Engine& engine);

}  // namespace ls
