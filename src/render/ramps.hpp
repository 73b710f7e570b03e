#pragma once
// Glyph ramps: luminance (0–255) → glyph, precomputed so the hot loop is one table load.
#include <array>
#include <cstdint>
#include <string_view>

#include "clivrt/render/palette.hpp"

namespace clivrt::render {

inline constexpr std::u32string_view kJustAsciiRamp = U" .:!+*e$@8";
inline constexpr std::u32string_view kAsciiColorRamp = U".*es@";
inline constexpr std::u32string_view kFilledRamp = U"░▒▓█";

/// Rec. 709 luma 0.2126 R + 0.7152 G + 0.0722 B in 8-bit fixed point (weights sum to 256).
constexpr std::uint8_t luma(Rgb c) { return static_cast<std::uint8_t>((54 * c.r + 183 * c.g + 19 * c.b + 128) >> 8); }

using GlyphTable = std::array<char32_t, 256>;

/// Splits 0–255 into equal bands, one per ramp glyph, darkest first.
constexpr GlyphTable make_glyph_table(std::u32string_view ramp) {
  GlyphTable t{};
  for (std::size_t v = 0; v < t.size(); ++v) t[v] = ramp[v * ramp.size() / t.size()];
  return t;
}

inline constexpr GlyphTable kJustAsciiGlyphs = make_glyph_table(kJustAsciiRamp);
inline constexpr GlyphTable kAsciiColorGlyphs = make_glyph_table(kAsciiColorRamp);
inline constexpr GlyphTable kFilledGlyphs = make_glyph_table(kFilledRamp);

}  // namespace clivrt::render
