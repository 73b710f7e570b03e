#pragma once
// Where each pane goes for a terminal size. Bottom up: status bar (last row), input line, then
// the log; the video pane takes about 3/5 of what is left above the log, with a separator row,
// once there are at least 7 rows for both (else everything above the input goes to the log).
namespace clivrt::tui {

struct Rect {
  int row = 0;  // 0-based
  int col = 0;
  int width = 0;
  int height = 0;
  bool operator==(const Rect&) const = default;
};

struct Layout {
  int rows = 0;
  int cols = 0;
  Rect video;
  int separator_row = -1;  // -1: none
  Rect log;
  int input_row = -1;   // -1: none (0 rows)
  int status_row = -1;  // -1: none (fewer than 2 rows)
  bool operator==(const Layout&) const = default;
};

Layout compute_layout(int rows, int cols);

}  // namespace clivrt::tui
