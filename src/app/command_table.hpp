#pragma once
// The client's commands: names, usage, help and what their arguments complete to.
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace clivrt::app {

enum class ArgumentKind { none, user, free_text, setting, on_off };

struct CommandSpec {
  std::string_view name;
  std::string_view usage;
  std::string_view summary;
  std::vector<std::string_view> options;  // flags, for completion and help
  ArgumentKind argument = ArgumentKind::none;
};

std::span<const CommandSpec> command_specs();
const CommandSpec* find_command(std::string_view name);

/// Candidates for the word at `word_start` of `line` (readline gives the word boundary).
std::vector<std::string> complete_command_line(std::string_view line, std::size_t word_start,
                                               const std::vector<std::string>& online_users);

/// Multi-line help: all commands, or one command's usage and summary.
std::string help_text(std::string_view command = {});

}  // namespace clivrt::app
