#pragma once
#include <cstdint>

namespace clivrt::render {

/// A decoded video frame, not owned: packed RGB24, `stride` bytes from one row to the next
/// (at least 3 * width). The renderer only reads it during the call.
struct FrameView {
  const std::uint8_t* data = nullptr;
  int width = 0;
  int height = 0;
  int stride = 0;

  bool valid() const { return data != nullptr && width > 0 && height > 0 && stride >= 3 * width; }
};

}  // namespace clivrt::render
