#pragma once
// `loginscope serve`'s admin API, mounted beside the platform endpoints (/__admin/…):
//   GET  /__admin/apps               registered apps (appid, secret, platform, name)
//   POST /__admin/codes  {"appid", "user"?}   → {"code", "expires_in"}: as if the user had logged in
//                        (a wx.login code, a weixinAppLogin code or an Open Platform code, by appid)
//                        {"appid", "user"?, "count": N} → {"codes": […N], "expires_in"}: N logins in a row
//   POST /__admin/univerify/tokens {"number"?} → {"access_token", "openid", "expires_in"}: a one-click login
//   (the platform side also answers POST /univerify/getPhoneNumber, uniCloud's shape)
//   POST /__admin/clock  {"advance_ms": N}    → {"now_ms"}: N in 0..INT64_MAX; the clock stops at the
//                        end of virtual time (clock.hpp), it never wraps
//   GET  /__admin/events[?since=SEQ][&limit=N]  the event journal (events with seq >= SEQ, at most N),
//                        a JSON array streamed in chunks; the next page: since = the last seq + 1
//   POST /__admin/reset              forget codes, sessions, events; rewind the clock
//   GET|POST|DELETE /__admin/faults  list, add (a scenario fault rule), clear
// A POST body is a JSON object of the fields above and no others: a bad one is answered 400
// {"error": "FIELD: why"}, naming the field (an unknown one included), and changes nothing.
#include "loginscope/engine.hpp"
#include "loginscope/http.hpp"

namespace ls {

Service make_admin_service(Engine& engine);

// `serve` bound beyond loopback: the admin API answers only a caller with the token, sent as
// `Authorization: Bearer TOKEN` or `X-Admin-Token: TOKEN`; anyone else gets 401
// {"error":"admin_token_required"} and no admin action. The platform endpoints stay open.
Service require_admin_token(Service admin, std::string token);
std::string new_admin_token();  // 32 hex digits from OpenSSL's generator
// Whether an address to listen on reaches this machine only (127.0.0.0/8, ::1, localhost).
bool is_loopback_bind(const std::string& bind);
// The host part of a URL for a bind address: an IPv6 literal in brackets ("::" → "[::]").
std::string url_host(const std::string& bind);

}  // namespace ls
