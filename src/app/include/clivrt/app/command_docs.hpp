#pragma once
// The client's interactive commands as the documentation sees them (clivrt(1)'s COMMANDS).
#include <vector>

#include "clivrt/common/option_doc.hpp"

namespace clivrt::app {

/// Every command's usage and summary, in the order `help` lists them.
std::vector<CommandDoc> describe_commands();

}  // namespace clivrt::app
