#include "media/stats_report.hpp"

#include <gtest/gtest.h>

namespace clivrt::media {
namespace {

StatsEntry entry(std::string type, std::string id, std::map<std::string, double> numbers,
                 std::map<std::string, std::string> strings) {
  return StatsEntry{std::move(type), std::move(id), std::move(numbers), std::move(strings)};
}

// The shape webrtcbin 1.22 reports: an idle extra SSRC next to the real one, codecs by id.
std::vector<StatsEntry> sample(double video_bytes) {
  return {
      entry("codec", "c-video", {{"payload-type", 96}}, {{"mime-type", "video/VP8"}}),
      entry("codec", "c-audio", {}, {{"mime-type", "audio/OPUS"}}),
      entry("inbound-rtp", "in-idle", {{"bytes-received", 0}, {"packets-received", 0}, {"jitter", -0.0}},
            {{"kind", "video"}, {"codec-id", "c-video"}}),
      entry("inbound-rtp", "in-video",
            {{"bytes-received", video_bytes}, {"packets-received", 40}, {"packets-lost", 3}, {"jitter", 0.015},
             {"nack-count", 2}, {"pli-count", 1}},
            {{"kind", "video"}, {"codec-id", "c-video"}}),
      entry("inbound-rtp", "in-audio", {{"bytes-received", 500}, {"packets-received", 10}},
            {{"codec-id", "c-audio"}}),  // no "kind": told apart by codec
      entry("outbound-rtp", "out-video", {{"bytes-sent", 9000}, {"packets-sent", 30}}, {{"kind", "video"}}),
      entry("remote-inbound-rtp", "ri-video", {{"packets-lost", -1}, {"round-trip-time", 0.004}}, {{"kind", "video"}}),
  };
}

TEST(StatsReport, FoldsStreamsByKind) {
  CallStats out;
  fold_stats(sample(30000), CallStats{}, std::chrono::seconds(0), out);
  EXPECT_EQ(out.video_in.codec, "VP8");
  EXPECT_EQ(out.video_in.bytes, 30000U);
  EXPECT_EQ(out.video_in.packets, 40U);
  EXPECT_EQ(out.video_in.packets_lost, 3);
  EXPECT_DOUBLE_EQ(out.video_in.jitter_s, 0.015);
  EXPECT_EQ(out.video_out.nacks, 2U);  // webrtcbin 1.22: the peer's requests, on the inbound entry
  EXPECT_EQ(out.video_out.plis, 1U);
  EXPECT_EQ(out.audio_in.codec, "OPUS");
  EXPECT_EQ(out.audio_in.bytes, 500U);
  EXPECT_EQ(out.video_out.bytes, 9000U);
  EXPECT_EQ(out.video_out.packets_lost, 0);  // -1 means "not known yet"
  EXPECT_DOUBLE_EQ(out.rtt_s, 0.004);
  EXPECT_EQ(out.video_in.bitrate_bps, 0);  // no interval yet
}

TEST(StatsReport, BitrateFromTheBytesSinceThePreviousReport) {
  CallStats first;
  fold_stats(sample(30000), CallStats{}, std::chrono::seconds(0), first);
  CallStats second;
  fold_stats(sample(55000), first, std::chrono::milliseconds(500), second);
  EXPECT_DOUBLE_EQ(second.video_in.bitrate_bps, 25000 * 8 / 0.5);
  EXPECT_DOUBLE_EQ(second.video_out.bitrate_bps, 0);  // unchanged
}

}  // namespace
}  // namespace clivrt::media
