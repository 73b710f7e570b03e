#pragma once
// Rendering styles and terminal colour depths, with the names used in config and commands.
#include <optional>
#include <string_view>

namespace clivrt::render {

enum class Style {
  just_ascii,    ///< luminance ramp " .:!+*e$@8", no colour
  ascii_color,   ///< ramp ".*es@" with the picture's colour as foreground
  filled_ascii,  ///< shade ramp "░▒▓█" with colour
  half_block,    ///< "▀": foreground = upper pixel, background = lower pixel (2x vertical detail)
};

/// How many colours the terminal shows. `none` means no SGR colour at all (NO_COLOR, dumb).
enum class ColorDepth { none, ansi16, ansi256, truecolor };

/// "just-ascii", "ascii-color", "filled-ascii", "half-block".
std::string_view to_string(Style style);
std::optional<Style> parse_style(std::string_view name);

/// "none", "16", "256", "truecolor".
std::string_view to_string(ColorDepth depth);
std::optional<ColorDepth> parse_color_depth(std::string_view name);

/// Colour depth from the environment (pass getenv results; nullptr = unset).
/// NO_COLOR set and non-empty (https://no-color.org) → none; COLORTERM truecolor/24bit →
/// truecolor; TERM containing "256color" → 256; TERM set and not "dumb" → 16; else none.
ColorDepth detect_color_depth(const char* colorterm, const char* term, const char* no_color);

/// The style to use when the user chose none: half-block where colour is available.
Style default_style(ColorDepth depth);

}  // namespace clivrt::render
