#pragma once
// Draws call video into a pane: the newest remote frame letterboxed, the self view as a small
// picture-in-picture in the bottom-right corner, encoded as a diff against what the pane
// showed before. Shared by the full-screen UI and line mode (which draws off-screen so that
// `stats` reports real figures). Loop thread only.
#include <memory>
#include <string>

#include "clivrt/media/call_session.hpp"
#include "clivrt/render/cell.hpp"
#include "clivrt/render/encoder.hpp"
#include "clivrt/render/renderer.hpp"
#include "presenter.hpp"

namespace clivrt::app {

/// Style and colour depth from settings ("" style = half-block with colour, just-ascii without;
/// "auto" colour = from COLORTERM/TERM/NO_COLOR).
render::RenderOptions video_render_options(const std::string& style, const std::string& color);

class VideoView {
 public:
  void configure(const render::RenderOptions& options, bool selfview);
  /// Renders into a `size` pane at `origin` and returns the bytes that update the terminal.
  const std::string& draw(const media::VideoFrame& remote, const media::VideoFrame* self, render::GridSize size,
                          render::Origin origin);
  /// The next draw repaints every cell (after the screen was cleared or resized).
  void invalidate();
  RenderStats stats() const;

 private:
  render::Renderer renderer_;
  render::Renderer self_renderer_;
  render::RenderOptions options_;
  bool selfview_ = true;
  render::CellGrid current_, previous_, self_grid_;
  bool previous_valid_ = false;
  std::string bytes_;
  RenderStats stats_;
  double total_ms_ = 0;
  double total_bytes_ = 0;
};

}  // namespace clivrt::app
