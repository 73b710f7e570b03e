#include "input_line.hpp"

#include "clivrt/text/sanitize.hpp"
#include "clivrt/text/utf8.hpp"
#include "styled.hpp"

#include <algorithm>

namespace clivrt::tui {

void InputLine::set(std::string buffer, std::size_t point) {
  buffer_ = std::move(buffer);
  point_ = std::min(point, buffer_.size());
}

InputLine::View InputLine::render(int width) {
  View view;
  if (width <= 0) return view;
  const std::string before = text::sanitize_for_terminal(std::string_view(buffer_).substr(0, point_));
  const std::string after = text::sanitize_for_terminal(std::string_view(buffer_).substr(point_));
  const std::string shown = before + after;
  const int cursor = text::display_width(before);
  const int room = std::max(width - 2, 1);  // columns for text after the prompt
  const int total = text::display_width(shown);
  // The cursor may sit one past the last character, so it needs a column of its own.
  if (total < room) {
    scroll_ = 0;
  } else if (cursor < scroll_) {
    scroll_ = cursor;
  } else if (cursor > scroll_ + room - 1) {
    scroll_ = cursor - (room - 1);
  }
  scroll_ = std::clamp(scroll_, 0, std::max(total - room + 1, 0));

  std::string visible;
  int col = 0;
  int used = 0;
  for (std::size_t pos = 0; pos < shown.size();) {
    const std::size_t start = pos;
    const int w = text::codepoint_width(text::decode_utf8(shown, pos));
    if (col < scroll_) {
      col += w;
      // A wide character cut by the left edge leaves a blank.
      if (col > scroll_) {
        visible.append(static_cast<std::size_t>(col - scroll_), ' ');
        used += col - scroll_;
      }
      continue;
    }
    if (used + w > room) break;
    visible.append(shown, start, pos - start);
    used += w;
    col += w;
  }
  const std::string prompt = scroll_ > 0 ? "< " : "> ";
  view.bytes = to_bytes(fit(StyledLine{{std::string(sgr::bold), prompt}, {"", visible}}, width));
  view.cursor_col = std::min(2 + cursor - scroll_, width - 1);
  return view;
}

}  // namespace clivrt::tui
