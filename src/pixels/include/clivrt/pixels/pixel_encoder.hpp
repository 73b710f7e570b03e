#pragma once
// Call video as real pixels: frames → kitty graphics or sixel escape sequences (encoded by
// libchafa), letterboxed in a pane of cells, within the same output byte budget as the cell
// renderer. Resolution adapts to the budget (kitty scales the picture to the pane itself, so it
// gets fewer pixels; sixel is drawn 1:1, so it gets fewer frames). Each picture replaces the
// previous one; clear() removes it. Pure (time is passed in); one per pane; not thread-safe.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "clivrt/render/budgeted_encoder.hpp"
#include "clivrt/render/cell.hpp"
#include "clivrt/render/encoder.hpp"
#include "clivrt/render/frame_view.hpp"

namespace clivrt::pixels {

enum class Protocol { kitty, sixel };

/// The pane the picture goes into.
struct Pane {
  render::Origin origin;            ///< top-left cell, 0-based
  render::GridSize cells;           ///< pane size in cells
  int cell_width = 0, cell_height = 0;  ///< one cell in pixels, as the terminal reported it (> 0)
};

struct PixelStats {
  render::BudgetStats output;  ///< same figures as the cell renderer's
  int width = 0, height = 0;   ///< pixels of the last picture sent
};

class PixelEncoder {
 public:
  using Clock = std::chrono::steady_clock;
  /// `tmux_passthrough`: wrap every sequence for tmux (DCS tmux; … ST, ESC doubled), for a
  /// tmux whose outer terminal was seen to answer through it.
  PixelEncoder(Protocol protocol, bool tmux_passthrough);
  ~PixelEncoder();
  PixelEncoder(const PixelEncoder&) = delete;
  PixelEncoder& operator=(const PixelEncoder&) = delete;

  Protocol protocol() const;
  /// kitty only: hand the pixels over in POSIX shared memory (t=s, an object of ours, 0600, which
  /// the terminal reads and removes) instead of through the pty — for a terminal on this machine
  /// that answered the shared-memory query. A frame then costs a few dozen bytes.
  void use_shared_memory(bool on);
  /// Bytes per second; 0 = unlimited (full pane resolution, every frame).
  void set_rate(std::size_t bytes_per_second);
  /// Appends to `out` the bytes that show `frame` letterboxed and centred in `pane` (cursor
  /// addressing absolute, the cursor left anywhere), replacing the previous picture, and
  /// returns true; false and nothing appended when the budget has no room for a frame now.
  bool encode(const render::FrameView& frame, const Pane& pane, Clock::time_point now, std::string& out);
  /// The bytes that remove the picture from the screen (kitty: delete by image id; sixel: none
  /// needed, text drawn over it replaces it — returns ""). Send before the pane shows text
  /// again (hang-up, resize) and before leaving (quit).
  std::string clear() const;
  /// The terminal did not take the last bytes at once: lower the rate (as BudgetedEncoder).
  void congested(Clock::time_point now);
  PixelStats stats(Clock::time_point now) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace clivrt::pixels
