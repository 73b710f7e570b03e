#pragma once
// Shell completion scripts for bash, zsh and fish, written from the same OptionDoc lists that
// --help and the man pages come from.
#include <string>
#include <vector>

#include "clivrt/common/option_doc.hpp"

namespace clivrt::manual {

struct CompletionSpec {
  std::string program;               // "clivrt"
  std::vector<OptionDoc> options;    // its flags
  std::string settings_flag;         // the flag that takes KEY=VALUE ("--option"), or empty
  std::vector<OptionDoc> settings;   // the keys it completes to, with their choices
};

/// For bash-completion: a function using _init_completion, registered with `complete -F`.
std::string bash_completion(const CompletionSpec& spec);

/// For zsh's compsys: a #compdef file made of one _arguments call (and _values for settings).
std::string zsh_completion(const CompletionSpec& spec);

/// For fish: `complete -c` lines, descriptions included.
std::string fish_completion(const CompletionSpec& spec);

}  // namespace clivrt::manual
