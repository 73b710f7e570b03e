#include "clivrt/render/stabilize.hpp"

#include <gtest/gtest.h>

#include "ramps.hpp"

using namespace clivrt::render;

TEST(Stabilize, KeepsShownCellsWithinTolerance) {
  CellGrid shown(GridSize{4, 1}), next(GridSize{4, 1});
  shown.at(0, 0) = {kUpperHalf, Color::rgb(100, 100, 100), Color::rgb(10, 20, 30)};
  next.at(0, 0) = {kUpperHalf, Color::rgb(108, 95, 100), Color::rgb(12, 20, 30)};  // noise
  shown.at(0, 1) = {kUpperHalf, Color::rgb(100, 100, 100), Color::rgb(10, 20, 30)};
  next.at(0, 1) = {kUpperHalf, Color::rgb(100, 100, 100), Color::rgb(10, 20, 50)};  // real
  shown.at(0, 2) = {U' ', Color{}, Color::indexed(244)};
  next.at(0, 2) = {kUpperHalf, Color::indexed(244), Color::indexed(245)};  // 10 apart
  shown.at(0, 3) = {U'a', Color::indexed(1), Color{}};
  next.at(0, 3) = {U'b', Color::indexed(1), Color{}};  // another glyph
  const CellGrid original = next;
  stabilize(next, shown, 10);
  EXPECT_EQ(next.at(0, 0), shown.at(0, 0));
  EXPECT_EQ(next.at(0, 1), original.at(0, 1));
  EXPECT_EQ(next.at(0, 2), shown.at(0, 2));
  EXPECT_EQ(next.at(0, 3), original.at(0, 3));
  CellGrid again = original;
  stabilize(again, shown, 0);
  EXPECT_EQ(again, original);
}
