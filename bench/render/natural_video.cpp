#include "natural_video.hpp"

#include <cstdlib>
#include <optional>
#include <string>

namespace clivrt::bench {

const std::vector<render::testing::OwnedFrame>* natural_video_or_skip(benchmark::State& state) {
  const char* path = std::getenv(render::testing::video_env_var());
  if (path == nullptr) {
    state.SkipWithError("natural video skipped: set CLIVRT_RENDER_VIDEO to a 640x480 RGB24 raw "
                        "file (see docs/performance.md)");
    return nullptr;
  }
  static std::string error;
  static const auto frames = render::testing::load_raw_video(path, 640, 480, error);
  if (!frames) {
    state.SkipWithError(("natural video skipped: " + error).c_str());
    return nullptr;
  }
  return &*frames;
}

}  // namespace clivrt::bench
