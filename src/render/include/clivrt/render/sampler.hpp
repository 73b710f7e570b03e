#pragma once
// Area-averaging (box filter) resampler: every output sample is the mean of the source
// pixels it covers, so downscaled video is stable from frame to frame (no nearest-neighbour
// shimmer). Upscaling degrades to nearest neighbour. Reusable scratch, no allocation once
// configured for a size.
#include <cstdint>
#include <vector>

#include "clivrt/render/frame_view.hpp"
#include "clivrt/render/palette.hpp"

namespace clivrt::render {

class BoxSampler {
 public:
  /// Prepares to resample a src_w x src_h picture to out_w x out_h samples (all > 0).
  /// Cheap when the sizes did not change.
  void configure(int src_w, int src_h, int out_w, int out_h);

  /// Writes the out_w averaged samples of output row `y` (0 <= y < out_h) to `out`.
  /// `frame` must have the configured size.
  void sample_row(const FrameView& frame, int y, Rgb* out);

 private:
  template <typename Acc>
  void average_columns(const Acc* sums, int rows, Rgb* out);

  int src_w_ = 0, src_h_ = 0, out_w_ = 0, out_h_ = 0;
  int max_span_ = 0;                   // widest column span, in source pixels
  std::vector<int> x_begin_, x_end_;   // source pixel span of each output column
  std::vector<std::uint16_t> sums16_;  // column sums over a band of up to 257 rows
  std::vector<std::uint32_t> sums32_;  // for taller bands
  std::vector<std::uint64_t> recip_;   // 2^32 / pixel count, by span width
};

}  // namespace clivrt::render
