#pragma once
// Test helper: the shared libvterm terminal (src/testing) that encoded bytes are fed to, read
// back as our cells.
#include <string_view>

#include "clivrt/render/cell.hpp"
#include "clivrt/render/encoder.hpp"
#include "clivrt/testing/vterm_terminal.hpp"
#include "cursor.hpp"

namespace clivrt::render::testing {

class TestTerminal {
 public:
  TestTerminal(int rows, int cols) : terminal_(rows, cols) {}

  void feed(std::string_view bytes) { terminal_.feed(bytes); }

  /// What the screen shows at (row, col): the right half of a wide glyph reads as
  /// kWideContinuation with the wide glyph's colours, a never-written cell as a blank with
  /// default colours.
  Cell cell(int row, int col) const;

  CursorPos cursor() const;

  /// The `size` cells at `origin`, as visible(): comparable with visible(encoder input).
  CellGrid region(Origin origin, GridSize size) const;

 private:
  clivrt::testing::VtermTerminal terminal_;
};

/// `grid` as a terminal shows it: blanks have no visible foreground, so it is cleared, and a
/// half block is in its ▀ form whichever way round it was drawn.
CellGrid visible(CellGrid grid);

}  // namespace clivrt::render::testing
