#include "clivrt/render/cell.hpp"

#include <gtest/gtest.h>

using namespace clivrt::render;

namespace {

CellGrid filled(GridSize size, char32_t glyph) {
  CellGrid g(size);
  g.fill({glyph, Color::indexed(1), Color{}});
  return g;
}

}  // namespace

TEST(Color, KindsAndComponents) {
  EXPECT_TRUE(Color{}.is_default());
  const Color i = Color::indexed(200);
  EXPECT_TRUE(i.is_indexed());
  EXPECT_EQ(i.index(), 200);
  const Color c = Color::rgb(1, 2, 3);
  EXPECT_TRUE(c.is_rgb());
  EXPECT_EQ(c.r() + c.g() + c.b(), 6);
  EXPECT_NE(Color::indexed(0), Color{});
  EXPECT_NE(Color::rgb(0, 0, 0), Color::indexed(0));
}

TEST(CellGrid, ResizeBlanksEveryCell) {
  CellGrid g = filled({3, 2}, U'x');
  g.resize({2, 2});
  EXPECT_EQ(g.size(), (GridSize{2, 2}));
  EXPECT_EQ(g.at(1, 1), Cell{});
}

TEST(Blit, CopiesAtOffsetAndClips) {
  CellGrid dst = filled({5, 3}, U'.');
  const CellGrid src = filled({3, 2}, U'#');
  blit(dst, src, 2, 3);  // only the top-left 2x1 of src lands
  for (int r = 0; r < 3; ++r)
    for (int c = 0; c < 5; ++c) EXPECT_EQ(dst.at(r, c).glyph, (r == 2 && c >= 3) ? U'#' : U'.') << r << "," << c;
}

TEST(Blit, NegativeOffsetClipsTopLeft) {
  CellGrid dst = filled({3, 3}, U'.');
  CellGrid src = filled({2, 2}, U'#');
  src.at(1, 1).glyph = U'@';
  blit(dst, src, -1, -1);
  EXPECT_EQ(dst.at(0, 0).glyph, U'@');
  EXPECT_EQ(dst.at(0, 1).glyph, U'.');
}

TEST(Blit, KeepsWideGlyphsWellFormed) {
  CellGrid dst = filled({6, 1}, U'.');
  dst.at(0, 0).glyph = U'日';
  dst.at(0, 1).glyph = kWideContinuation;
  CellGrid src = filled({3, 1}, U'#');
  src.at(0, 2).glyph = U'本';  // cut by dst's right edge below
  blit(dst, src, 0, 1);        // covers the continuation of dst's 日
  EXPECT_EQ(dst.at(0, 0).glyph, U' ');
  EXPECT_EQ(dst.at(0, 1).glyph, U'#');

  CellGrid wide(GridSize{2, 1});
  wide.at(0, 0) = {U'本', Color{}, Color{}};
  wide.at(0, 1) = {kWideContinuation, Color{}, Color{}};
  CellGrid narrow = filled({3, 1}, U'.');
  blit(narrow, wide, 0, 2);  // the continuation falls outside
  EXPECT_EQ(narrow.at(0, 2).glyph, U' ');
  blit(narrow, wide, 0, -1);  // the wide glyph falls outside
  EXPECT_EQ(narrow.at(0, 0).glyph, U' ');
}

TEST(Cell, AHalfBlockFlipsOnlyWithBothColoursSet) {
  const Color a = Color::rgb(1, 2, 3), b = Color::indexed(9);
  EXPECT_EQ(flipped_half_block({kUpperHalf, a, b}), (Cell{kLowerHalf, b, a}));
  EXPECT_EQ(flipped_half_block({kLowerHalf, b, a}), (Cell{kUpperHalf, a, b}));
  EXPECT_FALSE(flipped_half_block({kUpperHalf, a, Color{}}));
  EXPECT_FALSE(flipped_half_block({kLowerHalf, Color{}, a}));
  EXPECT_FALSE(flipped_half_block({U'x', a, b}));
  EXPECT_TRUE(looks_same({kLowerHalf, b, a}, {kUpperHalf, a, b}));
  EXPECT_FALSE(looks_same({kLowerHalf, a, b}, {kUpperHalf, a, b}));
  EXPECT_EQ(canonical_look({kLowerHalf, b, a}), (Cell{kUpperHalf, a, b}));
}
