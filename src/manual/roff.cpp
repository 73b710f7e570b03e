#include "clivrt/manual/roff.hpp"

namespace clivrt::manual {

namespace {

std::string bold(std::string_view text) { return "\\fB" + roff_escape(text) + "\\fR"; }
std::string italic(std::string_view text) { return "\\fI" + roff_escape(text) + "\\fR"; }

/// A summary as a sentence: it ends with a full stop. Its first word stays as written, since it
/// is often a value ("auto, test, none…") whose case matters.
std::string sentence(std::string_view summary) {
  std::string text(summary);
  if (!text.empty() && text.back() != '.') text += '.';
  return roff_escape(text);
}

}  // namespace

std::string roff_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 8);
  bool line_start = true;
  for (const char c : text) {
    if (line_start && (c == '.' || c == '\'')) out += "\\&";
    line_start = c == '\n';
    if (c == '\\') {
      out += "\\e";
    } else if (c == '-') {
      out += "\\-";  // a minus sign, as a flag needs when copied from the page; '-' is a hyphen
    } else {
      out += c;
    }
  }
  return out;
}

std::string roff_option_list(const std::vector<OptionDoc>& options) {
  std::string out;
  for (const OptionDoc& option : options) {
    out += ".TP\n";
    if (!option.short_name.empty()) out += bold(option.short_name) + ", ";
    out += bold(option.name);
    if (!option.value.empty()) out += " " + italic(option.value);
    out += "\n" + sentence(option.summary);
    const bool names_default = option.summary.find("default") != std::string::npos;
    if (!option.default_value.empty() && !names_default) out += " Default: " + bold(option.default_value) + ".";
    const bool names_repetition = option.summary.find("repeatable") != std::string::npos;
    if (option.repeatable && !names_repetition) out += " May be given more than once.";
    out += "\n";
  }
  return out;
}

std::string roff_command_list(const std::vector<CommandDoc>& commands) {
  std::string out;
  for (const CommandDoc& command : commands) out += ".TP\n" + bold(command.usage) + "\n" + sentence(command.summary) + "\n";
  return out;
}

}  // namespace clivrt::manual
