#include "media_source.hpp"

#include <filesystem>

namespace clivrt::app {

std::string resolve_video_source(const std::string& webcam, std::string& notice) {
  if (webcam != "auto") return webcam;
  for (int index = 0; index < 10; ++index) {
    std::string device = "/dev/video" + std::to_string(index);
    std::error_code error;
    if (std::filesystem::exists(device, error)) return device;
  }
  notice = "no camera found: sending a test pattern (set webcam in .clivrt to choose)";
  return "test";
}

}  // namespace clivrt::app
