#pragma once
// Whether call video is drawn as pixels, with which protocol, from `videostyle` and what the
// terminal answered to the probe (never from TERM). Pure.
#include <optional>
#include <string>

#include "clivrt/pixels/pixel_encoder.hpp"
#include "clivrt/tui/terminal_ui.hpp"

namespace clivrt::app {

/// videostyle: `pixels` (pixels, or half-blocks with a notice saying why not), `auto` (pixels
/// where the terminal shows them, quietly half-blocks elsewhere), anything else: cells.
enum class PixelMode { off, automatic, on };

PixelMode pixel_mode_of(const std::string& video_style);

struct PixelChoice {
  std::optional<pixels::Protocol> protocol;  ///< none: draw cells
  bool tmux_passthrough = false;
  bool shared_memory = false;  ///< kitty on this machine: pixels through shared memory, not the pty
  std::string notice;  ///< why not, for `pixels` (one line); "" otherwise
  bool operator==(const PixelChoice&) const = default;
};

/// kitty where it answered the query (through tmux only if its answer came through the
/// passthrough), else sixel where DA1 lists it and the cell size is known (sixel is drawn 1:1).
/// `features` is null until the terminal answered (cells meanwhile, and no notice yet).
PixelChoice choose_pixels(PixelMode mode, const tui::TerminalFeatures* features);

}  // namespace clivrt::app
