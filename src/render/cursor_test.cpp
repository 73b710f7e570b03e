#include "cursor.hpp"

#include <gtest/gtest.h>

#include "testing/test_terminal.hpp"

using namespace clivrt::render;
using clivrt::render::testing::TestTerminal;

namespace {

std::string move(CursorPos from, CursorPos to) {
  std::string s;
  append_move(s, from, to);
  return s;
}

}  // namespace

TEST(Cursor, EveryMoveLandsWhereAskedAndCostsWhatItSays) {
  const CursorPos spots[] = {{0, 0}, {0, 7}, {3, 0}, {3, 5}, {3, 9}, {4, 5}, {9, 19}, {12, 1}, {1, 12}};
  for (CursorPos from : spots)
    for (CursorPos to : spots) {
      TestTerminal term(15, 25);
      term.feed(move({}, from));
      ASSERT_EQ(term.cursor(), from);
      const std::string bytes = move(from, to);
      term.feed(bytes);
      EXPECT_EQ(term.cursor(), to) << from.row << "," << from.col << " -> " << to.row << "," << to.col;
      EXPECT_EQ(static_cast<int>(bytes.size()), move_cost(from, to));
    }
}

TEST(Cursor, PicksShortForms) {
  EXPECT_EQ(move({}, {0, 0}), "\x1b[H");
  EXPECT_EQ(move({}, {4, 0}), "\x1b[5H");
  EXPECT_EQ(move({}, {0, 4}), "\x1b[;5H");
  EXPECT_EQ(move({}, {11, 39}), "\x1b[12;40H");
  EXPECT_EQ(move({11, 20}, {11, 21}), "\x1b[C");
  EXPECT_EQ(move({11, 20}, {11, 27}), "\x1b[7C");
  EXPECT_EQ(move({11, 20}, {12, 20}), "\x1b[B");
  EXPECT_EQ(move({11, 20}, {12, 0}), "\x1b[B\r");
  EXPECT_EQ(move({11, 40}, {12, 37}), "\x1b[B\x1b[3D");
  EXPECT_EQ(move({11, 40}, {12, 30}), "\x1b[13;31H");  // ties go to CUP
  EXPECT_EQ(move({5, 5}, {5, 5}), "");
}
