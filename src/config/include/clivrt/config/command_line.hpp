#pragma once
// Start-up: command-line flags (CLI11) + config file → Settings. Flags override the file.
#include <optional>
#include <string>
#include <vector>

#include "clivrt/config/config_lookup.hpp"
#include "clivrt/config/settings.hpp"

namespace clivrt::config {

struct Startup {
  std::optional<Settings> settings;  // set: go on; unset: exit with exit_code after printing output
  int exit_code = 0;
  std::string output;  // --help / --version text, or a one-line error
  bool version = false;  // --version: the program adds the versions of the libraries it runs on
};

/// Parses `args` (without argv[0]) and loads the config file found via `places`.
Startup load_settings(const std::vector<std::string>& args, const LookupPlaces& places);

/// clivrt's flags as --help lists them, with the values each accepts: the man page and the shell
/// completions are generated from this.
std::vector<OptionDoc> describe_command_line();

}  // namespace clivrt::config
