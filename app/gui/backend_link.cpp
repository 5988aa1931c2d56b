#include "backend_link.hpp"

#include <filesystem>

#include "loginscope/unicloud.hpp"

namespace ls::gui {

BackendLink open_backend_link(const std::string& path, int port, int hang_ms) {
    BackendLink link;
    std::error_code ec;
    const std::filesystem::path abs = std::filesystem::absolute(path, ec);
    link.file = ec ? path : abs.lexically_normal().string();
    link.profile = load_backend_profile(path);
    link.platform_port = port > 0 ? port : free_loopback_port();
    link.hang_ms = hang_ms;
    return link;
}

EngineConfig world_config(EngineConfig cfg, const BackendLink* link) {
    if (!link) return cfg;
    if (!link->has(cfg.flow)) {
        cfg = builtin_engine_config(cfg, link->profile);
        cfg.transport = TransportMode::Http;
        cfg.platform_port = link->platform_port;
        return cfg;
    }
    return backend_engine_config(cfg, link->profile, link->platform_port, link->hang_ms);
}

std::vector<BaseUrl> base_urls(const BackendLink& link) {
    const std::string here = "http://127.0.0.1:" + std::to_string(link.platform_port);
    // PLATFORM-FACTS §1, §2, §4, §6.1: the hosts the servers call; uniCloud.getPhoneNumber is an SDK
    // call (§5), which a team's function under test makes as a POST to LoginScope's path instead.
    static const std::pair<const char*, const char*> kHosts[] = {
        {"wechat", "https://api.weixin.qq.com"},    {"wechat-app", "https://api.weixin.qq.com"},
        {"uni-weixin", "https://api.weixin.qq.com"}, {"swan", "https://spapi.baidu.com"},
        {"univerify", "uniCloud.getPhoneNumber"},
    };
    std::vector<BaseUrl> out;
    for (const ProfileApp& a : link.profile.apps)
        for (const auto& [platform, host] : kHosts)
            if (a.platform == platform)
                out.push_back({platform, host, a.platform == "univerify" ? "POST " + here + kGetPhoneNumberPath : here});
    return out;
}

}  // namespace ls::gui
