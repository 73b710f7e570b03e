#include "clivrt/render/cell.hpp"

#include <algorithm>
#include <ostream>

namespace clivrt::render {

std::optional<Cell> flipped_half_block(const Cell& cell) {
  if (cell.fg.is_default() || cell.bg.is_default()) return std::nullopt;
  if (cell.glyph == kUpperHalf) return Cell{kLowerHalf, cell.bg, cell.fg};
  if (cell.glyph == kLowerHalf) return Cell{kUpperHalf, cell.bg, cell.fg};
  return std::nullopt;
}

Cell canonical_look(const Cell& cell) {
  if (cell.glyph == kLowerHalf) {
    if (const auto upper = flipped_half_block(cell)) return *upper;
  }
  return cell;
}

bool looks_same(const Cell& a, const Cell& b) { return a == b || canonical_look(a) == canonical_look(b); }

void CellGrid::resize(GridSize size) {
  size_ = {std::max(size.cols, 0), std::max(size.rows, 0)};
  cells_.assign(static_cast<std::size_t>(size_.cols) * static_cast<std::size_t>(size_.rows), Cell{});
}

void CellGrid::fill(const Cell& cell) { std::fill(cells_.begin(), cells_.end(), cell); }

namespace {

bool is_wide_start(const Cell* row, int col, int cols) {
  return col + 1 < cols && row[col + 1].glyph == kWideContinuation;
}

void blank(Cell& cell) { cell.glyph = U' '; }

}  // namespace

std::ostream& operator<<(std::ostream& os, Color c) {
  if (c.is_default()) return os << '-';
  if (c.is_indexed()) return os << int{c.index()};
  return os << '#' << int{c.r()} << '.' << int{c.g()} << '.' << int{c.b()};
}

std::ostream& operator<<(std::ostream& os, const Cell& cell) {
  return os << "U+" << std::hex << static_cast<std::uint32_t>(cell.glyph) << std::dec << '/' << cell.fg << '/'
            << cell.bg;
}

std::ostream& operator<<(std::ostream& os, const CellGrid& grid) {
  for (int r = 0; r < grid.rows(); ++r) {
    os << "\n ";
    for (int c = 0; c < grid.cols(); ++c) os << ' ' << grid.at(r, c);
  }
  return os;
}

void blit(CellGrid& dst, const CellGrid& src, int row, int col) {
  const int c_begin = std::max(col, 0);
  const int c_end = std::min(col + src.cols(), dst.cols());
  if (c_begin >= c_end) return;
  for (int r = std::max(row, 0); r < std::min(row + src.rows(), dst.rows()); ++r) {
    Cell* out = dst.row(r);
    const Cell* in = src.row(r - row);
    // Wide glyphs of dst that straddle the blitted area's edges lose a half: blank them.
    if (c_begin > 0 && out[c_begin].glyph == kWideContinuation) blank(out[c_begin - 1]);
    if (c_end < dst.cols() && out[c_end].glyph == kWideContinuation) blank(out[c_end]);
    for (int c = c_begin; c < c_end; ++c) {
      const int sc = c - col;
      out[c] = in[sc];
      const bool orphan = in[sc].glyph == kWideContinuation && c == c_begin;
      const bool cut = c + 1 == c_end && is_wide_start(in, sc, src.cols());
      if (orphan || cut) blank(out[c]);
    }
  }
}

}  // namespace clivrt::render
