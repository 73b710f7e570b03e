#pragma once
// Styled text as the panes build it: spans of already-sanitized text, each with one SGR style.
// Widths are terminal columns (clivrt::text::display_width), so wide characters and emoji lay out.
#include <string>
#include <string_view>
#include <vector>

namespace clivrt::tui {

namespace sgr {
inline constexpr std::string_view reset = "\x1b[0m";
inline constexpr std::string_view none = "";
inline constexpr std::string_view bold = "\x1b[1m";
inline constexpr std::string_view dim = "\x1b[2m";
inline constexpr std::string_view reverse = "\x1b[7m";
inline constexpr std::string_view red = "\x1b[31m";
inline constexpr std::string_view bold_red = "\x1b[1;31m";
inline constexpr std::string_view green = "\x1b[32m";
inline constexpr std::string_view yellow = "\x1b[33m";
inline constexpr std::string_view cyan = "\x1b[36m";
inline constexpr std::string_view bold_cyan = "\x1b[1;36m";
inline constexpr std::string_view bold_green = "\x1b[1;32m";
}  // namespace sgr

/// A run of text in one style. `text` must already be sanitized (no control characters).
struct Span {
  std::string style;
  std::string text;
};
using StyledLine = std::vector<Span>;

/// Columns the line takes.
int width_of(const StyledLine& line);

/// Terminal bytes for the line: each span's style, its text, then a reset.
std::string to_bytes(const StyledLine& line);

/// The longest prefix of `line` that fits in `columns`.
StyledLine fit(const StyledLine& line, int columns);

/// Cuts `line` into rows of at most `columns`, breaking after the last space of a row when there
/// is one (the space is dropped), else mid-word. Continuation rows start with `indent` blanks
/// (ignored when it leaves fewer than 8 columns). A glyph wider than a whole row is dropped.
std::vector<StyledLine> wrap(const StyledLine& line, int columns, int indent);

}  // namespace clivrt::tui
