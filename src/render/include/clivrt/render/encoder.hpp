#pragma once
// Step 2 of 2: cells become terminal bytes, writing only what changed since the last frame.
#include <cstddef>
#include <string>

#include "clivrt/render/cell.hpp"

namespace clivrt::render {

/// Screen position of a pane's top-left cell, 0-based.
struct Origin {
  int row = 0;
  int col = 0;
};

struct EncodeOptions {
  /// Unchanged cells between two changed ones are rewritten instead of skipped when they
  /// share the current colours and that is no longer than a cursor move (at most this many).
  int max_rewrite_gap = 4;
  /// At most this many bytes are appended: the update stops before the first row that would
  /// go over (the rows above it are complete, the pen reset). 0 = no limit.
  std::size_t max_bytes = 0;
  /// Runs of one glyph in one colour are written as the glyph and REP (ECMA-48 CSI n b), which
  /// repeats it. Only for a terminal known to have REP (tui::TerminalFeatures).
  bool repeat = false;
};

/// Appends to `out` the bytes that turn a terminal showing `previous` at `origin` into one
/// showing `next`. `previous` == nullptr or of another size means a full redraw. The pen is
/// assumed reset on entry (SGR 0) and is reset again at the end when it was changed; the
/// cursor position is not assumed. Nothing is written when the grids are equal.
/// The caller brackets a whole screen update in synchronized output (ESC[?2026h/l) and
/// writes it at once; this function does no I/O.
/// Returns how many rows, from the top, were brought up to date (all of them without a limit).
int encode_into(std::string& out, const CellGrid* previous, const CellGrid& next, Origin origin,
                 const EncodeOptions& options = {});

/// Same, returning a new string.
std::string encode(const CellGrid* previous, const CellGrid& next, Origin origin, const EncodeOptions& options = {});

}  // namespace clivrt::render
