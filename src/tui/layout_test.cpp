#include "layout.hpp"

#include <gtest/gtest.h>

namespace clivrt::tui {
namespace {

void expect_tiles(const Layout& l) {
  // Every row belongs to exactly one pane, top to bottom.
  int next = 0;
  if (l.video.height > 0) {
    EXPECT_EQ(l.video.row, next);
    next += l.video.height;
  }
  if (l.separator_row >= 0) {
    EXPECT_EQ(l.separator_row, next++);
  }
  EXPECT_EQ(l.log.row, next);
  next += l.log.height;
  EXPECT_EQ(l.input_row, next++);
  if (l.status_row >= 0) {
    EXPECT_EQ(l.status_row, next++);
  }
  EXPECT_EQ(next, l.rows);
}

TEST(Layout, StandardTerminal) {
  const Layout l = compute_layout(24, 80);
  EXPECT_EQ(l.status_row, 23);
  EXPECT_EQ(l.input_row, 22);
  EXPECT_EQ(l.video, (Rect{0, 0, 80, 12}));
  EXPECT_EQ(l.separator_row, 12);
  EXPECT_EQ(l.log, (Rect{13, 0, 80, 9}));
  expect_tiles(l);
}

TEST(Layout, SmallTerminalKeepsAllPanes) {
  const Layout l = compute_layout(12, 40);
  EXPECT_EQ(l.video.height, 5);
  EXPECT_EQ(l.log.height, 4);
  expect_tiles(l);
}

TEST(Layout, TinyTerminalsDropVideoThenStatus) {
  for (int rows = 1; rows <= 60; ++rows) expect_tiles(compute_layout(rows, 20));
  EXPECT_EQ(compute_layout(8, 20).video.height, 0);
  EXPECT_EQ(compute_layout(1, 20).status_row, -1);
  EXPECT_EQ(compute_layout(1, 20).input_row, 0);
  EXPECT_EQ(compute_layout(0, 0).input_row, -1);
}

}  // namespace
}  // namespace clivrt::tui
