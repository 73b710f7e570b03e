#pragma once
// Turns webrtcbin's stats replies (about one every second) and what the session knows itself
// into the CallStats a `stats` command shows. Loop thread only; no GStreamer.
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "clivrt/media/call_session.hpp"

namespace clivrt::media {

struct StatsEntry;

/// What we send, which webrtcbin's stats do not say (sizes, rates, codec names).
struct SendingNow {
  std::string video_codec;  // empty: no video sent
  int width = 0, height = 0;
  double fps = 0;
  bool audio = false;
};

class CallStatsCollector {
 public:
  using Clock = std::chrono::steady_clock;
  /// `plain_tcp_turn`: a turn:…?transport=tcp server is configured; without one, a TCP-based
  /// relay can only be turns: (TLS).
  explicit CallStatsCollector(bool plain_tcp_turn) : plain_tcp_turn_(plain_tcp_turn) {}

  void remote_frame_size(int width, int height);
  void remote_codec(const std::string& media, std::string codec);
  void add_report(const std::vector<StatsEntry>& entries, Clock::time_point now, std::uint64_t frames_decoded,
                  const SendingNow& sending);
  const CallStats& latest() const { return latest_; }

 private:
  bool plain_tcp_turn_;
  CallStats latest_;
  Clock::time_point last_report_at_;
  std::uint64_t frames_at_last_report_ = 0;
};

}  // namespace clivrt::media
