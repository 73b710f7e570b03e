#include "clivrt/render/layout.hpp"

#include <algorithm>
#include <cmath>

namespace clivrt::render {

PictureArea picture_area(int width, int height, GridSize pane, Style style) {
  if (width <= 0 || height <= 0 || pane.cols <= 0 || pane.rows <= 0) return {};
  // Work in half-cell units, where a picture pixel is square: a cell is 1 wide, 2 tall.
  const double scale =
      std::min(static_cast<double>(pane.cols) / width, static_cast<double>(kCellAspect * pane.rows) / height);
  PictureArea a;
  a.cols = std::clamp(static_cast<int>(std::lround(width * scale)), 1, pane.cols);
  if (style == Style::half_block) {
    a.sub_rows = std::clamp(static_cast<int>(std::lround(height * scale)), 1, 2 * pane.rows);
    a.rows = (a.sub_rows + 1) / 2;
  } else {
    a.rows = std::clamp(static_cast<int>(std::lround(height * scale / kCellAspect)), 1, pane.rows);
    a.sub_rows = a.rows;
  }
  a.col = (pane.cols - a.cols) / 2;
  a.row = (pane.rows - a.rows) / 2;
  return a;
}

GridSize fitted_grid(int width, int height, GridSize max, Style style) {
  const PictureArea a = picture_area(width, height, max, style);
  return {a.cols, a.rows};
}

}  // namespace clivrt::render
