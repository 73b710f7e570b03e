// A .clivrt INI file as a user may write it: any text either applies or throws ConfigError
// with a message; nothing else escapes.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "clivrt/config/config_file.hpp"
#include "clivrt/config/settings.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace clivrt::config;
  Settings settings;
  try {
    apply_config_text(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.clivrt", settings);
  } catch (const ConfigError& error) {
    if (std::string_view(error.what()).empty()) std::abort();
  }
  return 0;
}
