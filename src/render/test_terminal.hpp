#pragma once
// Test helper: a libvterm terminal that encoded bytes are fed to, read back as our cells.
#include <string_view>

#include "render/cell.hpp"
#include "render/cursor.hpp"
#include "render/encoder.hpp"

struct VTerm;
struct VTermScreen;

namespace clivrt::render::testing {

class TestTerminal {
 public:
  TestTerminal(int rows, int cols);
  ~TestTerminal();
  TestTerminal(const TestTerminal&) = delete;
  TestTerminal& operator=(const TestTerminal&) = delete;

  void feed(std::string_view bytes);

  /// What the screen shows at (row, col): the right half of a wide glyph reads as
  /// kWideContinuation with the wide glyph's colours, a never-written cell as a blank with
  /// default colours.
  Cell cell(int row, int col) const;

  CursorPos cursor() const;

  /// The `size` cells at `origin`, as visible(): comparable with visible(encoder input).
  CellGrid region(Origin origin, GridSize size) const;

 private:
  VTerm* vt_;
  VTermScreen* screen_;
};

/// `grid` as a terminal shows it: blanks have no visible foreground, so it is cleared.
CellGrid visible(CellGrid grid);

}  // namespace clivrt::render::testing

