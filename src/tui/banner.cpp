#include "banner.hpp"

#include "clivrt/text/sanitize.hpp"
#include "clivrt/text/utf8.hpp"

#include <algorithm>

namespace clivrt::tui {

std::vector<std::string> render_banner(const std::vector<std::string>& lines, int width, int height) {
  std::vector<std::string> rows(static_cast<std::size_t>(std::max(height, 0)));
  if (width <= 0 || height <= 0) return rows;
  std::vector<std::string> clean;
  int block = 0;  // the widest line: the block is centred as a whole so art stays aligned
  for (const std::string& line : lines) {
    clean.push_back(text::sanitize_for_terminal(line));
    block = std::max(block, text::display_width(clean.back()));
  }
  const int shown = std::min<int>(static_cast<int>(clean.size()), height);
  const int top = (height - shown) / 2;
  const int left = std::max((width - block) / 2, 0);
  for (int i = 0; i < shown; ++i) {
    std::string row(static_cast<std::size_t>(left), ' ');
    row += text::fit_width(clean[static_cast<std::size_t>(i)], width - left);
    rows[static_cast<std::size_t>(top + i)] = std::move(row);
  }
  return rows;
}

}  // namespace clivrt::tui
