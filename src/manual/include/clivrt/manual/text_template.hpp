#pragma once
// Templates with @NAME@ placeholders (the man pages' sources in docs/man/*.in).
#include <map>
#include <string>
#include <string_view>

namespace clivrt::manual {

/// `text` with every @NAME@ replaced by values[NAME]. A placeholder without a value throws
/// std::invalid_argument: a typo must not ship a page with a hole in it. "@@" is a literal '@'.
std::string fill_template(std::string_view text, const std::map<std::string, std::string>& values);

}  // namespace clivrt::manual
