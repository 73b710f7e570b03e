#include "testing/picture_quality.hpp"

#include <cmath>

#include "clivrt/render/renderer.hpp"

namespace clivrt::render::testing {
namespace {

Rgb to_rgb(Color c) {
  if (c.is_rgb()) return {c.r(), c.g(), c.b()};
  if (c.is_indexed()) return xterm_rgb(c.index());
  return {0, 0, 0};
}

}  // namespace

std::vector<Rgb> half_block_picture(const CellGrid& grid) {
  std::vector<Rgb> out(static_cast<std::size_t>(grid.cols() * grid.rows() * 2));
  for (int r = 0; r < grid.rows(); ++r)
    for (int c = 0; c < grid.cols(); ++c) {
      const Cell cell = canonical_look(grid.at(r, c));
      const bool blank = cell.glyph == U' ';
      const Rgb upper = to_rgb(blank ? cell.bg : cell.fg), lower = to_rgb(cell.bg);
      out[static_cast<std::size_t>((2 * r) * grid.cols() + c)] = upper;
      out[static_cast<std::size_t>((2 * r + 1) * grid.cols() + c)] = lower;
    }
  return out;
}

std::vector<Rgb> reference_picture(const FrameView& frame, GridSize pane) {
  return half_block_picture(render_frame(frame, pane, {Style::half_block, ColorDepth::truecolor}));
}

double psnr(const std::vector<Rgb>& a, const std::vector<Rgb>& b) {
  if (a.size() != b.size() || a.empty()) return 0;
  double sum = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const double dr = a[i].r - b[i].r, dg = a[i].g - b[i].g, db = a[i].b - b[i].b;
    sum += dr * dr + dg * dg + db * db;
  }
  const double mse = sum / (3.0 * static_cast<double>(a.size()));
  return mse == 0 ? 99.0 : 10.0 * std::log10(255.0 * 255.0 / mse);
}

}  // namespace clivrt::render::testing
