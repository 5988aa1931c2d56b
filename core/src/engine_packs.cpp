// The engine's platform packs (platform_pack.hpp): one PackPlatform per pack, in platform_packs()
// order, and the current flow's.
#include "loginscope/engine.hpp"
#include "loginscope/platform_pack.hpp"

namespace ls {

PackPlatform* Engine::pack_platform(const std::string& pack_id) {
    const auto& packs = platform_packs();
    for (size_t i = 0; i < packs.size(); ++i)
        if (pack_id == packs[i].id) return packs_[i].get();
    return nullptr;
}

void Engine::prepare_packs() {
    for (auto& p : packs_) p->prepare();
}

PackPlatform* Engine::flow_pack() const {
    const PlatformPack* pack = pack_of(cfg_.flow);
    return pack ? packs_[size_t(pack - platform_packs().data())].get() : nullptr;
}

std::optional<PackSheet> Engine::pack_sheet() const {
    const PackPlatform* pack = flow_pack();
    return pack ? pack->sheet() : std::nullopt;
}

}  // namespace ls
