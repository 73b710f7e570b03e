#pragma once
// One flag or config key as the documentation sees it. --help, the man pages and the shell
// completions are all made from these, so that they cannot drift apart.
#include <string>
#include <utility>
#include <vector>

namespace CLI {
class App;
}

namespace clivrt {

struct OptionDoc {
  std::string name;                  // "--videostyle" (a flag) or "videostyle" (a config key)
  std::string short_name;            // "-h", or empty
  std::string value;                 // what it takes: "STYLE", "FILE", "URL"…; empty for a switch
  std::string summary;               // one sentence, no trailing full stop
  std::string default_value;         // as --help shows it, or empty
  std::vector<std::string> choices;  // the values it accepts when they are a fixed set
  bool repeatable = false;           // may be given several times
};

/// One of the client's interactive commands, as `help` shows it.
struct CommandDoc {
  std::string usage;    // "call [--audio-only] <user>"
  std::string summary;  // one sentence, no trailing full stop
};

/// The options of a CLI11 parser, in the order --help lists them. `choices` maps an option's
/// name to the values it accepts, which CLI11 does not know when the program validates them.
std::vector<OptionDoc> describe_options(const CLI::App& app,
                                        const std::vector<std::pair<std::string, std::vector<std::string>>>& choices = {});

}  // namespace clivrt
