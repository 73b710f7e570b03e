#pragma once
// `set <key> <value>`: the settings that can change while the client runs.
#include <string>
#include <string_view>
#include <vector>

#include "clivrt/config/settings.hpp"

namespace clivrt::app {

std::vector<std::string_view> setting_names();
std::vector<std::string_view> setting_values(std::string_view name);

/// Applies `set name value`; returns an error message, or empty on success.
std::string apply_runtime_setting(config::Settings& settings, std::string_view name, std::string_view value);

}  // namespace clivrt::app
