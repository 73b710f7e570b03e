#pragma once
// Turns the `webcam` setting into a media source for a call.
#include <string>

namespace clivrt::app {

/// "auto" becomes the first /dev/video* that exists, else "test" with `notice` set;
/// other values pass through (the media layer falls back to the test pattern if a device fails).
std::string resolve_video_source(const std::string& webcam, std::string& notice);

}  // namespace clivrt::app
