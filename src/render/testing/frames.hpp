#pragma once
// Frames for the render benchmarks: a moving test pattern and a decoded natural video.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "clivrt/render/frame_view.hpp"

namespace clivrt::render::testing {

struct OwnedFrame {
  int width = 0;
  int height = 0;
  std::vector<std::uint8_t> rgb;
  render::FrameView view() const { return {rgb.data(), width, height, 3 * width}; }
};

/// Like GStreamer's videotestsrc: SMPTE colour bars with a ball bouncing over them
/// (frame `n` of the animation), `pan` pixels of horizontal scroll per frame.
OwnedFrame smpte_ball(int width, int height, int n, int pan = 0);

/// Frames of a raw RGB24 file (e.g. decoded by gst-launch ... ! filesink), or nullopt with
/// `error` set when the file is missing or not a whole number of frames.
std::optional<std::vector<OwnedFrame>> load_raw_video(const std::string& path, int width, int height,
                                                      std::string& error);

/// The natural test video named by $CLIVRT_RENDER_VIDEO (640x480 RGB24 raw), see
/// docs/performance.md for how to make it.
const char* video_env_var();

}  // namespace clivrt::render::testing
