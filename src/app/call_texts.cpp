#include "call_texts.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "call_stats_text.hpp"

namespace clivrt::app {

std::string clock_text(std::chrono::steady_clock::duration elapsed) {
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(elapsed).count();
  char text[32];
  if (seconds >= 3600) {
    std::snprintf(text, sizeof text, "%lld:%02lld:%02lld", static_cast<long long>(seconds / 3600),
                  static_cast<long long>(seconds / 60 % 60), static_cast<long long>(seconds % 60));
  } else {
    std::snprintf(text, sizeof text, "%02lld:%02lld", static_cast<long long>(seconds / 60),
                  static_cast<long long>(seconds % 60));
  }
  return text;
}

std::string hang_up_message(const std::string& peer, const std::string& reason) {
  if (reason == "busy") return peer + " is busy in another call";
  if (reason == "declined") return peer + " declined the call";
  if (reason == "no-answer") return peer + " gave up: no answer";
  if (reason == "failed") return "the call with " + peer + " failed on " + peer + "'s side";
  return peer + " hung up";
}

std::string call_status_text(CallPhase phase, const std::string& peer, std::chrono::steady_clock::duration in_call) {
  switch (phase) {
    case CallPhase::idle: return "none";
    case CallPhase::outgoing: return "calling " + peer + "…";
    case CallPhase::incoming: return peer + " is calling";
    case CallPhase::connecting: return "connecting to " + peer + "…";
    case CallPhase::connected: return "in call with " + peer + " " + clock_text(in_call);
    case CallPhase::reconnecting: return "reconnecting to " + peer + "…";
  }
  return "none";
}

std::string call_hint(CallPhase phase) {
  switch (phase) {
    case CallPhase::incoming: return "answer · decline";
    case CallPhase::outgoing:
    case CallPhase::connecting: return "hangup to cancel";
    case CallPhase::reconnecting: return "hangup to give up";
    case CallPhase::connected: return "hangup · stats · set videostyle";
    case CallPhase::idle: break;
  }
  return "help: commands · Tab completes";
}

std::string level_bar(double db) {
  static constexpr const char* kBars[] = {" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
  const auto step = static_cast<int>(std::lround((db + 60.0) / 60.0 * 8.0));
  return kBars[std::clamp(step, 0, 8)];
}

std::string sending_text(bool muted, bool camera_enabled, const std::optional<media::AudioLevels>& levels) {
  std::string text = muted ? "🔇" : "🎤";
  if (levels) text += level_bar(levels->local_rms_db);
  text += camera_enabled ? " 📷" : " 🚫";
  if (levels) text += " 🔈" + level_bar(levels->remote_rms_db);
  return text;
}

Report device_report(const std::vector<media::MediaDevice>& devices) {
  Report report{"devices (use the name in .clivrt's microphone/speaker/webcam):", nlohmann::json::array()};
  for (const auto kind :
       {media::MediaDeviceKind::microphone, media::MediaDeviceKind::speaker, media::MediaDeviceKind::camera}) {
    report.text += std::string("\n  ") + media::to_string(kind) + "s:";
    bool any = false;
    for (const auto& device : devices) {
      if (device.kind != kind) continue;
      any = true;
      report.text += "\n    " + device.name + "  " + device.description;
      report.data.push_back(
          {{"kind", media::to_string(kind)}, {"name", device.name}, {"description", device.description}});
    }
    if (!any) report.text += " none found";
  }
  report.text += "\n  always available: test (a test pattern / a tone), none";
  report.data = {{"devices", report.data}};
  return report;
}

namespace {
std::string level_text(const nlohmann::json& level_db) {
  if (!level_db.is_number()) return "";
  char text[32];
  std::snprintf(text, sizeof text, ", level %.0f dBFS", level_db.get<double>());
  return text;
}
}  // namespace

Report stats_report(const std::string& peer, const media::CallStats& stats, const RenderStats& render,
                    const std::optional<media::AudioLevels>& levels) {
  // The meters' latest RMS (dBFS): what the peer hears from us (after mute) and what we hear.
  const auto level = [&levels](bool local) -> nlohmann::json {
    if (!levels) return nullptr;
    return local ? levels->local_rms_db : levels->remote_rms_db;
  };
  char summary[256];
  std::snprintf(summary, sizeof summary,
                "rtt %s · frames received %llu, decoded %llu, drawn %llu · render %.2f ms/frame, %.0f bytes/frame "
                "into %dx%d",
                stats.rtt_s < 0 ? "?" : (std::to_string(static_cast<int>(stats.rtt_s * 1000)) + " ms").c_str(),
                static_cast<unsigned long long>(stats.frames_received),
                static_cast<unsigned long long>(stats.frames_decoded),
                static_cast<unsigned long long>(render.frames_drawn), render.average_render_ms,
                render.average_bytes_per_frame, render.columns, render.rows);
  std::string drawn_as;
  if (!render.pixels.empty()) {
    drawn_as = " as " + render.pixels + " pixels, " + std::to_string(render.pixel_width) + "x" +
               std::to_string(render.pixel_height);
  }
  const std::string text = "call stats with " + peer + "\n  " + describe_stream("video in ", stats.video_in, true) +
                           "\n  " + describe_stream("video out", stats.video_out, true) + "\n  " +
                           describe_stream("audio in ", stats.audio_in, false) + level_text(level(false)) + "\n  " +
                           describe_stream("audio out", stats.audio_out, false) + level_text(level(true)) + "\n  " +
                           describe_path(stats.path) + "\n  " + summary + drawn_as + "\n  " +
                           describe_output(render.output);
  return {text,
          {{"frames_received", stats.frames_received},
           {"frames_decoded", stats.frames_decoded},
           {"frames_drawn", render.frames_drawn},
           {"render_ms", render.average_render_ms},
           {"bytes_per_frame", render.average_bytes_per_frame},
           {"pixels", render.pixels.empty() ? nlohmann::json(nullptr)
                                             : nlohmann::json{{"protocol", render.pixels},
                                                              {"width", render.pixel_width},
                                                              {"height", render.pixel_height}}},
           {"output",
            {{"bytes_last_second", render.output.bytes_last_second},
             {"budget", render.output.rate},
             {"effective_budget", render.output.effective_rate},
             {"frames_last_second", render.output.frames_last_second},
             {"threshold", render.output.threshold},
             {"frames_skipped", render.output.frames_skipped},
             {"frames_partial", render.output.frames_partial},
             {"congestions", render.output.congestions}}},
           {"rtt_ms", stats.rtt_s < 0 ? -1 : stats.rtt_s * 1000},
           {"path",
            {{"local_type", stats.path.local_type},
             {"remote_type", stats.path.remote_type},
             {"protocol", stats.path.protocol},
             {"relay_protocol", stats.path.relay_protocol},
             {"local_address", stats.path.local_address},
             {"remote_address", stats.path.remote_address},
             {"relayed", stats.path.relayed()}}},
           {"video_in",
            {{"codec", stats.video_in.codec},
             {"width", stats.video_in.width},
             {"height", stats.video_in.height},
             {"fps", stats.video_in.fps},
             {"bitrate", stats.video_in.bitrate_bps},
             {"lost", stats.video_in.packets_lost},
             {"nacks", stats.video_in.nacks},
             {"plis", stats.video_in.plis}}},
           {"video_out",
            {{"codec", stats.video_out.codec},
             {"fps", stats.video_out.fps},
             {"bitrate", stats.video_out.bitrate_bps},
             {"nacks", stats.video_out.nacks},
             {"plis", stats.video_out.plis}}},
           {"audio_in",
            {{"codec", stats.audio_in.codec},
             {"bitrate", stats.audio_in.bitrate_bps},
             {"packets", stats.audio_in.packets},
             {"level_db", level(false)}}},
           {"audio_out",
            {{"codec", stats.audio_out.codec}, {"bitrate", stats.audio_out.bitrate_bps}, {"level_db", level(true)}}}}};
}

}  // namespace clivrt::app
