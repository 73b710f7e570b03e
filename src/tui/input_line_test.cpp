#include "input_line.hpp"

#include "clivrt/text/utf8.hpp"

#include <gtest/gtest.h>

#include <clocale>

#include <regex>

namespace clivrt::tui {
namespace {

// Display widths of non-ASCII text follow LC_CTYPE (wcwidth); the UI runs in a UTF-8 locale.
const bool kUtf8 = std::setlocale(LC_CTYPE, "C.UTF-8") != nullptr;

std::string visible(const std::string& bytes) { return std::regex_replace(bytes, std::regex("\x1b\\[[0-9;]*m"), ""); }

TEST(InputLine, ShortLineWithCursor) {
  InputLine line;
  line.set("hello", 2);
  const auto v = line.render(40);
  EXPECT_EQ(visible(v.bytes), "> hello");
  EXPECT_EQ(v.cursor_col, 4);
}

TEST(InputLine, ScrollsHorizontallyToFollowTheCursor) {
  InputLine line;
  std::string text;
  for (int i = 0; i < 50; ++i) text += static_cast<char>('a' + i % 26);
  line.set(text, text.size());
  auto v = line.render(20);
  EXPECT_EQ(visible(v.bytes), "< " + text.substr(50 - 17));
  EXPECT_EQ(v.cursor_col, 19);
  line.set(text, 0);  // Home: back to the start
  v = line.render(20);
  EXPECT_EQ(visible(v.bytes), "> " + text.substr(0, 18));
  EXPECT_EQ(v.cursor_col, 2);
}

TEST(InputLine, ControlCharactersShowInert) {
  InputLine line;
  line.set("a\x1b[2Jb", 6);
  const auto v = line.render(40);
  EXPECT_EQ(visible(v.bytes), "> a^[[2Jb");
  EXPECT_EQ(v.cursor_col, 2 + 7);
}

TEST(InputLine, WideCharactersNeverOverflow) {
  InputLine line;
  const std::string text = "日本語日本語日本語日本語日本語";
  for (std::size_t point = 0; point <= text.size(); point += 3) {
    line.set(text, point);
    const auto v = line.render(11);
    EXPECT_LE(text::display_width(visible(v.bytes)), 11);
    EXPECT_LT(v.cursor_col, 11);
  }
}

}  // namespace
}  // namespace clivrt::tui
