#include "clivrt/manual/config_example.hpp"

#include <array>
#include <algorithm>

namespace clivrt::manual {

std::string example_config(std::string_view intro, std::string_view section, const std::vector<OptionDoc>& keys) {
  static constexpr std::array<std::string_view, 3> kNotInFiles = {"--help", "--version", "--config"};
  std::string out(intro);
  if (!section.empty()) out += "\n[" + std::string(section) + "]\n";
  for (const OptionDoc& key : keys) {
    if (std::ranges::find(kNotInFiles, key.name) != kNotInFiles.end()) continue;
    const std::string name = key.name.starts_with("--") ? key.name.substr(2) : key.name;
    out += "\n; " + key.summary;
    if (key.repeatable) out += " (several values: separated by spaces)";
    out += "\n;" + name + " =";
    if (!key.default_value.empty()) out += " " + key.default_value;
    out += "\n";
  }
  return out;
}

}  // namespace clivrt::manual
