#pragma once
// An example config file that lists every key, commented out, with its summary: the server
// package's /etc/clivrt/clivrt-server.conf and the client's examples/clivrt.conf.
#include <string>
#include <string_view>
#include <vector>

#include "clivrt/common/option_doc.hpp"

namespace clivrt::manual {

/// `intro` (comment lines), then `[section]` if given, then for each key its summary as a
/// comment and ";key = default". Flags are written without their "--"; --help, --version and
/// --config are left out, as a file cannot set them.
std::string example_config(std::string_view intro, std::string_view section, const std::vector<OptionDoc>& keys);

}  // namespace clivrt::manual
