#include "call_stats_collector.hpp"

#include "stats_report.hpp"

namespace clivrt::media {

void CallStatsCollector::remote_frame_size(int width, int height) {
  latest_.video_in.width = width;
  latest_.video_in.height = height;
}

void CallStatsCollector::remote_codec(const std::string& media, std::string codec) {
  (media == "video" ? latest_.video_in : latest_.audio_in).codec = std::move(codec);
}

void CallStatsCollector::add_report(const std::vector<StatsEntry>& entries, Clock::time_point now,
                                    std::uint64_t frames_decoded, const SendingNow& sending) {
  CallStats next;
  next.video_in.codec = latest_.video_in.codec;
  next.audio_in.codec = latest_.audio_in.codec;
  next.video_in.width = latest_.video_in.width;
  next.video_in.height = latest_.video_in.height;
  const std::chrono::duration<double> interval =
      last_report_at_ == Clock::time_point{} ? std::chrono::duration<double>(0) : now - last_report_at_;
  fold_stats(entries, latest_, interval, next);
  next.path = selected_path(entries);
  if (!next.path.selected()) next.path = latest_.path;  // between two reports of a pair
  if (next.path.relay_protocol == "tcp" && !plain_tcp_turn_) next.path.relay_protocol = "tls";
  if (next.video_in.codec.empty()) next.video_in.codec = latest_.video_in.codec;
  if (next.audio_in.codec.empty()) next.audio_in.codec = latest_.audio_in.codec;
  if (interval.count() > 0) {
    next.video_in.fps = static_cast<double>(frames_decoded - frames_at_last_report_) / interval.count();
  }
  frames_at_last_report_ = frames_decoded;
  if (!sending.video_codec.empty()) {
    next.video_out.codec = sending.video_codec;
    next.video_out.width = sending.width;
    next.video_out.height = sending.height;
    next.video_out.fps = sending.fps;
  }
  if (sending.audio) next.audio_out.codec = "OPUS";
  latest_ = next;
  last_report_at_ = now;
}

}  // namespace clivrt::media
