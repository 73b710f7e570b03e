#pragma once
// The natural test video for the render benchmarks: $CLIVRT_RENDER_VIDEO, 640x480 RGB24 raw
// (docs/performance.md says how to make it), read once.
#include <benchmark/benchmark.h>

#include <vector>

#include "testing/frames.hpp"

namespace clivrt::bench {

/// Its frames, or nullptr with `state` marked skipped (and why) when it is not set or unreadable.
const std::vector<render::testing::OwnedFrame>* natural_video_or_skip(benchmark::State& state);

}  // namespace clivrt::bench
