#include "clivrt/render/palette.hpp"

#include <gtest/gtest.h>

using namespace clivrt::render;

namespace {

bool is_grey_256(std::uint8_t i) {
  const Rgb c = xterm_rgb(i);
  return c.r == c.g && c.g == c.b;
}

}  // namespace

TEST(Palette, XtermReferenceColours) {
  EXPECT_EQ(xterm_rgb(16), (Rgb{0, 0, 0}));
  EXPECT_EQ(xterm_rgb(196), (Rgb{255, 0, 0}));
  EXPECT_EQ(xterm_rgb(232), (Rgb{8, 8, 8}));
  EXPECT_EQ(xterm_rgb(255), (Rgb{238, 238, 238}));
  EXPECT_EQ(xterm_rgb(9), (Rgb{255, 0, 0}));
}

TEST(Palette, GreyRampStaysGreyAt256) {
  int previous = -1;
  for (int v = 0; v < 256; ++v) {
    const auto g = static_cast<std::uint8_t>(v);
    const std::uint8_t i = quantize_256({g, g, g});
    ASSERT_TRUE(is_grey_256(i)) << v << " -> " << int{i};
    const int level = xterm_rgb(i).r;
    EXPECT_LE(std::abs(level - v), v > 238 ? 8 : 5) << v;  // steps: 10, then 238 to 255
    EXPECT_GE(level, previous);                            // monotonic
    previous = level;
  }
}

TEST(Palette, NearNeutralNoiseStaysGrey) {
  // Slightly tinted greys, as video compression produces them; the original went pink here.
  for (Rgb c : {Rgb{118, 112, 110}, Rgb{200, 196, 205}, Rgb{60, 64, 58}, Rgb{131, 128, 125}}) {
    EXPECT_TRUE(is_grey_256(quantize_256(c))) << int{c.r} << "," << int{c.g} << "," << int{c.b};
    const std::uint8_t i16 = quantize_16(c);
    EXPECT_TRUE(i16 == 0 || i16 == 7 || i16 == 8 || i16 == 15) << int{i16};
  }
}

TEST(Palette, GreyRampAt16UsesOnlyNeutrals) {
  for (int v = 0; v < 256; ++v) {
    const auto g = static_cast<std::uint8_t>(v);
    const std::uint8_t i = quantize_16({g, g, g});
    ASSERT_TRUE(i == 0 || i == 8 || i == 7 || i == 15) << v;
  }
  EXPECT_EQ(quantize_16({0, 0, 0}), 0);
  EXPECT_EQ(quantize_16({128, 128, 128}), 8);
  EXPECT_EQ(quantize_16({220, 220, 220}), 7);
  EXPECT_EQ(quantize_16({255, 255, 255}), 15);
}

TEST(Palette, SaturatedColours) {
  EXPECT_EQ(quantize_256({255, 0, 0}), 196);
  EXPECT_EQ(quantize_256({0, 255, 0}), 46);
  EXPECT_EQ(quantize_256({0, 0, 255}), 21);
  EXPECT_EQ(quantize_256({255, 135, 0}), 208);
  EXPECT_EQ(quantize_16({255, 0, 0}), 9);
  EXPECT_EQ(quantize_16({0, 200, 0}), 2);
  EXPECT_EQ(quantize_16({0, 0, 230}), 4);
  EXPECT_EQ(quantize_16({250, 250, 0}), 11);
}

TEST(Palette, QuantizeByDepth) {
  EXPECT_EQ(quantize({1, 2, 3}, ColorDepth::truecolor), Color::rgb(1, 2, 3));
  EXPECT_EQ(quantize({255, 0, 0}, ColorDepth::ansi256), Color::indexed(196));
  EXPECT_EQ(quantize({255, 0, 0}, ColorDepth::ansi16), Color::indexed(9));
  EXPECT_EQ(quantize({255, 0, 0}, ColorDepth::none), Color{});
}
