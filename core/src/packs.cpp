// The platform packs (platform_pack.hpp), in the order their flows follow the built-in ones. One
// line per pack: adding a platform the new way edits this list and nothing else in core/.
#include "loginscope/platform_pack.hpp"

namespace ls {

PlatformPack douyin_pack(Flow first);  // pack_douyin.cpp
PlatformPack alipay_pack(Flow first);  // pack_alipay.cpp

namespace {
// Each pack is handed the first Flow value after the flows before it.
std::vector<PlatformPack> all_packs() {
    std::vector<PlatformPack> packs;
    auto next = [&] {
        int n = int(kFirstPackFlow);
        for (const PlatformPack& p : packs) n += int(p.flows.size());
        return Flow(n);
    };
    packs.push_back(douyin_pack(next()));
    packs.push_back(alipay_pack(next()));
    return packs;
}
}  // namespace

const std::vector<PlatformPack>& platform_packs() {
    static const std::vector<PlatformPack> packs = all_packs();
    return packs;
}

const PlatformPack* pack_of(Flow flow) {
    int n = int(kFirstPackFlow);
    for (const PlatformPack& p : platform_packs()) {
        if (int(flow) >= n && int(flow) < n + int(p.flows.size())) return &p;
        n += int(p.flows.size());
    }
    return nullptr;
}

const PlatformPack* find_pack(const std::string& id) {
    for (const PlatformPack& p : platform_packs())
        if (id == p.id) return &p;
    return nullptr;
}

PackApp pack_app(const AppConfig& app, const PlatformPack& pack) {
    PackApp out;
    auto given = app.pack_apps.find(pack.id);
    for (const PackAppField& f : pack.app_fields) {
        std::string value = f.fallback;
        if (given != app.pack_apps.end())
            if (auto it = given->second.find(f.id); it != given->second.end()) value = it->second;
        out[f.id] = value;
    }
    return out;
}

std::vector<std::string> pack_texts(const PlatformPack& pack) {
    std::vector<std::string> out = {pack.page.app_name, pack.page.tagline, pack.page.logged_in};
    for (const FlowInfo& f : pack.flows) out.insert(out.end(), {f.title, f.login_button, f.client_lifeline, f.platform_lifeline});
    for (const PackSetting& s : pack.settings) out.insert(out.end(), {s.label_en, s.label_zh, s.tip_en, s.tip_zh, s.off_en, s.off_zh});
    for (const PackButton& b : pack.buttons) out.insert(out.end(), {b.label, b.tip_en, b.tip_zh});
    for (const PackSheet& sheet : pack.sheets) {
        out.push_back(sheet.title);
        out.insert(out.end(), sheet.lines.begin(), sheet.lines.end());
        for (const auto& [label, step] : sheet.buttons) out.push_back(label);
    }
    for (const StepKind& k : pack.steps) out.push_back(k.label);
    return out;
}

const PackSetting* find_pack_setting(const std::string& id) {
    for (const PlatformPack& p : platform_packs())
        for (const PackSetting& s : p.settings)
            if (id == s.id) return &s;
    return nullptr;
}

bool pack_setting(const Environment& env, const std::string& id) {
    if (auto it = env.pack_settings.find(id); it != env.pack_settings.end()) return it->second;
    const PackSetting* s = find_pack_setting(id);
    return s && s->fallback;
}

}  // namespace ls
