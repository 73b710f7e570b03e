#include "stats_report.hpp"

#include <gst/webrtc/webrtc.h>
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
            {{"bytes-received", video_bytes},
             {"packets-received", 40},
             {"packets-lost", 3},
             {"jitter", 0.015},
             {"nack-count", 2},
             {"pli-count", 1}},
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

// A BUNDLE call as webrtcbin 1.22 reports it (abridged from a call with aiortc): every SSRC of the
// shared session carries the last pad's kind and codec-id, here the video ones; only the nested
// RTP source stats tell the audio streams (48 kHz) from the video ones (90 kHz).
TEST(StatsReport, BundledStreamsToldApartByClockRate) {
  gst_init(nullptr, nullptr);
  GstStructure* reply = gst_structure_new_empty("application/x-webrtc-stats");
  const auto add = [reply](GstWebRTCStatsType type, const char* id, const char* count_field, guint64 count,
                           int clock_rate, const char* local_id = nullptr) {
    GstStructure* source =
        gst_structure_new("application/x-rtp-source-stats", "clock-rate", G_TYPE_INT, clock_rate, nullptr);
    GstStructure* entry =
        gst_structure_new("stats", "type", GST_TYPE_WEBRTC_STATS_TYPE, type, "id", G_TYPE_STRING, id, "kind",
                          G_TYPE_STRING, "video", "codec-id", G_TYPE_STRING, "codec-stats-src_0", count_field,
                          G_TYPE_UINT64, count, "gst-rtpsource-stats", GST_TYPE_STRUCTURE, source, nullptr);
    if (local_id != nullptr) gst_structure_set(entry, "local-id", G_TYPE_STRING, local_id, nullptr);
    gst_structure_set(reply, id, GST_TYPE_STRUCTURE, entry, nullptr);
    gst_structure_free(entry);
    gst_structure_free(source);
  };
  GstStructure* codec =
      gst_structure_new("codec", "type", GST_TYPE_WEBRTC_STATS_TYPE, GST_WEBRTC_STATS_CODEC, "id", G_TYPE_STRING,
                        "codec-stats-src_0", "mime-type", G_TYPE_STRING, "video/VP8", nullptr);
  gst_structure_set(reply, "codec-stats-src_0", GST_TYPE_STRUCTURE, codec, nullptr);
  gst_structure_free(codec);
  add(GST_WEBRTC_STATS_INBOUND_RTP, "in-video", "packets-received", 238, 90000);
  add(GST_WEBRTC_STATS_INBOUND_RTP, "in-audio", "packets-received", 396, 48000);
  add(GST_WEBRTC_STATS_OUTBOUND_RTP, "out-video", "packets-sent", 267, 90000);
  add(GST_WEBRTC_STATS_OUTBOUND_RTP, "out-audio", "packets-sent", 421, 48000);
  // Its nested source stats are the peer's video stream's: the outbound entry decides.
  add(GST_WEBRTC_STATS_REMOTE_INBOUND_RTP, "ri-audio", "packets-lost", 7, 90000, "out-audio");
  const auto entries = read_stats(reply);
  gst_structure_free(reply);
  ASSERT_EQ(entries.size(), 6U);
  CallStats out;
  fold_stats(entries, CallStats{}, std::chrono::seconds(0), out);
  EXPECT_EQ(out.audio_in.packets, 396U);
  EXPECT_EQ(out.audio_in.codec, "");  // codec-stats-src_0 is the video codec: not taken for audio
  EXPECT_EQ(out.video_in.packets, 238U);
  EXPECT_EQ(out.video_in.codec, "VP8");
  EXPECT_EQ(out.audio_out.packets, 421U);
  EXPECT_EQ(out.video_out.packets, 267U);
  EXPECT_EQ(out.audio_out.packets_lost, 7);  // by the outbound entry it reports on, not its own nested rate
  EXPECT_EQ(out.video_out.packets_lost, 0);
}

// The pair as webrtcbin 1.22.0 reports it: the pair names its candidates by id, and the two
// candidate entries carry each other's type (our own is "remote-candidate").
TEST(StatsReport, SelectedPathNamesBothCandidates) {
  const std::vector<StatsEntry> entries = {
      entry("transport", "transport-stats_0", {}, {{"selected-candidate-pair-id", "pair-0"}}),
      entry("candidate-pair", "pair-0", {},
            {{"local-candidate-id", "ice-candidate-local_1_203.0.113.1_49170"},
             {"remote-candidate-id", "ice-candidate-remote_1_fd00::2_40000"}}),
      // Type preference 20 (priority 337642239 >> 24): libnice's TURN-over-TCP relay; the
      // reported "relay-protocol" is webrtcbin's unset turn-server property.
      entry("remote-candidate", "ice-candidate-local_1_203.0.113.1_49170", {{"port", 49170}, {"priority", 337642239}},
            {{"address", "203.0.113.1"}, {"candidate-type", "relay"}, {"protocol", "udp"}, {"relay-protocol", "none"}}),
      entry("local-candidate", "ice-candidate-remote_1_fd00::2_40000", {{"port", 40000}},
            {{"address", "fd00::2"}, {"candidate-type", "srflx"}, {"protocol", "udp"}}),
  };
  const CallPath path = selected_path(entries);
  EXPECT_EQ(path.local_type, "relay");
  EXPECT_EQ(path.remote_type, "srflx");
  EXPECT_EQ(path.protocol, "udp");
  EXPECT_EQ(path.relay_protocol, "tcp");
  EXPECT_EQ(path.local_address, "203.0.113.1:49170");
  EXPECT_EQ(path.remote_address, "[fd00::2]:40000");
  EXPECT_TRUE(path.relayed());
}

TEST(StatsReport, RelayOverUdpIsToldByTheCandidatePriority) {
  const std::vector<StatsEntry> entries = {
      entry("candidate-pair", "pair-0", {}, {{"local-candidate-id", "l"}, {"remote-candidate-id", "r"}}),
      entry("local-candidate", "l", {{"port", 49170}, {"priority", (30 << 24) + (65535 << 8) + 255}},
            {{"address", "203.0.113.1"}, {"candidate-type", "relay"}, {"relay-protocol", "none"}}),
      entry("remote-candidate", "r", {{"port", 40000}, {"priority", 100 << 24}},
            {{"address", "198.51.100.7"}, {"candidate-type", "srflx"}}),
  };
  const CallPath path = selected_path(entries);
  EXPECT_EQ(path.relay_protocol, "udp");
  EXPECT_EQ(path.remote_address, "198.51.100.7:40000");
}

TEST(StatsReport, NoPathBeforeAPairIsSelected) {
  const std::vector<StatsEntry> entries = {entry("candidate-pair", "pair-0", {}, {})};
  EXPECT_FALSE(selected_path(entries).selected());
  EXPECT_FALSE(selected_path(entries).relayed());
}

}  // namespace
}  // namespace clivrt::media
