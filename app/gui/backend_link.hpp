#pragma once
// A team's own backend attached to the window (issue 17): its profile, the platform's port — fixed
// while attached, since the backend is configured with it — and how the worlds the GUI builds use them.
#include <optional>
#include <string>
#include <vector>

#include "loginscope/backend.hpp"

namespace ls::gui {

struct BackendLink {
    std::string file;  // the profile as opened
    BackendProfile profile;
    int platform_port = 0;
    int hang_ms = 2000;  // real time a hung platform exchange is held (the backend waits that long)
    bool has(Flow f) const { return profile.flows.count(f) > 0; }
};

// The profile at `path` (kept as an absolute path) and the port (`port`, or a free one when 0). Throws ProfileError naming the
// file and the field.
BackendLink open_backend_link(const std::string& path, int port, int hang_ms = 2000);

// A world's config: with `link` and a flow its profile has, the app talks to the team's backend
// (backend_engine_config); any other flow asks the built-in server, on the link's port all the same.
EngineConfig world_config(EngineConfig cfg, const BackendLink* link);

// What the backend must be configured with: per platform app of the profile, the host it calls in
// production and the URL to call instead ("https://api.weixin.qq.com" → "http://127.0.0.1:PORT").
struct BaseUrl {
    std::string platform;  // the profile app's platform: wechat, wechat-app, uni-weixin, swan, univerify
    std::string host;      // what the backend calls in production
    std::string base;      // what it calls here
};
std::vector<BaseUrl> base_urls(const BackendLink& link);

}  // namespace ls::gui
