#include "render/test_terminal.hpp"

#include <vterm.h>

#include <stdexcept>
#include <utility>

namespace clivrt::render::testing {
namespace {

Color to_color(const VTermColor& c, bool foreground) {
  if (foreground ? VTERM_COLOR_IS_DEFAULT_FG(&c) : VTERM_COLOR_IS_DEFAULT_BG(&c)) return {};
  if (VTERM_COLOR_IS_INDEXED(&c)) return Color::indexed(c.indexed.idx);
  return Color::rgb(c.rgb.red, c.rgb.green, c.rgb.blue);
}

}  // namespace

TestTerminal::TestTerminal(int rows, int cols) : vt_(vterm_new(rows, cols)) {
  if (vt_ == nullptr) throw std::runtime_error("vterm_new failed");
  vterm_set_utf8(vt_, 1);
  screen_ = vterm_obtain_screen(vt_);
  vterm_screen_reset(screen_, 1);
}

TestTerminal::~TestTerminal() { vterm_free(vt_); }

void TestTerminal::feed(std::string_view bytes) {
  vterm_input_write(vt_, bytes.data(), bytes.size());
}

Cell TestTerminal::cell(int row, int col) const {
  VTermScreenCell vc{};
  vterm_screen_get_cell(screen_, VTermPos{row, col}, &vc);
  Cell out;
  out.fg = to_color(vc.fg, true);
  out.bg = to_color(vc.bg, false);
  if (col > 0) {
    VTermScreenCell left{};
    vterm_screen_get_cell(screen_, VTermPos{row, col - 1}, &left);
    if (left.width == 2) {  // the wide glyph's colours cover both halves
      return {kWideContinuation, to_color(left.fg, true), to_color(left.bg, false)};
    }
  }
  out.glyph = vc.chars[0] == 0 ? U' ' : static_cast<char32_t>(vc.chars[0]);
  return out;
}

CursorPos TestTerminal::cursor() const {
  VTermPos pos{};
  vterm_state_get_cursorpos(vterm_obtain_state(vt_), &pos);
  return {pos.row, pos.col};
}

CellGrid TestTerminal::region(Origin origin, GridSize size) const {
  CellGrid grid(size);
  for (int r = 0; r < size.rows; ++r)
    for (int c = 0; c < size.cols; ++c) grid.at(r, c) = cell(origin.row + r, origin.col + c);
  return visible(std::move(grid));
}

CellGrid visible(CellGrid grid) {
  for (int r = 0; r < grid.rows(); ++r)
    for (int c = 0; c < grid.cols(); ++c)
      if (grid.at(r, c).glyph == U' ') grid.at(r, c).fg = Color{};
  return grid;
}

}  // namespace clivrt::render::testing
