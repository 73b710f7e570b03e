#include "pixel_choice.hpp"

namespace clivrt::app {

PixelMode pixel_mode_of(const std::string& video_style) {
  if (video_style == "pixels") return PixelMode::on;
  if (video_style == "auto") return PixelMode::automatic;
  return PixelMode::off;
}

PixelChoice choose_pixels(PixelMode mode, const tui::TerminalFeatures* features) {
  PixelChoice choice;
  if (mode == PixelMode::off) return choice;
  const auto why_not = [&](std::string reason) {
    if (mode == PixelMode::on) choice.notice = "videostyle pixels: " + reason + "; drawing half-blocks";
    return choice;
  };
  if (features == nullptr) return choice;  // not answered yet: cells until it does, no notice yet
  if (features->kitty_graphics && (!features->tmux || features->kitty_via_tmux)) {
    choice.protocol = pixels::Protocol::kitty;
    choice.tmux_passthrough = features->kitty_via_tmux;
    choice.shared_memory = features->kitty_shared_memory && !features->kitty_via_tmux;
    return choice;
  }
  if (features->sixel && features->cell_width > 0 && features->cell_height > 0) {
    choice.protocol = pixels::Protocol::sixel;
    return choice;
  }
  if (features->sixel) return why_not("the terminal shows sixel but did not tell its cell size in pixels");
  if (features->tmux) {
    return why_not(
        "tmux shows no sixel and passes no graphics through to the terminal outside (needs "
        "`set -g allow-passthrough on` and a terminal with the kitty graphics protocol)");
  }
  return why_not("the terminal answered neither the kitty graphics query nor lists sixel");
}

}  // namespace clivrt::app
