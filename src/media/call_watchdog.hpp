#pragma once
// When a call must give up: no media for too long once connected, or no connection long after
// both descriptions were set. Pure, so the rules are unit-tested without a network.
#include <chrono>
#include <optional>
#include <string>

#include "clivrt/media/call_session.hpp"

namespace clivrt::media {

struct WatchdogReading {
  using Clock = std::chrono::steady_clock;
  CallState state = CallState::idle;
  Clock::time_point now, connected_at, negotiated_at;
  Clock::time_point last_packet;  // any inbound packet; epoch if none yet
  bool media_seen = false;        // an RTP packet (not just RTCP) has arrived
  bool negotiated = false;        // both descriptions are set
};

/// The reason the call fails now, or nothing while it may go on. The peer's RTCP alone arrives
/// every few seconds, so a peer that sends no media gets three times `media_timeout`.
std::optional<std::string> watchdog_verdict(const WatchdogReading& reading, std::chrono::milliseconds media_timeout,
                                            std::chrono::milliseconds connect_timeout);

}  // namespace clivrt::media
