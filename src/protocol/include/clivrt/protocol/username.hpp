#pragma once
// Usernames as the server accepts them: 1–32 characters from [A-Za-z0-9_.-], after URL-decoding
// the path segment of /chat/{username}.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace clivrt::protocol {

inline constexpr std::size_t kMaxUsernameLength = 32;
inline constexpr std::string_view kUsernameRules = "1-32 characters: letters, digits, '_', '-' or '.'";
/// The name the server stamps on messages it originates; no user may take it.
inline constexpr std::string_view kServerName = "SERVER";

bool is_valid_username(std::string_view name);

/// Percent-decodes a URL path segment; nullopt on a malformed escape or a decoded NUL.
std::optional<std::string> url_decode(std::string_view encoded);

}  // namespace clivrt::protocol
