#include "screen.hpp"

namespace clivrt::tui {

std::string cursor_to(int row, int col) {
  return "\x1b[" + std::to_string(row + 1) + ";" + std::to_string(col + 1) + "H";
}

void Screen::reset(int rows) { rows_.assign(static_cast<std::size_t>(rows < 0 ? 0 : rows), Row{}); }

void Screen::invalidate_all() {
  for (Row& row : rows_) row.shown.reset();
}

void Screen::set_row(int r, std::string bytes) {
  if (r < 0 || r >= rows()) return;
  Row& row = rows_[static_cast<std::size_t>(r)];
  if (row.external) {
    row.external = false;
    row.shown.reset();
  }
  row.wanted = std::move(bytes);
}

void Screen::release_row(int r) {
  if (r < 0 || r >= rows()) return;
  Row& row = rows_[static_cast<std::size_t>(r)];
  row.external = true;
  row.shown.reset();
}

int Screen::flush(std::string& out) {
  int drawn = 0;
  for (std::size_t r = 0; r < rows_.size(); ++r) {
    Row& row = rows_[r];
    if (row.external || row.shown == row.wanted) continue;
    out += cursor_to(static_cast<int>(r), 0);
    out += "\x1b[0m\x1b[2K";
    out += row.wanted;
    row.shown = row.wanted;
    ++drawn;
  }
  return drawn;
}

}  // namespace clivrt::tui
