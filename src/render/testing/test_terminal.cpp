#include "testing/test_terminal.hpp"

#include <utility>

namespace clivrt::render::testing {
namespace {

using clivrt::testing::TermColor;

Color to_color(const TermColor& c) {
  switch (c.kind) {
    case TermColor::Kind::default_color: return {};
    case TermColor::Kind::indexed: return Color::indexed(c.index);
    case TermColor::Kind::rgb: return Color::rgb(c.red, c.green, c.blue);
  }
  return {};
}

}  // namespace

Cell TestTerminal::cell(int row, int col) const {
  if (col > 0) {
    const auto left = terminal_.cell(row, col - 1);
    if (left.width == 2) return {kWideContinuation, to_color(left.fg), to_color(left.bg)};  // colours cover both halves
  }
  const auto shown = terminal_.cell(row, col);
  return {shown.glyph == 0 ? U' ' : shown.glyph, to_color(shown.fg), to_color(shown.bg)};
}

CursorPos TestTerminal::cursor() const {
  const auto pos = terminal_.cursor();
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
      if (grid.at(r, c).glyph == U' ') {
        grid.at(r, c).fg = Color{};
      } else {
        grid.at(r, c) = canonical_look(grid.at(r, c));  // ▄ B on A is the ▀ A on B it draws
      }
  return grid;
}

}  // namespace clivrt::render::testing
