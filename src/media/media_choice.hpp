#pragma once
// From call options to what to build (private to src/media): checks cameras, files and sound
// devices, replaces unusable ones (with a warning) and names the echo-mode and echo-probe links.
#include <functional>
#include <string>

#include "media_pipeline.hpp"

namespace clivrt::media {

/// `negotiated` carries the codec and payload types; the result adds sources and sizes. Sets the
/// bridge's speaker, echo and level fields. Warnings go to `warn` (a missing sound device only
/// once per process: it is the normal case on a server or in a container).
SendPlan choose_media(const CallOptions& options, const SendPlan& negotiated, bool want_levels, SessionBridge& bridge,
                      const std::function<void(std::string)>& warn);

}  // namespace clivrt::media
