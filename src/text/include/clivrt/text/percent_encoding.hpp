#pragma once
// RFC 3986 percent-encoding: every byte but the unreserved characters (A-Z a-z 0-9 - . _ ~)
// becomes %XX. For user names in URL paths and TURN credentials in URIs (which hold ':').
#include <string>
#include <string_view>

namespace clivrt::text {

std::string percent_encode(std::string_view text);

}  // namespace clivrt::text
