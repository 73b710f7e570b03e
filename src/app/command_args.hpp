#pragma once
// Parses a command's arguments with CLI11, so every command reports bad options the same way.
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace clivrt::app {

/// Parses `args` into the options declared on `parser`; on failure returns false with `error`
/// set to a one-line message ending in the command's usage.
bool parse_command_args(CLI::App& parser, const std::vector<std::string>& args, const std::string& usage,
                        std::string& error);

}  // namespace clivrt::app
