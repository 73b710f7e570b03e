#include "clivrt/render/stabilize.hpp"

#include <cstdlib>

#include "clivrt/render/palette.hpp"
#include "ramps.hpp"

namespace clivrt::render {
namespace {

struct Halves {
  char32_t shape;  // ▀ for blanks too: a blank is a half block with equal halves
  Color upper, lower;
};

Halves halves(const Cell& c) {
  if (c.glyph == U' ') return {kUpperHalf, c.bg, c.bg};
  return {c.glyph, c.fg, c.bg};
}

bool close(Color a, Color b, int tolerance) {
  if (a == b) return true;
  if (a.is_default() || b.is_default()) return false;
  const Rgb x = a.is_rgb() ? Rgb{a.r(), a.g(), a.b()} : xterm_rgb(a.index());
  const Rgb y = b.is_rgb() ? Rgb{b.r(), b.g(), b.b()} : xterm_rgb(b.index());
  return std::abs(x.r - y.r) <= tolerance && std::abs(x.g - y.g) <= tolerance && std::abs(x.b - y.b) <= tolerance;
}

}  // namespace

void stabilize(CellGrid& next, const CellGrid& shown, int tolerance, int exact_first, int exact_end) {
  if (tolerance <= 0 || next.size() != shown.size()) return;
  for (int r = 0; r < next.rows(); ++r) {
    if (r >= exact_first && r < exact_end) continue;
    Cell* out = next.row(r);
    const Cell* old = shown.row(r);
    for (int c = 0; c < next.cols(); ++c) {
      if (out[c] == old[c]) continue;
      const Halves a = halves(out[c]), b = halves(old[c]);
      const bool wide =
          out[c].glyph == kWideContinuation || old[c].glyph == kWideContinuation ||
          (c + 1 < next.cols() && (out[c + 1].glyph == kWideContinuation || old[c + 1].glyph == kWideContinuation));
      if (!wide && a.shape == b.shape && close(a.upper, b.upper, tolerance) && close(a.lower, b.lower, tolerance))
        out[c] = old[c];
    }
  }
}

}  // namespace clivrt::render
