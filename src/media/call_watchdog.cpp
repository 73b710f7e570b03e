#include "call_watchdog.hpp"

#include <algorithm>

namespace clivrt::media {

namespace {
std::string whole_seconds(std::chrono::milliseconds duration) {
  return std::to_string(std::chrono::duration_cast<std::chrono::seconds>(duration).count());
}
}  // namespace

std::optional<std::string> watchdog_verdict(const WatchdogReading& reading, std::chrono::milliseconds media_timeout,
                                            std::chrono::milliseconds connect_timeout) {
  if (reading.state == CallState::connected) {
    const auto silent_for = reading.now - std::max(reading.last_packet, reading.connected_at);
    const auto limit = reading.media_seen ? media_timeout : media_timeout * 3;
    if (silent_for > limit) return "no media from peer for " + whole_seconds(limit) + " s";
  }
  if (reading.state == CallState::connecting && reading.negotiated &&
      reading.now - reading.negotiated_at > connect_timeout) {
    return "cannot connect to the peer within " + whole_seconds(connect_timeout) + " s (no working network path)";
  }
  return std::nullopt;
}

}  // namespace clivrt::media
