#include "pixel_choice.hpp"

#include <gtest/gtest.h>

namespace clivrt::app {
namespace {

tui::TerminalFeatures kitty() {
  tui::TerminalFeatures f;
  f.kitty_graphics = true;
  return f;
}

TEST(PixelChoice, ModesFromVideoStyle) {
  EXPECT_EQ(pixel_mode_of("pixels"), PixelMode::on);
  EXPECT_EQ(pixel_mode_of("auto"), PixelMode::automatic);
  EXPECT_EQ(pixel_mode_of("half-block"), PixelMode::off);
  EXPECT_EQ(pixel_mode_of(""), PixelMode::off);
}

TEST(PixelChoice, KittyFirstThenSixelWithACellSize) {
  auto f = kitty();
  f.sixel = true;
  f.cell_width = 10;
  f.cell_height = 20;
  EXPECT_EQ(choose_pixels(PixelMode::on, &f).protocol, pixels::Protocol::kitty);
  EXPECT_FALSE(choose_pixels(PixelMode::on, &f).shared_memory);
  f.kitty_shared_memory = true;  // it read our shared memory: it runs on this machine
  EXPECT_TRUE(choose_pixels(PixelMode::on, &f).shared_memory);
  f.kitty_graphics = false;
  EXPECT_EQ(choose_pixels(PixelMode::automatic, &f).protocol, pixels::Protocol::sixel);
  f.cell_width = 0;
  const PixelChoice no_size = choose_pixels(PixelMode::on, &f);
  EXPECT_FALSE(no_size.protocol);
  EXPECT_NE(no_size.notice.find("cell size"), std::string::npos);
}

TEST(PixelChoice, InTmuxKittyOnlyWhenItsAnswerCameThroughThePassthrough) {
  auto f = kitty();
  f.tmux = true;
  const PixelChoice blocked = choose_pixels(PixelMode::on, &f);
  EXPECT_FALSE(blocked.protocol);
  EXPECT_NE(blocked.notice.find("allow-passthrough"), std::string::npos);
  f.kitty_via_tmux = true;
  const PixelChoice through = choose_pixels(PixelMode::on, &f);
  EXPECT_EQ(through.protocol, pixels::Protocol::kitty);
  EXPECT_TRUE(through.tmux_passthrough);
}

TEST(PixelChoice, AutoFallsBackQuietlyPixelsSaysWhyAndOffNeverDrawsPixels) {
  tui::TerminalFeatures plain;
  EXPECT_EQ(choose_pixels(PixelMode::automatic, &plain), PixelChoice{});
  EXPECT_FALSE(choose_pixels(PixelMode::on, &plain).notice.empty());
  EXPECT_EQ(choose_pixels(PixelMode::on, nullptr), PixelChoice{});  // no answer yet: cells, no notice yet
  const auto f = kitty();
  EXPECT_EQ(choose_pixels(PixelMode::off, &f), PixelChoice{});
}

}  // namespace
}  // namespace clivrt::app
