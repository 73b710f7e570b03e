#pragma once
// Test and benchmark support: the picture a half-block grid shows, reconstructed pixel by pixel
// (two per cell), and how close it is to another (PSNR), for quality figures.
#include <vector>

#include "clivrt/render/cell.hpp"
#include "clivrt/render/frame_view.hpp"
#include "clivrt/render/palette.hpp"

namespace clivrt::render::testing {

/// cols x 2*rows pixels: the upper half of each cell, then the lower (a blank shows its
/// background in both; the terminal's default colours count as black).
std::vector<Rgb> half_block_picture(const CellGrid& grid);

/// `frame` box-scaled to the pane in exact colours: what a perfect half-block pane would show.
std::vector<Rgb> reference_picture(const FrameView& frame, GridSize pane);

/// Peak signal-to-noise ratio over all channels, in dB (99 for identical pictures).
double psnr(const std::vector<Rgb>& a, const std::vector<Rgb>& b);

}  // namespace clivrt::render::testing
