#pragma once
// Draws call video into a pane: the newest remote frame letterboxed, the self view as a small
// picture-in-picture in the bottom-right corner, encoded against what the pane shows within
// the output byte budget (render::BudgetedEncoder). Shared by the full-screen UI and line mode
// (which draws off-screen so that `stats` reports real figures). Loop thread only.
#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "clivrt/config/settings.hpp"
#include "clivrt/media/call_session.hpp"
#include "clivrt/render/budgeted_encoder.hpp"
#include "clivrt/render/cell.hpp"
#include "clivrt/pixels/pixel_encoder.hpp"
#include "clivrt/render/renderer.hpp"
#include "clivrt/tui/terminal_ui.hpp"
#include "presenter.hpp"

namespace clivrt::app {

/// Style and colour depth from settings ("" style = half-block with colour, just-ascii without;
/// "auto" colour = from COLORTERM/TERM/NO_COLOR).
render::RenderOptions video_render_options(const std::string& style, const std::string& color);

/// The output rate `auto` stands for: 400K, or 200K when SSH_CONNECTION or SSH_TTY says the
/// terminal is at the far end of an ssh link (docs/performance.md, "Byte budget").
std::size_t default_output_rate(bool over_ssh);

/// Everything VideoView needs from the settings and the environment.
VideoSettings video_settings_from(const config::Settings& settings);

class VideoView {
 public:
  using Clock = std::chrono::steady_clock;
  /// Returns a one-line notice when the settings ask for pixels the terminal cannot show (once
  /// per change of the answer), else "".
  std::string configure(const VideoSettings& settings);
  /// What the terminal answered to the start-up probe: pixel modes become possible, and REP.
  /// Returns a notice as configure() does.
  std::string set_terminal(const tui::TerminalFeatures& features);
  /// The bytes that remove a picture drawn as pixels (tui::TerminalUi::set_video_clear); "" for cells.
  std::string pixel_clear() const;
  /// Renders into a `size` pane at `origin` and returns the bytes that update the terminal, or
  /// nullptr when the budget has no room for this frame now (draw a newer one later).
  const std::string* draw(const media::VideoFrame& remote, const media::VideoFrame* self, render::GridSize size,
                          render::Origin origin, Clock::time_point now);
  /// The next draw repaints every cell (after the screen was cleared or resized).
  void invalidate();
  /// The terminal did not take the last bytes at once: draw less for a while.
  void congested(Clock::time_point now);
  RenderStats stats() const;

 private:
  std::string choose_output();  // pixels or cells, from the settings and the terminal's answers
  const std::string* draw_pixels(const media::VideoFrame& remote, render::GridSize size, render::Origin origin,
                                 Clock::time_point now);
  const std::string* count_drawn(Clock::time_point start, render::GridSize size);  // &bytes_

  std::optional<tui::TerminalFeatures> terminal_;
  PixelChoice pixel_choice_;
  std::unique_ptr<pixels::PixelEncoder> pixel_encoder_;  // while drawing pixels
  render::Renderer renderer_;
  render::Renderer self_renderer_;
  render::BudgetedEncoder encoder_;
  VideoSettings settings_;
  render::CellGrid current_, self_grid_;
  std::string bytes_;
  RenderStats stats_;
  double total_ms_ = 0;
  double total_bytes_ = 0;
};

}  // namespace clivrt::app
