#pragma once
// What the subcommands' command lines share, so that every one reports bad input the same way: a
// validator returns the reason a value is unusable, CLI11 puts the option's name in front of it and
// main the command ("loginscope explore: --runs: must be a whole number 1..1000000, not "ten"").
#include <CLI/App.hpp>
#include <CLI/Validators.hpp>

#include <cstdint>
#include <functional>
#include <string>

#include "loginscope/flaws.hpp"

namespace ls::cli {

// A value accepted when `why_not` returns "" for it; otherwise that is the message.
CLI::Validator rule(std::function<std::string(const std::string& value)> why_not);

CLI::Validator whole_number(int64_t min, int64_t max);  // an integer min..max, nothing after it
CLI::Validator decimal(double min, double max);         // a number min..max
CLI::Validator flow_name();                             // an id of flow_catalog()

// --flaw NAME, repeatable: each name is checked against flaw_catalog() and added to `flaws`.
CLI::Option* add_flaw_option(CLI::App& command, FlawSet& flaws);

// The error for a combination of options the parser cannot see, thrown from a command's
// callback so that it is reported like any other bad option.
[[noreturn]] void reject(const std::string& message);

}  // namespace ls::cli
