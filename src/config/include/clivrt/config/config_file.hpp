#pragma once
// The `.clivrt` INI file: keys in [DEFAULT] (or before any section), as the original read them.
#include <stdexcept>
#include <string>
#include <string_view>

#include "clivrt/config/settings.hpp"

namespace clivrt::config {

/// A config problem that stops start-up; what() names the file, line, key and what is allowed.
class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Applies the INI text to `settings`. `source_name` names the file in messages.
/// Unknown keys and sections become warnings; a bad value or a syntax error throws ConfigError.
void apply_config_text(std::string_view text, const std::string& source_name, Settings& settings);

/// Reads and applies the file at `path`; throws ConfigError if it cannot be read.
void apply_config_file(const std::string& path, Settings& settings);

}  // namespace clivrt::config
