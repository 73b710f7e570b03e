#include "call_stats_text.hpp"

#include <cstdio>

#include "clivrt/config/settings.hpp"

namespace clivrt::app {

std::string describe_output(const render::BudgetStats& r) {
  const auto rate = [](std::size_t bytes) { return config::format_output_rate(bytes) + "/s"; };
  std::string text = "terminal output " + (r.bytes_last_second == 0 ? "0/s" : rate(r.bytes_last_second));
  text += r.rate == 0 ? ", unlimited" : " of " + rate(r.rate);
  if (r.effective_rate != r.rate) {
    text += " (slowed to " + (r.effective_rate == 0 ? std::string("unlimited") : rate(r.effective_rate)) +
            ": the terminal fell behind " + std::to_string(r.congestions) + (r.congestions == 1 ? " time)" : " times)");
  }
  text += " · " + std::to_string(r.frames_last_second) + " frames drawn in the last second";
  if (r.rate != 0 || r.effective_rate != 0) text += " · change threshold " + std::to_string(r.threshold);
  if (r.frames_skipped > 0 || r.frames_partial > 0) {
    text += " · " + std::to_string(r.frames_skipped) + " frames skipped, " + std::to_string(r.frames_partial) +
            " drawn in parts";
  }
  return text;
}

std::string describe_stream(const char* label, const media::StreamStats& s, bool video) {
  if (s.codec.empty()) return std::string(label) + ": none";
  char text[256];
  if (video) {
    std::snprintf(text, sizeof text, "%s: %s %dx%d %.1f fps %.0f kbit/s, %lld lost, jitter %.1f ms", label,
                  s.codec.c_str(), s.width, s.height, s.fps, s.bitrate_bps / 1000,
                  static_cast<long long>(s.packets_lost), s.jitter_s * 1000);
  } else {
    std::snprintf(text, sizeof text, "%s: %s %.0f kbit/s, %lld lost, jitter %.1f ms", label, s.codec.c_str(),
                  s.bitrate_bps / 1000, static_cast<long long>(s.packets_lost), s.jitter_s * 1000);
  }
  return text;
}

std::string describe_path(const media::CallPath& path) {
  if (!path.selected()) return "path: not selected yet";
  std::string text = "path: " + path.local_type + " ⇄ " + path.remote_type + " " + path.remote_address;
  if (!path.protocol.empty()) text += " over " + path.protocol;
  if (path.local_type == "relay") {
    text += ", relayed by our TURN server";
    if (!path.relay_protocol.empty()) text += " over " + path.relay_protocol;
    text += " (the peer sees the relay's address, not yours)";
  } else if (path.remote_type == "relay") {
    text += ", relayed by the peer's TURN server";
  } else {
    text += ", direct";
  }
  return text;
}

std::string describe_no_path(const std::string& peer, bool had_turn, const std::string& turn_trouble) {
  if (had_turn && !turn_trouble.empty()) {
    return "no network path to " + peer + ", not even through the TURN relay: " + turn_trouble;
  }
  if (had_turn) {
    return "no network path to " + peer +
           ", not even through the TURN relay: check that the TURN server is "
           "reachable (TCP where UDP is blocked) and accepts its credentials";
  }
  return "no network path to " + peer +
         ": neither side can reach the other directly; a TURN server is needed "
         "(clivrt-server --turn-url, or ice_servers = turn:USER:PASSWORD@HOST:PORT)";
}

}  // namespace clivrt::app
