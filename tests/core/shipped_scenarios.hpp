#pragma once
// The scenarios the product ships (assets/scenarios/*/*.json), in a fixed order.
#include <algorithm>
#include <filesystem>
#include <vector>

namespace ls::test {

inline std::vector<std::filesystem::path> shipped_scenarios() {
    namespace fs = std::filesystem;
    std::vector<fs::path> out;
    for (auto& dir : fs::directory_iterator(fs::path(LOGINSCOPE_ASSETS) / "scenarios"))
        if (dir.is_directory())
            for (auto& f : fs::directory_iterator(dir.path()))
                if (f.path().extension() == ".json") out.push_back(f.path());
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace ls::test
