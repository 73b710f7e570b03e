#pragma once
// Where the config file is looked up, in order: --config PATH, ./.clivrt, next to the
// executable, $XDG_CONFIG_HOME/clivrt/config (default ~/.config/clivrt/config).
// The first file that exists is used; files are not merged.
#include <optional>
#include <string>
#include <vector>

namespace clivrt::config {

struct LookupPlaces {
  std::string working_directory;
  std::string executable_directory;
  std::string xdg_config_home;  // empty: $HOME/.config
  std::string home;
};

/// The candidate paths in lookup order.
std::vector<std::string> config_candidates(const LookupPlaces& places);

/// The places of this process (cwd, /proc/self/exe, environment).
LookupPlaces current_places();

/// The first candidate that exists, if any.
std::optional<std::string> find_config_file(const LookupPlaces& places);

}  // namespace clivrt::config
