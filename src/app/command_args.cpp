#include "command_args.hpp"

#include <CLI/CLI.hpp>

namespace clivrt::app {

bool parse_command_args(CLI::App& parser, const std::vector<std::string>& args, const std::string& usage,
                        std::string& error) {
  parser.allow_extras(false);
  try {
    std::vector<std::string> reversed(args.rbegin(), args.rend());
    parser.parse(reversed);
    return true;
  } catch (const CLI::ParseError& e) {
    error = std::string(e.what()) + " (usage: " + usage + ")";
    return false;
  }
}

}  // namespace clivrt::app
