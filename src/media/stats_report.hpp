#pragma once
// webrtcbin's get-stats reply as plain values, and the fold into CallStats (private to src/media).
#include <gst/gst.h>

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "clivrt/media/call_session.hpp"

namespace clivrt::media {

/// One RTCStats dictionary (https://www.w3.org/TR/webrtc-stats/) as webrtcbin 1.22 reports it.
struct StatsEntry {
  std::string type;  // "inbound-rtp", "outbound-rtp", "remote-inbound-rtp", "codec", ...
  std::string id;
  std::map<std::string, double> numbers;
  std::map<std::string, std::string> strings;
  double number(const std::string& key, double fallback = 0) const {
    const auto it = numbers.find(key);
    return it == numbers.end() ? fallback : it->second;
  }
  std::string string(const std::string& key) const {
    const auto it = strings.find(key);
    return it == strings.end() ? std::string() : it->second;
  }
};

/// Any thread: copies the reply structure (fields are nested structures) into values.
std::vector<StatsEntry> read_stats(const GstStructure* reply);

/// Pure: fills the RTP parts of `out` (codec, bytes, packets, loss, jitter, RTT, bitrate against
/// `previous` taken `interval` earlier). Video size/fps and frame counters are filled by the caller.
void fold_stats(const std::vector<StatsEntry>& entries, const CallStats& previous,
                std::chrono::duration<double> interval, CallStats& out);

/// Pure: the selected candidate pair (webrtcbin lists one pair per transport; with BUNDLE there
/// is one transport). Empty if none is selected yet.
CallPath selected_path(const std::vector<StatsEntry>& entries);

}  // namespace clivrt::media
