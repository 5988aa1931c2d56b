// Every catalog entry of every platform has a shipped scenario that makes it happen: the library
// under assets/scenarios is the catalog's executable documentation (a new entry without one fails).
#include <catch2/catch.hpp>

#include <filesystem>
#include <set>

#include "loginscope/catalog.hpp"
#include "loginscope/scenario.hpp"

using namespace ls;
namespace fs = std::filesystem;

namespace {
// What the scenarios made happen: every errcode, errMsg and detail a step ended with.
struct Seen {
    std::set<std::string> codes;
    std::string text;  // all errMsg and detail strings, one per line
};

Seen run_library() {
    Seen seen;
    for (const auto& entry : fs::recursive_directory_iterator(LOGINSCOPE_ASSETS "/scenarios")) {
        if (entry.path().extension() != ".json") continue;
        const ScenarioResult r = run_scenario(load_scenario(entry.path().string()), TransportMode::InProcess);
        for (const StepOutcome& s : r.steps) {
            if (s.result.errcode) seen.codes.insert(std::to_string(*s.result.errcode));
            seen.text += s.result.errMsg + "\n" + s.result.detail + "\n";
        }
    }
    return seen;
}
}  // namespace

TEST_CASE("every catalog entry is produced by at least one shipped scenario", "[catalog][scenario]") {
    const Seen seen = run_library();
    std::vector<std::string> missing;
    for (const CatalogEntry& e : catalog()) {
        const std::string code = e.code;
        const bool covered = seen.codes.count(code) || seen.text.find(code) != std::string::npos;
        if (!covered) missing.push_back(std::string(e.platform) + " " + to_string(e.hop) + " " + code);
    }
    std::string list;
    for (const auto& m : missing) list += "\n  " + m;
    INFO("catalog entries without a scenario:" << list);
    CHECK(missing.empty());
}
