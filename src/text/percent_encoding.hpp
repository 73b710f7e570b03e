#pragma once
// RFC 3986 percent-encoding: every byte but the unreserved characters (A-Z a-z 0-9 - . _ ~)
// becomes %XX. For user names in URL paths and TURN credentials in URIs (which hold ':').
#include <optional>
#include <string>
#include <string_view>

namespace clivrt::text {

std::string percent_encode(std::string_view text);
/// %XX back to bytes (any other byte as is); nullopt for a % not followed by two hex digits.
std::optional<std::string> percent_decode(std::string_view text);

}  // namespace clivrt::text
