#include "clivrt/render/layout.hpp"

#include <gtest/gtest.h>

using namespace clivrt::render;

TEST(Layout, FourByThreeInEightyByTwentyFourIsPillarboxed) {
  // 80x24 cells are 80x48 square units; 640x480 scales by 0.1 to 64x48.
  EXPECT_EQ(picture_area(640, 480, {80, 24}, Style::half_block), (PictureArea{8, 0, 64, 24, 48}));
  EXPECT_EQ(picture_area(640, 480, {80, 24}, Style::just_ascii), (PictureArea{8, 0, 64, 24, 24}));
}

TEST(Layout, WideFrameIsLetterboxedTopAndBottom) {
  // 1280x720 by 1/16: 80 columns, 45 half rows -> 23 rows, the last one half used.
  EXPECT_EQ(picture_area(1280, 720, {80, 24}, Style::half_block), (PictureArea{0, 0, 80, 23, 45}));
  EXPECT_EQ(picture_area(1280, 360, {80, 24}, Style::ascii_color), (PictureArea{0, 6, 80, 11, 11}));
}

TEST(Layout, TallFrameIsPillarboxed) {
  EXPECT_EQ(picture_area(480, 640, {80, 24}, Style::filled_ascii), (PictureArea{22, 0, 36, 24, 24}));
}

TEST(Layout, TinyPanesAndEmptyInputs) {
  EXPECT_EQ(picture_area(640, 480, {1, 1}, Style::half_block), (PictureArea{0, 0, 1, 1, 1}));
  EXPECT_EQ(picture_area(0, 480, {80, 24}, Style::half_block), PictureArea{});
  EXPECT_EQ(picture_area(640, 480, {0, 24}, Style::half_block), PictureArea{});
  EXPECT_EQ(picture_area(10000, 1, {80, 24}, Style::half_block).rows, 1);
}

TEST(Layout, FittedGridHasNoLetterbox) {
  EXPECT_EQ(fitted_grid(640, 480, {20, 20}, Style::half_block), (GridSize{20, 8}));
}
