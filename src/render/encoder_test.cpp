#include "clivrt/render/encoder.hpp"

#include <gtest/gtest.h>

#include <random>

#include "testing/test_terminal.hpp"

using namespace clivrt::render;
using clivrt::render::testing::TestTerminal;
using clivrt::render::testing::visible;

namespace {

constexpr int kRows = 12, kCols = 30;

// A grid using every colour kind, multibyte glyphs and wide glyphs.
CellGrid sample_grid() {
  CellGrid g(GridSize{8, 3});
  for (int r = 0; r < 3; ++r)
    for (int c = 0; c < 8; ++c)
      g.at(r, c) = {U'▀', Color::rgb(static_cast<std::uint8_t>(30 * c), 10, 200),
                    Color::indexed(static_cast<std::uint8_t>(16 + r))};
  g.at(0, 0) = {U'a', Color{}, Color{}};
  g.at(0, 1) = {U'░', Color::indexed(9), Color::indexed(4)};
  g.at(1, 2) = {U'日', Color::indexed(200), Color{}};
  g.at(1, 3) = {kWideContinuation, Color::indexed(200), Color{}};
  g.at(2, 7) = {U'@', Color::indexed(3), Color::indexed(12)};
  return g;
}

// A terminal whose every cell shows 'x', so writes outside the pane would be seen.
void paint_background(TestTerminal& t) { t.feed(std::string(kRows * kCols - 1, 'x')); }

void expect_outside_untouched(const TestTerminal& t, Origin o, GridSize s) {
  for (int r = 0; r < kRows; ++r)
    for (int c = 0; c < kCols - 1; ++c) {
      const bool inside = r >= o.row && r < o.row + s.rows && c >= o.col && c < o.col + s.cols;
      if (!inside) {
        ASSERT_EQ(t.cell(r, c).glyph, U'x') << r << "," << c;
      }
    }
}

}  // namespace

TEST(Encoder, FullRedrawLeavesExactlyTheGrid) {
  const CellGrid g = sample_grid();
  for (Origin o : {Origin{0, 0}, Origin{4, 11}, Origin{9, 22}}) {
    TestTerminal t(kRows, kCols);
    paint_background(t);
    t.feed(encode(nullptr, g, o));
    EXPECT_EQ(t.region(o, g.size()), visible(g)) << o.row << "," << o.col;
    expect_outside_untouched(t, o, g.size());
  }
}

TEST(Encoder, WritesColourOnlyWhenItChanges) {
  CellGrid g(GridSize{3, 1});
  g.fill({U'▀', Color::indexed(196), Color::indexed(21)});
  EXPECT_EQ(encode(nullptr, g, {0, 0}), "\x1b[H\x1b[38;5;196;48;5;21m▀▀▀\x1b[0m");
  g.at(0, 2) = {U'#', Color::indexed(9), Color::indexed(4)};
  EXPECT_EQ(encode(nullptr, g, {1, 2}), "\x1b[2;3H\x1b[38;5;196;48;5;21m▀▀\x1b[91;44m#\x1b[0m");
  g.fill({U'x', Color::rgb(1, 2, 3), Color{}});
  EXPECT_EQ(encode(nullptr, g, {0, 0}), "\x1b[H\x1b[38;2;1;2;3mxxx\x1b[0m");
}

TEST(Encoder, DiffOnTopOfPreviousEqualsFullRedraw) {
  const CellGrid before = sample_grid();
  CellGrid after = before;
  after.at(0, 5).fg = Color::indexed(1);      // colour only
  after.at(1, 2) = {U'z', Color{}, Color{}};  // wide glyph replaced by two narrow
  after.at(1, 3) = {U'y', Color{}, Color{}};
  after.at(2, 4) = {U'本', Color::indexed(7), Color{}};  // new wide glyph
  after.at(2, 5) = {kWideContinuation, Color::indexed(7), Color{}};
  const Origin o{5, 7};
  TestTerminal diffed(kRows, kCols);
  paint_background(diffed);
  diffed.feed(encode(nullptr, before, o));
  const std::string diff = encode(&before, after, o);
  diffed.feed(diff);
  TestTerminal full(kRows, kCols);
  paint_background(full);
  full.feed(encode(nullptr, after, o));
  EXPECT_EQ(diffed.region(o, after.size()), visible(after));
  EXPECT_EQ(full.region(o, after.size()), visible(after));
  expect_outside_untouched(diffed, o, after.size());
  EXPECT_LT(diff.size(), encode(nullptr, after, o).size() / 2);
}

TEST(Encoder, RandomDiffsMatchFullRedraws) {
  std::mt19937 rng(12345);
  const char32_t narrow[] = {U'▀', U'░', U'a', U' ', U'é'};
  const char32_t wide[] = {U'日', U'🎉'};
  const auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  const auto color = [&]() -> Color {
    switch (pick(4)) {
      case 0: return {};
      case 1: return Color::indexed(static_cast<std::uint8_t>(pick(16)));
      case 2: return Color::indexed(static_cast<std::uint8_t>(pick(256)));
      default: return Color::rgb(static_cast<std::uint8_t>(pick(4) * 80), 0, 40);
    }
  };
  const auto mutate = [&](CellGrid& g, int changes) {
    for (int i = 0; i < changes; ++i) {
      const int r = pick(g.rows()), c = pick(g.cols());
      if (pick(4) == 0 && c + 1 < g.cols()) {
        g.at(r, c) = {wide[pick(2)], color(), color()};
        g.at(r, c + 1) = {kWideContinuation, g.at(r, c).fg, g.at(r, c).bg};
      } else {
        g.at(r, c) = {narrow[pick(5)], color(), color()};
      }
      // Narrow writes can orphan a continuation or split a pair: repair to a valid grid.
      for (int k = 0; k < g.cols(); ++k) {
        const bool cont = g.at(r, k).glyph == kWideContinuation;
        const bool owner_ok = k > 0 && (g.at(r, k - 1).glyph == U'日' || g.at(r, k - 1).glyph == U'🎉');
        if (cont && !owner_ok) g.at(r, k).glyph = U' ';
        const bool is_wide = g.at(r, k).glyph == U'日' || g.at(r, k).glyph == U'🎉';
        if (is_wide && (k + 1 == g.cols() || g.at(r, k + 1).glyph != kWideContinuation)) g.at(r, k).glyph = U'?';
      }
    }
  };
  const Origin o{2, 3};
  CellGrid g(GridSize{9, 6});
  mutate(g, 40);
  TestTerminal diffed(kRows, kCols);
  paint_background(diffed);
  diffed.feed(encode(nullptr, g, o));
  for (int frame = 0; frame < 200; ++frame) {
    const CellGrid before = g;
    mutate(g, pick(8));
    diffed.feed(encode(&before, g, o));
    TestTerminal full(kRows, kCols);
    paint_background(full);
    full.feed(encode(nullptr, g, o));
    ASSERT_EQ(full.region(o, g.size()), visible(g)) << "frame " << frame;
    ASSERT_EQ(diffed.region(o, g.size()), visible(g)) << "frame " << frame;
  }
  expect_outside_untouched(diffed, o, g.size());
}

TEST(Encoder, IdenticalFramesWriteNothing) {
  const CellGrid g = sample_grid();
  const CellGrid copy = g;
  EXPECT_EQ(encode(&copy, g, {3, 4}), "");
}

TEST(Encoder, SizeChangeMeansFullRedraw) {
  const CellGrid g = sample_grid();
  const CellGrid other(GridSize{2, 2});
  EXPECT_EQ(encode(&other, g, {1, 1}), encode(nullptr, g, {1, 1}));
}

TEST(Encoder, SkipsOrRewritesShortUnchangedRuns) {
  CellGrid before(GridSize{20, 1});
  before.fill({U'.', Color{}, Color{}});
  CellGrid after = before;
  after.at(0, 2).glyph = U'a';
  after.at(0, 4).glyph = U'b';   // one unchanged '.' between: rewritten (1 byte < CUF)
  after.at(0, 15).glyph = U'c';  // far: cursor forward
  EXPECT_EQ(encode(&before, after, {0, 0}), "\x1b[;3Ha.b\x1b[10Cc");
}

TEST(Encoder, BlanksKeepTheCurrentForeground) {
  CellGrid g(GridSize{3, 1});
  g.at(0, 0) = {U'▀', Color::indexed(1), Color::indexed(2)};
  g.at(0, 1) = {U' ', Color{}, Color::indexed(3)};  // only the background changes
  g.at(0, 2) = {U'▀', Color::indexed(1), Color::indexed(2)};
  EXPECT_EQ(encode(nullptr, g, {0, 0}), "\x1b[H\x1b[31;42m▀\x1b[43m \x1b[42m▀\x1b[0m");
}

TEST(Encoder, ControlCharactersInCellsAreNeutralised) {
  CellGrid g(GridSize{2, 1});
  g.at(0, 0).glyph = U'\x1b';
  g.at(0, 1).glyph = U'\x9b';
  const std::string bytes = encode(nullptr, g, {0, 0});
  EXPECT_EQ(bytes, "\x1b[H??");
}

TEST(Encoder, DrawsAHalfBlockTheOtherWayRoundWhenThatKeepsTheColours) {
  const Color red = Color::indexed(196), blue = Color::indexed(21);
  CellGrid g(GridSize{3, 1});
  g.at(0, 0) = {kUpperHalf, red, blue};
  g.at(0, 1) = {kUpperHalf, blue, red};  // as ▄ it is red on blue again: no colour change
  g.at(0, 2) = {kUpperHalf, red, blue};
  const std::string bytes = encode(nullptr, g, {0, 0});
  EXPECT_EQ(bytes, "\x1b[H\x1b[38;5;196;48;5;21m▀▄▀\x1b[0m");
  TestTerminal t(kRows, kCols);
  t.feed(bytes);
  EXPECT_EQ(t.region({0, 0}, g.size()), visible(g));
}

TEST(Encoder, AFlipChangingOneColourBeatsChangingTwo) {
  CellGrid g(GridSize{2, 1});
  g.at(0, 0) = {kUpperHalf, Color::indexed(1), Color::indexed(2)};
  g.at(0, 1) = {kUpperHalf, Color::indexed(2), Color::indexed(3)};  // ▄ 3 on 2: only the foreground changes
  EXPECT_EQ(encode(nullptr, g, {0, 0}), "\x1b[H\x1b[31;42m▀\x1b[33m▄\x1b[0m");
}

TEST(Encoder, AHalfBlockShownTheOtherWayRoundIsNoChange) {
  CellGrid shown(GridSize{2, 1});
  shown.at(0, 0) = {kLowerHalf, Color::indexed(21), Color::indexed(196)};
  shown.at(0, 1) = {kUpperHalf, Color::indexed(1), Color{}};
  CellGrid next = shown;
  next.at(0, 0) = {kUpperHalf, Color::indexed(196), Color::indexed(21)};
  EXPECT_EQ(encode(&shown, next, {0, 0}), "");
  next.at(0, 1) = {kLowerHalf, Color{}, Color::indexed(1)};  // a default colour cannot change sides
  EXPECT_NE(encode(&shown, next, {0, 0}), "");
}

TEST(Encoder, RunsAreRepeatedWithREPAndShowTheSame) {
  std::mt19937 rng(777);
  const auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  const Cell kinds[] = {{U'▀', Color::indexed(196), Color::indexed(21)},
                        {U' ', Color{}, Color::indexed(21)},
                        {U'▄', Color::indexed(21), Color::indexed(196)},  // the first one, flipped
                        {U'a', Color::rgb(1, 2, 3), Color{}},
                        {U'日', Color::indexed(5), Color{}}};
  const auto paint_runs = [&](CellGrid& g, int runs) {
    for (int i = 0; i < runs; ++i) {
      const int r = pick(g.rows()), c = pick(g.cols()), n = 1 + pick(g.cols() - c);
      const Cell cell = kinds[pick(5)];
      for (int k = c; k < c + n; ++k) g.at(r, k) = cell.glyph == U'日' ? Cell{U'#', cell.fg, cell.bg} : cell;
      if (cell.glyph == U'日' && c + 1 < g.cols()) {  // one wide glyph inside a run breaks it
        g.at(r, c) = cell;
        g.at(r, c + 1) = {kWideContinuation, cell.fg, cell.bg};
      }
      for (int k = 0; k < g.cols(); ++k) {  // runs painted over half a pair: keep the grid valid
        const bool owner = k > 0 && g.at(r, k - 1).glyph == U'日';
        if (g.at(r, k).glyph == kWideContinuation && !owner) g.at(r, k).glyph = U'#';
        if (g.at(r, k).glyph == U'日' && (k + 1 == g.cols() || g.at(r, k + 1).glyph != kWideContinuation))
          g.at(r, k).glyph = U'#';
      }
    }
  };
  const Origin o{1, 0};
  CellGrid g(GridSize{kCols, 8});
  paint_runs(g, 12);
  TestTerminal plain(kRows, kCols), repeated(kRows, kCols);
  // Autowrap off, as the UI has it. (With it on, libvterm 0.1.4 wrongly enters the pending-wrap
  // state after a REP that ends one column before the right margin.)
  for (TestTerminal* t : {&plain, &repeated}) t->feed("\x1b[?7l");
  EncodeOptions rep;
  rep.repeat = true;
  std::size_t plain_bytes = 0, repeated_bytes = 0;
  const std::string first = encode(nullptr, g, o, rep);
  EXPECT_NE(first.find("b"), std::string::npos);
  repeated.feed(first);
  plain.feed(encode(nullptr, g, o));
  for (int frame = 0; frame < 100; ++frame) {
    const CellGrid before = g;
    paint_runs(g, 1 + pick(4));
    const std::string with = encode(&before, g, o, rep), without = encode(&before, g, o);
    repeated_bytes += with.size();
    plain_bytes += without.size();
    repeated.feed(with);
    plain.feed(without);
    ASSERT_EQ(repeated.region(o, g.size()), visible(g)) << "frame " << frame;
    ASSERT_EQ(plain.region(o, g.size()), visible(g)) << "frame " << frame;
  }
  EXPECT_LT(repeated_bytes * 100, plain_bytes * 85);
}
