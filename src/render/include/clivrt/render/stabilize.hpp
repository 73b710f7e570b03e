#pragma once
// Optional, lossy: keep what the screen already shows where the new frame differs only by
// video noise, so the diff encoder has less to write.
#include "clivrt/render/cell.hpp"

namespace clivrt::render {

/// Replaces each cell of `next` by the cell of `shown` at the same place when both show the
/// same glyph shape and every visible colour differs by at most `tolerance` per channel
/// (palette entries compared through their xterm RGB). Comparing with what is on screen,
/// not with the previous frame, bounds the error by `tolerance` (slow drifts still update).
/// tolerance <= 0 or grids of different sizes: no change.
/// Rows [exact_first, exact_end) are left as they are: a rolling band of them refreshes the
/// screen exactly, so no cell keeps its small error for long.
void stabilize(CellGrid& next, const CellGrid& shown, int tolerance, int exact_first = 0, int exact_end = 0);

}  // namespace clivrt::render
