#pragma once
// The chat/event log: keeps the last `capacity` lines (sanitized when added), wraps them to the
// pane width and shows the newest rows unless scrolled back with page_up().
#include "clivrt/tui/types.hpp"
#include "styled.hpp"

#include <cstddef>
#include <deque>
#include <string>
#include <vector>

namespace clivrt::tui {

/// `HH:MM sender: text` styled by kind (errors red, warnings yellow, info dim, own messages
/// green). Fields are sanitized here.
StyledLine format_log_line(const LogLine& line);

class LogPane {
 public:
  explicit LogPane(std::size_t capacity = 5000);

  void append(const LogLine& line);
  /// The pane's size; scrolling is measured in rows of this width.
  void resize(int width, int height);
  /// Scroll back/forward by a page (height - 1 rows). Return whether the view moved.
  bool page_up();
  bool page_down();
  bool scrolled_back() const { return offset_ > 0; }

  /// `height` rows of terminal bytes, top to bottom; the newest line at the bottom. When
  /// scrolled back, the last row says how to return (PgDn).
  std::vector<std::string> render() const;

 private:
  std::vector<StyledLine> wrapped(const StyledLine& line) const;
  int total_rows() const;
  int max_offset() const;

  std::size_t capacity_;
  std::deque<StyledLine> lines_;
  int width_ = 0;
  int height_ = 0;
  int offset_ = 0;  // rows scrolled back from the bottom
};

}  // namespace clivrt::tui
