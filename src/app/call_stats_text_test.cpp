#include "call_stats_text.hpp"

#include <gtest/gtest.h>

namespace clivrt::app {
namespace {

TEST(CallStatsText, DirectPathBetweenReflexiveAddresses) {
  media::CallPath path{"srflx", "srflx", "udp", "", "198.51.100.1:40000", "198.51.100.2:40002"};
  EXPECT_EQ(describe_path(path), "path: srflx ⇄ srflx 198.51.100.2:40002 over udp, direct");
}

TEST(CallStatsText, OurRelaySaysWhatThePeerSees) {
  media::CallPath path{"relay", "prflx", "udp", "tcp", "203.0.113.1:49170", "198.51.100.2:40002"};
  const std::string text = describe_path(path);
  EXPECT_EQ(text.find("path: relay ⇄ prflx 198.51.100.2:40002 over udp, relayed by our TURN server over tcp"), 0u)
      << text;
  EXPECT_NE(text.find("not yours"), std::string::npos);
}

TEST(CallStatsText, ThePeersRelayAndNoPathYet) {
  media::CallPath path{"host", "relay", "udp", "", "10.0.0.2:5000", "203.0.113.1:49180"};
  EXPECT_NE(describe_path(path).find("relayed by the peer's TURN server"), std::string::npos);
  EXPECT_EQ(describe_path(media::CallPath{}), "path: not selected yet");
}

TEST(CallStatsText, NoPathSaysWhatWouldHelp) {
  EXPECT_NE(describe_no_path("bob", false)
                .find("no network path to bob: neither side can reach the other directly; "
                      "a TURN server is needed"),
            std::string::npos);
  EXPECT_NE(describe_no_path("bob", true).find("not even through the TURN relay"), std::string::npos);
  EXPECT_EQ(describe_no_path("bob", true, "the TURN server 10.0.0.1:3478 refused the credentials"),
            "no network path to bob, not even through the TURN relay: the TURN server 10.0.0.1:3478 refused the "
            "credentials");
}

TEST(CallStatsText, StreamLines) {
  media::StreamStats video;
  EXPECT_EQ(describe_stream("video in ", video, true), "video in : none");
  video.codec = "VP8";
  video.width = 640;
  video.height = 480;
  video.fps = 29.76;
  video.bitrate_bps = 812000;
  video.jitter_s = 0.0021;
  EXPECT_EQ(describe_stream("video in ", video, true),
            "video in : VP8 640x480 29.8 fps 812 kbit/s, 0 lost, jitter 2.1 ms");
  media::StreamStats audio;
  audio.codec = "OPUS";
  audio.bitrate_bps = 32000;
  audio.packets_lost = 2;
  EXPECT_EQ(describe_stream("audio out", audio, false), "audio out: OPUS 32 kbit/s, 2 lost, jitter 0.0 ms");
}

}  // namespace
}  // namespace clivrt::app

TEST(CallStatsText, OutputLineNamesTheBudgetAndTheBackOff) {
  clivrt::render::BudgetStats r;
  r.rate = r.effective_rate = 400 * 1024;
  r.bytes_last_second = 312 * 1024;
  r.frames_last_second = 23;
  r.threshold = 12;
  EXPECT_EQ(clivrt::app::describe_output(r),
            "terminal output 312K/s of 400K/s · 23 frames drawn in the last second · change threshold 12");
  r.effective_rate = 200 * 1024;
  r.congestions = 1;
  r.frames_skipped = 4;
  r.frames_partial = 1;
  EXPECT_EQ(clivrt::app::describe_output(r),
            "terminal output 312K/s of 400K/s (slowed to 200K/s: the terminal fell behind 1 time) · 23 frames drawn in "
            "the last second · change threshold 12 · 4 frames skipped, 1 drawn in parts");
  clivrt::render::BudgetStats unlimited;
  unlimited.bytes_last_second = 2'300'000;
  unlimited.frames_last_second = 24;
  EXPECT_EQ(clivrt::app::describe_output(unlimited),
            "terminal output 2.19M/s, unlimited · 24 frames drawn in the last second");
}
