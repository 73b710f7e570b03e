#pragma once
// Where a picture goes in a pane: aspect ratio kept, letterboxed (never cropped), centred.
#include "clivrt/render/cell.hpp"
#include "clivrt/render/style.hpp"

namespace clivrt::render {

/// Terminal cells are taken as twice as tall as wide.
inline constexpr int kCellAspect = 2;

struct PictureArea {
  int col = 0;       ///< first column used, relative to the pane
  int row = 0;       ///< first row used
  int cols = 0;      ///< columns used
  int rows = 0;      ///< rows used
  int sub_rows = 0;  ///< picture rows sampled: 2 per cell for half-block (the last may be
                     ///< unused when odd), else 1 per cell
  friend constexpr bool operator==(const PictureArea&, const PictureArea&) = default;
};

/// The part of a `pane`-sized grid that a `width` x `height` picture fills in `style`.
/// Empty (all zero) when the pane or the picture is empty.
PictureArea picture_area(int width, int height, GridSize pane, Style style);

/// The smallest grid that shows a `width` x `height` picture at most `max` in size with no
/// letterbox (e.g. to size a picture-in-picture self view).
GridSize fitted_grid(int width, int height, GridSize max, Style style);

}  // namespace clivrt::render
