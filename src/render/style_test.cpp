#include "clivrt/render/style.hpp"

#include <gtest/gtest.h>

using namespace clivrt::render;

TEST(Style, NamesRoundTrip) {
  for (Style s : {Style::just_ascii, Style::ascii_color, Style::filled_ascii, Style::half_block})
    EXPECT_EQ(parse_style(to_string(s)), s);
  EXPECT_EQ(parse_style("half-block"), Style::half_block);
  EXPECT_EQ(parse_style("Half-Block"), std::nullopt);
  EXPECT_EQ(parse_style(""), std::nullopt);
  for (ColorDepth d : {ColorDepth::none, ColorDepth::ansi16, ColorDepth::ansi256, ColorDepth::truecolor})
    EXPECT_EQ(parse_color_depth(to_string(d)), d);
  EXPECT_EQ(parse_color_depth("24bit"), std::nullopt);
}

TEST(Style, DetectsColorDepthFromEnvironment) {
  EXPECT_EQ(detect_color_depth("truecolor", "xterm-256color", nullptr), ColorDepth::truecolor);
  EXPECT_EQ(detect_color_depth("24bit", "xterm", nullptr), ColorDepth::truecolor);
  EXPECT_EQ(detect_color_depth(nullptr, "xterm-256color", nullptr), ColorDepth::ansi256);
  EXPECT_EQ(detect_color_depth("yes", "screen-256color", nullptr), ColorDepth::ansi256);
  EXPECT_EQ(detect_color_depth(nullptr, "xterm", nullptr), ColorDepth::ansi16);
  EXPECT_EQ(detect_color_depth(nullptr, "dumb", nullptr), ColorDepth::none);
  EXPECT_EQ(detect_color_depth(nullptr, nullptr, nullptr), ColorDepth::none);
  EXPECT_EQ(detect_color_depth("truecolor", "xterm", "1"), ColorDepth::none);
  EXPECT_EQ(detect_color_depth("truecolor", "xterm", ""), ColorDepth::truecolor);  // empty: unset
}

TEST(Style, DefaultIsHalfBlockWhenColourIsAvailable) {
  EXPECT_EQ(default_style(ColorDepth::ansi16), Style::half_block);
  EXPECT_EQ(default_style(ColorDepth::none), Style::just_ascii);
}
