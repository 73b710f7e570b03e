#include "clivrt/render/renderer.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "clivrt/render/palette.hpp"
#include "ramps.hpp"

using namespace clivrt::render;

namespace {

constexpr Rgb kRed{255, 0, 0}, kGreen{0, 255, 0}, kBlue{0, 0, 255}, kWhite{255, 255, 255};

struct Frame {
  int width, height;
  std::vector<std::uint8_t> pixels;
  FrameView view() const { return {pixels.data(), width, height, 3 * width}; }
};

template <typename F>
Frame make_frame(int width, int height, F f) {
  Frame fr{width, height, std::vector<std::uint8_t>(static_cast<std::size_t>(3 * width * height))};
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x) {
      const Rgb c = f(x, y);
      std::uint8_t* p = &fr.pixels[static_cast<std::size_t>(3 * (y * width + x))];
      p[0] = c.r, p[1] = c.g, p[2] = c.b;
    }
  return fr;
}

// 4x4 pixels: red | green on top, blue | white below, each a 2x2 block.
Frame quadrants() {
  return make_frame(4, 4, [](int x, int y) { return y < 2 ? (x < 2 ? kRed : kGreen) : (x < 2 ? kBlue : kWhite); });
}

Color tc(Rgb c) { return Color::rgb(c.r, c.g, c.b); }

}  // namespace

TEST(Renderer, HalfBlockTakesUpperAndLowerPixels) {
  // 4x2 cells = 4x4 square units: one pixel per column, per half row.
  const Frame f = make_frame(4, 4, [](int x, int y) {
    return Rgb{static_cast<std::uint8_t>(x * 60), static_cast<std::uint8_t>(y * 60), 9};
  });
  const CellGrid g = render_frame(f.view(), {4, 2}, {Style::half_block, ColorDepth::truecolor});
  for (int r = 0; r < 2; ++r)
    for (int c = 0; c < 4; ++c) {
      const auto x = static_cast<std::uint8_t>(c * 60);
      EXPECT_EQ(g.at(r, c), (Cell{kUpperHalf, Color::rgb(x, static_cast<std::uint8_t>(120 * r), 9),
                                  Color::rgb(x, static_cast<std::uint8_t>(120 * r + 60), 9)}))
          << r << "," << c;
    }
}

TEST(Renderer, UniformHalfBlockCellIsABlankWithBackground) {
  const Frame f = make_frame(2, 4, [](int x, int) { return x == 0 ? kGreen : kRed; });
  const CellGrid g = render_frame(f.view(), {2, 2}, {Style::half_block, ColorDepth::ansi256});
  EXPECT_EQ(g.at(0, 0), (Cell{U' ', Color{}, Color::indexed(46)}));
  EXPECT_EQ(g.at(1, 1), (Cell{U' ', Color{}, Color::indexed(196)}));
}

TEST(Renderer, HalfBlockColourBlocksAt256And16) {
  const Frame f = quadrants();
  const CellGrid g256 = render_frame(f.view(), {2, 1}, {Style::half_block, ColorDepth::ansi256});
  EXPECT_EQ(g256.at(0, 0), (Cell{kUpperHalf, Color::indexed(196), Color::indexed(21)}));
  EXPECT_EQ(g256.at(0, 1), (Cell{kUpperHalf, Color::indexed(46), Color::indexed(231)}));
  const CellGrid g16 = render_frame(f.view(), {2, 1}, {Style::half_block, ColorDepth::ansi16});
  EXPECT_EQ(g16.at(0, 0), (Cell{kUpperHalf, Color::indexed(9), Color::indexed(4)}));
  EXPECT_EQ(g16.at(0, 1), (Cell{kUpperHalf, Color::indexed(10), Color::indexed(15)}));
}

TEST(Renderer, JustAsciiUsesLuminanceRampWithoutColour) {
  // 4x2 cells; each cell averages a 1x2 pixel column of one colour.
  const CellGrid g = render_frame(quadrants().view(), {4, 2}, {Style::just_ascii, ColorDepth::truecolor});
  // Luma: red 54, green 182, blue 19, white 255 -> ramp " .:!+*e$@8" positions 2, 7, 0, 9.
  const char32_t expected[2][4] = {{U':', U':', U'$', U'$'}, {U' ', U' ', U'8', U'8'}};
  for (int r = 0; r < 2; ++r)
    for (int c = 0; c < 4; ++c) EXPECT_EQ(g.at(r, c), (Cell{expected[r][c], {}, {}})) << r << "," << c;
}

TEST(Renderer, AsciiColorAndFilledAsciiCarryForeground) {
  const Frame f = quadrants();
  const CellGrid a = render_frame(f.view(), {2, 1}, {Style::ascii_color, ColorDepth::truecolor});
  // 2x1 cells: each averages a 2x4 pixel block (half one colour, half the other).
  const Rgb left{128, 0, 128}, right{128, 255, 128};
  EXPECT_EQ(a.at(0, 0), (Cell{kAsciiColorGlyphs[luma(left)], tc(left), {}}));
  EXPECT_EQ(a.at(0, 1), (Cell{U'@', tc(right), {}}));  // luma 219 of ".*es@" -> '@'
  const CellGrid q = render_frame(f.view(), {4, 2}, {Style::filled_ascii, ColorDepth::ansi256});
  EXPECT_EQ(q.at(0, 0), (Cell{U'░', Color::indexed(196), {}}));  // luma 54
  EXPECT_EQ(q.at(0, 3), (Cell{U'▓', Color::indexed(46), {}}));   // luma 182
  EXPECT_EQ(q.at(1, 0), (Cell{U'░', Color::indexed(21), {}}));
  EXPECT_EQ(q.at(1, 3), (Cell{U'█', Color::indexed(231), {}}));
}

TEST(Renderer, GreyRampStaysGreyAtEveryDepth) {
  const Frame f = make_frame(16, 1, [](int x, int) {
    const auto v = static_cast<std::uint8_t>(x * 17);
    return Rgb{v, v, v};
  });
  for (ColorDepth d : {ColorDepth::ansi256, ColorDepth::ansi16, ColorDepth::truecolor}) {
    const CellGrid g = render_frame(f.view(), {16, 1}, {Style::half_block, d});
    for (int c = 0; c < 16; ++c) {
      const Color fg = g.at(0, c).fg;
      const Rgb shown = fg.is_rgb() ? Rgb{fg.r(), fg.g(), fg.b()} : xterm_rgb(fg.index());
      EXPECT_TRUE(shown.r == shown.g && shown.g == shown.b) << to_string(d) << " column " << c;
    }
  }
}

TEST(Renderer, WideFrameIsLetterboxedWithBlankCells) {
  // 8x2 pixels into 4x4 cells (4x8 units): 4 columns, one half row in row 1.
  const Frame f = make_frame(8, 2, [](int, int) { return kRed; });
  const CellGrid g = render_frame(f.view(), {4, 4}, {Style::half_block, ColorDepth::truecolor});
  for (int r = 0; r < 4; ++r)
    for (int c = 0; c < 4; ++c) {
      const Cell expected = r == 1 ? Cell{kUpperHalf, tc(kRed), {}} : Cell{};
      EXPECT_EQ(g.at(r, c), expected) << r << "," << c;
    }
}

TEST(Renderer, TallFrameIsPillarboxedWithBlankCells) {
  // 2x8 pixels into 4x2 cells (4x4 units): one column wide, centred at column 1.
  const Frame f = make_frame(2, 8, [](int, int) { return kWhite; });
  const CellGrid g = render_frame(f.view(), {4, 2}, {Style::just_ascii, ColorDepth::ansi256});
  for (int r = 0; r < 2; ++r)
    for (int c = 0; c < 4; ++c) EXPECT_EQ(g.at(r, c).glyph, c == 1 ? U'8' : U' ') << r << "," << c;
}

TEST(Renderer, WithoutColourHalfBlockBecomesAsciiRamp) {
  const Frame f = quadrants();
  const CellGrid g = render_frame(f.view(), {2, 1}, {Style::half_block, ColorDepth::none});
  // Cells average red over blue (luma 37) and green over white (luma 219).
  EXPECT_EQ(g.at(0, 0), (Cell{U'.', {}, {}}));
  EXPECT_EQ(g.at(0, 1), (Cell{U'@', {}, {}}));
  const CellGrid a = render_frame(f.view(), {4, 2}, {Style::filled_ascii, ColorDepth::none});
  EXPECT_EQ(a.at(1, 3), (Cell{U'█', {}, {}}));
}

TEST(Renderer, InvalidFrameGivesBlankGrid) {
  CellGrid g(GridSize{3, 2});
  g.fill({U'x', Color::indexed(3), {}});
  Renderer r;
  r.render({nullptr, 4, 4, 12}, {}, g);
  EXPECT_EQ(g, CellGrid(GridSize{3, 2}));
  const std::vector<std::uint8_t> px(12);
  r.render({px.data(), 4, 1, 6}, {}, g);  // stride shorter than a row
  EXPECT_EQ(g, CellGrid(GridSize{3, 2}));
}

TEST(Renderer, ReusedRendererFollowsSizeChanges) {
  Renderer r;
  const Frame f = quadrants();
  CellGrid small(GridSize{2, 1}), big(GridSize{4, 2});
  r.render(f.view(), {Style::half_block, ColorDepth::truecolor}, big);
  r.render(f.view(), {Style::half_block, ColorDepth::truecolor}, small);
  EXPECT_EQ(small, render_frame(f.view(), {2, 1}, {Style::half_block, ColorDepth::truecolor}));
  EXPECT_EQ(small.at(0, 0).fg, tc(kRed));
}

TEST(Renderer, PaletteColoursDoNotFlickerUnderNoise) {
  // Red 113 and 117 lie either side of the midpoint of the cube's levels 95 and 135.
  const auto solid = [](std::uint8_t red) { return make_frame(8, 8, [red](int, int) { return Rgb{red, 0, 0}; }); };
  ASSERT_NE(quantize_256({113, 0, 0}), quantize_256({117, 0, 0}));
  for (const ColorDepth depth : {ColorDepth::ansi256, ColorDepth::ansi16}) {
    Renderer renderer;
    CellGrid first(GridSize{4, 2}), grid(GridSize{4, 2});
    renderer.render(solid(113).view(), {Style::half_block, depth}, first);
    for (const std::uint8_t red : {117, 113, 117, 116}) {
      renderer.render(solid(red).view(), {Style::half_block, depth}, grid);
      EXPECT_EQ(grid, first) << static_cast<int>(red);
    }
    // A real change is drawn at once, and then kept.
    renderer.render(solid(200).view(), {Style::half_block, depth}, grid);
    EXPECT_EQ(grid, render_frame(solid(200).view(), {4, 2}, {Style::half_block, depth}));
  }
  // Truecolor shows every change.
  Renderer renderer;
  CellGrid a(GridSize{4, 2}), b(GridSize{4, 2});
  renderer.render(solid(113).view(), {Style::half_block, ColorDepth::truecolor}, a);
  renderer.render(solid(117).view(), {Style::half_block, ColorDepth::truecolor}, b);
  EXPECT_NE(a, b);
}

TEST(Palette, KeepStableKeepsANearlyAsCloseEntryOnly) {
  const Color near = Color::indexed(quantize_256({117, 0, 0})), far = Color::indexed(quantize_256({113, 0, 0}));
  EXPECT_EQ(keep_stable({117, 0, 0}, near, far), far);             // about as close: kept
  EXPECT_EQ(keep_stable({200, 0, 0}, Color::indexed(quantize_256({200, 0, 0})), far),
            Color::indexed(quantize_256({200, 0, 0})));            // far off: the nearest
  const Color grey = Color::indexed(quantize_256({110, 110, 110}));
  EXPECT_EQ(keep_stable({112, 108, 110}, grey, far), grey);        // a neutral source stays grey
  EXPECT_EQ(keep_stable({117, 0, 0}, near, Color{}), near);        // nothing to keep
}
