#pragma once
// What each terminal row shows, so that an update sends only the rows that changed. Rows are
// terminal bytes at most `cols` wide that start from the default style (the panes build them).
// Rows can be handed over to someone else (the video pane): they are then never drawn here.
#include <optional>
#include <string>
#include <vector>

namespace clivrt::tui {

class Screen {
 public:
  /// Forgets what the terminal shows: the next flush draws every row.
  void reset(int rows);
  void invalidate_all();
  int rows() const { return static_cast<int>(rows_.size()); }

  /// What row `r` should show (ignored for rows out of range).
  void set_row(int r, std::string bytes);
  /// Row `r` is drawn by someone else until set_row() takes it back.
  void release_row(int r);

  /// Appends to `out` the bytes that bring changed rows up to date (cursor addressing, erase
  /// line, content) and records them as shown. Returns the number of rows drawn.
  int flush(std::string& out);

 private:
  struct Row {
    std::string wanted;
    std::optional<std::string> shown;  // nullopt: unknown
    bool external = false;
  };
  std::vector<Row> rows_;
};

/// CSI row;col H for a 0-based cell.
std::string cursor_to(int row, int col);

}  // namespace clivrt::tui
