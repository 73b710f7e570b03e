#include "clivrt/config/config_lookup.hpp"

#include <cstdlib>
#include <filesystem>

namespace clivrt::config {

namespace fs = std::filesystem;

std::vector<std::string> config_candidates(const LookupPlaces& places) {
  std::vector<std::string> candidates;
  if (!places.working_directory.empty()) candidates.push_back(places.working_directory + "/.clivrt");
  if (!places.executable_directory.empty()) candidates.push_back(places.executable_directory + "/.clivrt");
  if (!places.xdg_config_home.empty()) {
    candidates.push_back(places.xdg_config_home + "/clivrt/config");
  } else if (!places.home.empty()) {
    candidates.push_back(places.home + "/.config/clivrt/config");
  }
  return candidates;
}

LookupPlaces current_places() {
  LookupPlaces places;
  std::error_code error;
  places.working_directory = fs::current_path(error).string();
  const fs::path executable = fs::read_symlink("/proc/self/exe", error);
  if (!error) places.executable_directory = executable.parent_path().string();
  if (const char* xdg = std::getenv("XDG_CONFIG_HOME")) places.xdg_config_home = xdg;
  if (const char* home = std::getenv("HOME")) places.home = home;
  return places;
}

std::optional<std::string> find_config_file(const LookupPlaces& places) {
  for (const auto& candidate : config_candidates(places)) {
    std::error_code error;
    if (fs::is_regular_file(candidate, error)) return candidate;
  }
  return std::nullopt;
}

}  // namespace clivrt::config
