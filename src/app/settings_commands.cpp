#include "settings_commands.hpp"

#include <algorithm>

namespace clivrt::app {

namespace {
constexpr std::string_view kRuntimeSettings[] = {
    "videostyle", "color",      "selfview",     "max_output_rate",
    "frame_interval", "autoanswer", "ice_transport"};  // ice_transport: from the next call on
}

std::vector<std::string_view> setting_names() { return {std::begin(kRuntimeSettings), std::end(kRuntimeSettings)}; }

std::vector<std::string_view> setting_values(std::string_view name) { return config::setting_choices(name); }

std::string apply_runtime_setting(config::Settings& settings, std::string_view name, std::string_view value) {
  if (std::ranges::find(kRuntimeSettings, name) == std::end(kRuntimeSettings)) {
    std::string message = "cannot set '" + std::string(name) + "' while running; settable:";
    for (const auto key : kRuntimeSettings) message += " " + std::string(key);
    return message;
  }
  std::string problem = config::apply_setting(settings, name, value);
  return problem.empty() ? problem : std::string(name) + " " + problem;
}

}  // namespace clivrt::app
