#pragma once
// The input line `> text` with horizontal scrolling: the view follows the cursor, and the prompt
// turns into `<` while text is hidden on the left. The text is the user's own but may hold
// pasted or quoted control characters, so it is sanitized for display like everything else.
#include <cstddef>
#include <string>

namespace clivrt::tui {

class InputLine {
 public:
  /// `point` is the cursor as a byte offset into `buffer` (readline's rl_point).
  void set(std::string buffer, std::size_t point);
  const std::string& buffer() const { return buffer_; }

  struct View {
    std::string bytes;  // at most `width` columns
    int cursor_col = 0;
  };
  /// Lays the line out in `width` columns, scrolling just enough to keep the cursor visible.
  View render(int width);

 private:
  std::string buffer_;
  std::size_t point_ = 0;
  int scroll_ = 0;  // columns hidden on the left
};

}  // namespace clivrt::tui
