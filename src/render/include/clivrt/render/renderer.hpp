#pragma once
// Step 1 of 2: a video frame becomes a grid of cells (pure: no I/O, no shared state).
#include <vector>

#include "clivrt/render/cell.hpp"
#include "clivrt/render/frame_view.hpp"
#include "clivrt/render/layout.hpp"
#include "clivrt/render/sampler.hpp"
#include "clivrt/render/style.hpp"

namespace clivrt::render {

struct RenderOptions {
  Style style = Style::half_block;
  ColorDepth depth = ColorDepth::truecolor;
};

/// Renders frames into a caller-owned grid, keeping its scratch buffers between frames so
/// steady-state rendering allocates nothing. One per video pane; not thread-safe.
///
/// Colours are quantised to `depth` here, so equal cells look equal on screen; palette depths
/// keep last frame's entry where it is still about as close (keep_stable), so that noise does
/// not make cells flicker between neighbouring entries. With
/// ColorDepth::none the colour styles keep their glyphs without colour, except half-block,
/// which needs colour to mean anything and becomes the just-ascii ramp over the whole cell.
class Renderer {
 public:
  /// Draws `frame` letterboxed into all of `out` (its size is the pane). An invalid frame
  /// (null data, empty, stride too small) blanks the grid.
  void render(const FrameView& frame, const RenderOptions& options, CellGrid& out);

 private:
  BoxSampler sampler_;
  std::vector<Rgb> upper_;
  std::vector<Rgb> lower_;
  CellGrid last_;  // the previous frame, for stable palette colours
};

/// One-shot convenience: a `size` grid showing `frame`.
CellGrid render_frame(const FrameView& frame, GridSize size, const RenderOptions& options);

}  // namespace clivrt::render
