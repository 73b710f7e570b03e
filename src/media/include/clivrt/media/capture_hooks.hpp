#pragma once
// Process-wide hooks on the raw media just before it is encoded (private to src/media), for the
// latency benchmarks: they stamp a time into the picture or the sound. Set before sessions start.
#include <cstddef>
#include <cstdint>
#include <functional>

namespace clivrt::media {

struct CaptureHooks {
  /// Each I420 frame going to the encoder (after camera-off blackening): its writable luma plane.
  std::function<void(std::uint8_t* luma, int stride, int width, int height)> video;
  /// Each buffer of 48 kHz mono S16 samples going to Opus (after mute), writable.
  std::function<void(std::int16_t* samples, std::size_t count)> audio;
};

void set_capture_hooks(CaptureHooks hooks);
const CaptureHooks& capture_hooks();

}  // namespace clivrt::media
