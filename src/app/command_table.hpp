#pragma once
// The client's commands, one row each: name, usage, help, what its arguments complete to, and
// the handler that runs it.
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace clivrt::app {

class ClientApp;

enum class ArgumentKind { none, user, free_text, setting, on_off };

/// What a handler gets: the words after the command's name, and the raw text after it (say).
struct CommandInput {
  const std::vector<std::string>& args;
  std::string_view rest;
};
using CommandHandler = void (*)(ClientApp& app, const CommandInput& input);

struct CommandSpec {
  std::string_view name;
  std::string_view usage;
  std::string_view summary;
  std::vector<std::string_view> options;  // flags, for completion and help
  ArgumentKind argument = ArgumentKind::none;
  CommandHandler run = nullptr;
  /// A usage that is just the name: any argument is a mistake, said before the handler runs.
  bool takes_arguments() const { return usage != name; }
};

std::span<const CommandSpec> command_specs();
const CommandSpec* find_command(std::string_view name);

/// Candidates for the word at `word_start` of `line` (readline gives the word boundary).
std::vector<std::string> complete_command_line(std::string_view line, std::size_t word_start,
                                               const std::vector<std::string>& online_users);

/// Multi-line help: all commands, or one command's usage and summary.
std::string help_text(std::string_view command = {});

}  // namespace clivrt::app
