#include "log_pane.hpp"

#include <gtest/gtest.h>

#include <clocale>

#include <regex>

namespace clivrt::tui {
namespace {

// Display widths of non-ASCII text follow LC_CTYPE (wcwidth); the UI runs in a UTF-8 locale.
const bool kUtf8 = std::setlocale(LC_CTYPE, "C.UTF-8") != nullptr;

std::string visible(const std::string& bytes) { return std::regex_replace(bytes, std::regex("\x1b\\[[0-9;]*m"), ""); }

std::vector<std::string> visible_rows(const LogPane& pane) {
  std::vector<std::string> out;
  for (const auto& r : pane.render()) out.push_back(visible(r));
  return out;
}

TEST(LogPane, FormatsAndColoursByKind) {
  EXPECT_EQ(to_bytes(format_log_line({"12:01", "bob", "hi", LogKind::chat})),
            "\x1b[2m12:01 \x1b[0m\x1b[1mbob: \x1b[0mhi");
  EXPECT_EQ(to_bytes(format_log_line({"12:01", "", "failed", LogKind::error})),
            "\x1b[2m12:01 \x1b[0m\x1b[1;31mfailed\x1b[0m");
  EXPECT_EQ(visible(to_bytes(format_log_line({"", "me", "x", LogKind::self}))), "me: x");
}

TEST(LogPane, SanitizesEveryField) {
  const std::string bytes = to_bytes(format_log_line({"\x1b[H", "\x07", "\x1b[2J\x1b]0;x\x07", LogKind::chat}));
  EXPECT_EQ(visible(bytes), "^[[H ^G: ^[[2J^[]0;x^G");
}

TEST(LogPane, NewestAtTheBottomAndWrapped) {
  LogPane pane;
  pane.resize(20, 4);
  pane.append({"10:00", "a", "one", LogKind::chat});
  pane.append({"10:01", "b", "a line long enough to wrap", LogKind::chat});
  EXPECT_EQ(visible_rows(pane),
            (std::vector<std::string>{"", "10:00 a: one", "10:01 b: a line long", "      enough to wrap"}));
}

TEST(LogPane, PagesThroughHistoryAndStaysPutWhileScrolledBack) {
  LogPane pane;
  pane.resize(20, 5);
  for (int i = 0; i < 30; ++i) pane.append({"", "", "line " + std::to_string(i), LogKind::info});
  EXPECT_EQ(visible_rows(pane).back(), "line 29");
  EXPECT_TRUE(pane.page_up());
  auto rows = visible_rows(pane);
  EXPECT_EQ(rows[3], "line 25");
  EXPECT_NE(rows[4].find("PgDn"), std::string::npos);
  pane.append({"", "", "line 30", LogKind::info});
  EXPECT_EQ(visible_rows(pane)[3], "line 25");
  for (int i = 0; i < 20; ++i) pane.page_up();
  EXPECT_EQ(visible_rows(pane)[0], "line 0");
  EXPECT_EQ(visible_rows(pane)[3], "line 3");
  EXPECT_FALSE(pane.page_up());
  while (pane.page_down()) {
  }
  EXPECT_FALSE(pane.scrolled_back());
  EXPECT_EQ(visible_rows(pane).back(), "line 30");
}

TEST(LogPane, KeepsOnlyCapacityLines) {
  LogPane pane(3);
  pane.resize(10, 10);
  for (int i = 0; i < 5; ++i) pane.append({"", "", std::to_string(i), LogKind::chat});
  EXPECT_EQ(visible_rows(pane)[7], "2");
}

}  // namespace
}  // namespace clivrt::tui
