#pragma once
// A webrtcbin's ICE agent set up from the call's options: UDP only, no UPnP, the STUN and TURN
// servers, relay-only, and the local addresses to gather from (loopback included when asked).
#include <gst/gst.h>

#include <string>
#include <vector>

#include "clivrt/media/call_session.hpp"

namespace clivrt::media {

/// Before the pipeline starts. Returns what could not be used, for the user.
std::vector<std::string> configure_ice(GstElement* webrtc, const CallOptions& options);

}  // namespace clivrt::media
