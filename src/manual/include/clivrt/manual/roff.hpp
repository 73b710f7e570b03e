#pragma once
// Text into man(7) roff: the few escapes that keep a summary from turning into requests,
// hyphens that break or fonts that leak.
#include <string>
#include <string_view>
#include <vector>

#include "clivrt/common/option_doc.hpp"

namespace clivrt::manual {

/// `text` as roff body text: backslashes and hyphens escaped, a leading '.' or '\'' made literal.
std::string roff_escape(std::string_view text);

/// One .TP entry per option: "-h, --help" in bold, its value in italics, then the summary,
/// the accepted values, the default and whether it may be repeated.
std::string roff_option_list(const std::vector<OptionDoc>& options);

/// One .TP entry per command: the usage in bold, the summary below it.
std::string roff_command_list(const std::vector<CommandDoc>& commands);

}  // namespace clivrt::manual
