#include "cli_options.hpp"

#include <CLI/Error.hpp>

#include <cerrno>
#include <cstdlib>
#include <sstream>

#include "loginscope/engine.hpp"

namespace ls::cli {

namespace {
template <typename Catalog>
std::string ids(const Catalog& catalog) {
    std::string names;
    for (auto& entry : catalog) names += (names.empty() ? "" : ", ") + std::string(entry.id);
    return names;
}

std::string range(int64_t min, int64_t max) {
    return max == INT64_MAX ? ">= " + std::to_string(min) : std::to_string(min) + ".." + std::to_string(max);
}
}  // namespace

CLI::Validator rule(std::function<std::string(const std::string& value)> why_not) {
    // An empty description: the help's option text says what is accepted.
    return CLI::Validator([why_not](std::string& value) { return why_not(value); }, "");
}

CLI::Validator whole_number(int64_t min, int64_t max) {
    return rule([min, max](const std::string& v) -> std::string {
        char* end = nullptr;
        errno = 0;
        const long long n = v.empty() ? 0 : std::strtoll(v.c_str(), &end, 10);
        if (!v.empty() && errno == 0 && *end == '\0' && n >= min && n <= max) return "";
        return "must be a whole number " + range(min, max) + ", not \"" + v + "\"";
    });
}

CLI::Validator decimal(double min, double max) {
    return rule([min, max](const std::string& v) -> std::string {
        char* end = nullptr;
        const double x = v.empty() ? 0 : std::strtod(v.c_str(), &end);
        if (!v.empty() && *end == '\0' && x >= min && x <= max) return "";
        std::ostringstream bounds;
        bounds << min << ".." << max;
        return "must be a number " + bounds.str() + ", not \"" + v + "\"";
    });
}

CLI::Validator flow_name() {
    return rule([](const std::string& v) -> std::string {
        return flow_from_string(v) ? "" : "unknown flow \"" + v + "\" (one of " + ids(flow_catalog()) + ")";
    });
}

CLI::Option* add_flaw_option(CLI::App& command, FlawSet& flaws) {
    return command.add_option("--flaw")
        ->description("a developer-server flaw on, repeatable: " + ids(flaw_catalog()))
        ->type_name("NAME")
        ->check(rule([](const std::string& v) -> std::string {
            return flaw_from_string(v) ? "" : "unknown flaw \"" + v + "\"; the flaws are: " + ids(flaw_catalog());
        }))
        ->each([&flaws](const std::string& v) { flaws.insert(*flaw_from_string(v)); })
        ->allow_extra_args(false)  // one name per --flaw: the next word is a file, not a flaw
        ->take_all();
}

void reject(const std::string& message) { throw CLI::ValidationError(message); }

}  // namespace ls::cli
