#include "log_pane.hpp"

#include "clivrt/text/sanitize.hpp"
#include "clivrt/text/utf8.hpp"

#include <algorithm>

namespace clivrt::tui {
namespace {

// Continuation rows line up under the text, after "HH:MM ".
int indent_of(const StyledLine& line) { return line.empty() ? 0 : text::display_width(line.front().text); }

}  // namespace

StyledLine format_log_line(const LogLine& line) {
  std::string_view text_style = sgr::none;
  std::string_view sender_style = sgr::bold;
  switch (line.kind) {
    case LogKind::chat: break;
    case LogKind::self: sender_style = sgr::bold_green; break;
    case LogKind::info: text_style = sender_style = sgr::dim; break;
    case LogKind::warning: text_style = sender_style = sgr::yellow; break;
    case LogKind::error: text_style = sender_style = sgr::bold_red; break;
  }
  StyledLine out;
  const std::string time = text::sanitize_for_terminal(line.time);
  if (!time.empty()) out.push_back({std::string(sgr::dim), time + " "});
  const std::string sender = text::sanitize_for_terminal(line.sender);
  if (!sender.empty()) out.push_back({std::string(sender_style), sender + ": "});
  out.push_back({std::string(text_style), text::sanitize_for_terminal(line.text)});
  return out;
}

LogPane::LogPane(std::size_t capacity) : capacity_(std::max<std::size_t>(capacity, 1)) {}

void LogPane::append(const LogLine& line) {
  lines_.push_back(format_log_line(line));
  // Keep the view still while the reader is scrolled back.
  if (offset_ > 0) offset_ += static_cast<int>(wrapped(lines_.back()).size());
  if (lines_.size() > capacity_) lines_.pop_front();
  if (offset_ > 0) offset_ = std::min(offset_, max_offset());
}

void LogPane::resize(int width, int height) {
  width_ = std::max(width, 0);
  height_ = std::max(height, 0);
  if (offset_ > 0) offset_ = std::min(offset_, max_offset());
}

bool LogPane::page_up() {
  const int before = offset_;
  offset_ = std::min(offset_ + std::max(height_ - 1, 1), max_offset());
  return offset_ != before;
}

bool LogPane::page_down() {
  const int before = offset_;
  offset_ = std::max(offset_ - std::max(height_ - 1, 1), 0);
  return offset_ != before;
}

std::vector<StyledLine> LogPane::wrapped(const StyledLine& line) const { return wrap(line, width_, indent_of(line)); }

int LogPane::max_offset() const {
  // Scrolled back, one row is the marker: height_ - 1 rows of lines remain.
  const int total = total_rows();
  return total > height_ ? total - std::max(height_ - 1, 1) : 0;
}

int LogPane::total_rows() const {
  if (width_ == 0) return 0;
  int n = 0;
  for (const StyledLine& line : lines_) n += static_cast<int>(wrapped(line).size());
  return n;
}

std::vector<std::string> LogPane::render() const {
  std::vector<std::string> rows(static_cast<std::size_t>(height_));
  if (height_ == 0 || width_ == 0) return rows;
  // Walk back from the newest line, skipping `offset_` rows, filling the pane bottom-up.
  // When scrolled back, the bottom row tells how to return.
  const bool marker = offset_ > 0 && height_ >= 2;
  int skip = offset_;
  int slot = height_ - 1 - (marker ? 1 : 0);
  for (auto it = lines_.rbegin(); it != lines_.rend() && slot >= 0; ++it) {
    const std::vector<StyledLine> parts = wrapped(*it);
    for (auto part = parts.rbegin(); part != parts.rend() && slot >= 0; ++part) {
      if (skip > 0) {
        --skip;
        continue;
      }
      rows[static_cast<std::size_t>(slot--)] = to_bytes(*part);
    }
  }
  // Unused rows at the top stay empty: the log grows upwards from the input line.
  if (marker) {
    const StyledLine line{{std::string(sgr::reverse), " ↓ " + std::to_string(offset_) + " more (PgDn) "}};
    rows.back() = to_bytes(fit(line, width_));
  }
  return rows;
}

}  // namespace clivrt::tui
