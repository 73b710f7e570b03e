#pragma once
// Which capture/playback devices can actually be opened here (private to src/media). This machine
// class may have no camera and no sound card: the call must still work, with a warning.
#include <initializer_list>
#include <string>

namespace clivrt::media {

/// The first factory whose element exists and reaches READY (device opened), or "".
std::string first_usable_element(std::initializer_list<const char*> factories);

/// Empty if `device` is a video device we can open, else why not (for the warning).
std::string camera_problem(const std::string& device);

}  // namespace clivrt::media
