#pragma once
// Minimal UTF-8 decoding and terminal display width, shared by the sanitizer and the TUI.
#include <cstddef>
#include <string>
#include <string_view>

namespace clivrt::text {

inline constexpr char32_t kReplacementChar = 0xFFFD;

/// Decodes one code point at `pos`, advancing it. Malformed, overlong or surrogate
/// sequences decode to U+FFFD and consume exactly one byte, so decoding always progresses.
char32_t decode_utf8(std::string_view s, std::size_t& pos);

/// Appends the UTF-8 encoding of `cp` to `out`.
void append_utf8(std::string& out, char32_t cp);

/// Columns a code point takes in a terminal (0, 1 or 2); control characters count 0.
int codepoint_width(char32_t cp);

/// Columns a (sanitized) UTF-8 string takes in a terminal.
int display_width(std::string_view s);

/// The longest prefix of `s` that fits in `columns`, cut on a code point boundary.
std::string_view fit_width(std::string_view s, int columns);

}  // namespace clivrt::text
