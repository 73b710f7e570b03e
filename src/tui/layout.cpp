#include "layout.hpp"

#include <algorithm>

namespace clivrt::tui {

Layout compute_layout(int rows, int cols) {
  Layout l;
  l.rows = std::max(rows, 0);
  l.cols = std::max(cols, 0);
  if (l.rows == 0 || l.cols == 0) return l;
  if (l.rows >= 2) l.status_row = l.rows - 1;
  l.input_row = l.rows >= 2 ? l.rows - 2 : 0;
  const int above = l.input_row;  // rows above the input line
  int video = 0;
  if (above >= 7) {
    video = (above - 1) * 3 / 5;
    l.separator_row = video;
  }
  l.video = {0, 0, l.cols, video};
  const int log_top = video + (l.separator_row >= 0 ? 1 : 0);
  l.log = {log_top, 0, l.cols, above - log_top};
  return l;
}

}  // namespace clivrt::tui
