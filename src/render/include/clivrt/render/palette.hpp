#pragma once
// Colour quantisation to what the terminal can show. Near-neutral colours always map to a
// neutral palette entry (the original client's xterm mapping turned greys pink).
#include <cstdint>

#include "clivrt/render/cell.hpp"
#include "clivrt/render/style.hpp"

namespace clivrt::render {

struct Rgb {
  std::uint8_t r = 0;
  std::uint8_t g = 0;
  std::uint8_t b = 0;
  friend constexpr bool operator==(Rgb, Rgb) = default;
};

/// The RGB xterm shows for palette entry `index` (its default 16 colours, the 6x6x6 cube
/// 16–231 and the grey ramp 232–255). Terminals differ for 0–15; this is the reference.
Rgb xterm_rgb(std::uint8_t index);

/// True when a colour has so little chroma that it must be drawn as a grey.
constexpr bool is_near_neutral(Rgb c) {
  const int hi = c.r > c.g ? (c.r > c.b ? c.r : c.b) : (c.g > c.b ? c.g : c.b);
  const int lo = c.r < c.g ? (c.r < c.b ? c.r : c.b) : (c.g < c.b ? c.g : c.b);
  return hi - lo <= 12;
}

/// Nearest xterm-256 entry among 16–255 (the cube and the grey ramp; 0–15 are avoided
/// because terminals redefine them). Near-neutral input only ever gets a grey.
std::uint8_t quantize_256(Rgb c);

/// Nearest of the 16 standard colours; near-neutral input only gets 0, 8, 7 or 15.
std::uint8_t quantize_16(Rgb c);

/// The cell colour for `c` at `depth` (ColorDepth::none gives the terminal default).
Color quantize(Rgb c, ColorDepth depth);

/// Stable quantisation: `previous` (the palette entry this place had in the last frame) while it
/// is still about as close to `source` as `nearest` is, so that noise around the midpoint of two
/// palette entries does not make the cell flicker between them; else `nearest`. A neutral source
/// never keeps a coloured entry, nor the reverse.
Color keep_stable(Rgb source, Color nearest, Color previous);

}  // namespace clivrt::render
