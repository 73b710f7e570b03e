#include "sdp_text.hpp"

#include <gtest/gtest.h>

namespace clivrt::media::sdp {
namespace {

// The shape of an aiortc 1.4 offer: BUNDLE, but one ice-ufrag per media section.
constexpr const char* aiortc_offer =
    "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0 1\r\na=msid-semantic:WMS *\r\n"
    "m=audio 9 UDP/TLS/RTP/SAVPF 96 0\r\nc=IN IP4 0.0.0.0\r\na=mid:0\r\na=rtpmap:96 opus/48000/2\r\n"
    "a=rtpmap:0 PCMU/8000\r\na=ice-ufrag:aaaa\r\na=ice-pwd:p1\r\n"
    "m=video 9 UDP/TLS/RTP/SAVPF 97 98\r\nc=IN IP4 0.0.0.0\r\na=mid:1\r\na=rtpmap:97 VP8/90000\r\n"
    "a=rtpmap:98 rtx/90000\r\na=ice-ufrag:bbbb\r\na=ice-pwd:p2\r\n";

// A browser-style offer: session-level ufrag shared by both bundled sections.
constexpr const char* bundled_offer =
    "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\na=group:BUNDLE video0 audio1\r\na=ice-ufrag:same\r\n"
    "m=video 9 UDP/TLS/RTP/SAVPF 102\r\na=mid:video0\r\na=rtpmap:102 H264/90000\r\n"
    "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:audio1\r\na=rtpmap:111 OPUS/48000/2\r\n";

TEST(SdpText, ReadsSectionsInOrder) {
  const auto sections = media_sections(aiortc_offer);
  ASSERT_EQ(sections.size(), 2U);
  EXPECT_EQ(sections[0].kind, "audio");
  EXPECT_EQ(sections[0].mid, "0");
  EXPECT_EQ(sections[0].ice_ufrag, "aaaa");
  EXPECT_EQ(sections[0].encodings, (std::vector<std::string>{"OPUS", "PCMU"}));
  EXPECT_EQ(sections[1].kind, "video");
  EXPECT_EQ(sections[1].encodings, (std::vector<std::string>{"VP8", "RTX"}));
  EXPECT_EQ(sections[1].payload_type("VP8"), 97);
  EXPECT_EQ(sections[0].payload_type("OPUS"), 96);
  EXPECT_EQ(sections[0].payload_type("VP8"), -1);
}

TEST(SdpText, PrefersThePayloadTypeWithTheWantedParameters) {
  const auto sections = media_sections(
      "m=video 9 UDP/TLS/RTP/SAVPF 99 101\r\na=rtpmap:99 H264/90000\r\n"
      "a=fmtp:99 packetization-mode=1;profile-level-id=42001f\r\na=rtpmap:101 H264/90000\r\n"
      "a=fmtp:101 packetization-mode=1;profile-level-id=42e01f\r\n");
  ASSERT_EQ(sections.size(), 1U);
  EXPECT_EQ(sections[0].payload_type("H264", "profile-level-id=42e01f"), 101);
  EXPECT_EQ(sections[0].payload_type("H264", "profile-level-id=640c1f"), 99);  // else the first
  EXPECT_EQ(sections[0].payload_type("H264"), 99);
}

TEST(SdpText, SessionLevelUfragAppliesToEverySection) {
  const auto sections = media_sections(bundled_offer);
  ASSERT_EQ(sections.size(), 2U);
  EXPECT_EQ(sections[0].ice_ufrag, "same");
  EXPECT_EQ(sections[1].ice_ufrag, "same");
  EXPECT_EQ(sections[0].encodings, (std::vector<std::string>{"H264"}));
}

TEST(SdpText, DetectsMixedUfragsOnlyInsideBundle) {
  EXPECT_TRUE(bundle_has_mixed_ufrags(aiortc_offer));
  EXPECT_FALSE(bundle_has_mixed_ufrags(bundled_offer));
  const std::string unbundled = without_bundle_group(aiortc_offer);
  EXPECT_FALSE(bundle_has_mixed_ufrags(unbundled));
  EXPECT_EQ(unbundled.find("a=group:BUNDLE"), std::string::npos);
  EXPECT_NE(unbundled.find("a=ice-ufrag:bbbb\r\n"), std::string::npos);
  EXPECT_EQ(media_sections(unbundled).size(), 2U);
}

TEST(SdpText, ReadsTheDtlsRoleAndRewritesItEverywhere) {
  const std::string answer =
      "v=0\r\ns=-\r\na=setup:passive\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\na=mid:video0\r\n"
      "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:audio1\r\na=setup:active\r\na=rtpmap:111 OPUS/48000/2\r\n";
  auto sections = media_sections(answer);
  ASSERT_EQ(sections.size(), 2U);
  EXPECT_EQ(sections[0].setup, "passive") << "the session-level value";
  EXPECT_EQ(sections[1].setup, "active");

  const std::string rewritten = with_setup_role(answer, "passive");
  sections = media_sections(rewritten);
  EXPECT_EQ(sections[0].setup, "passive");
  EXPECT_EQ(sections[1].setup, "passive");
  EXPECT_EQ(rewritten.find("a=setup:active"), std::string::npos);
  EXPECT_NE(rewritten.find("a=rtpmap:111 OPUS/48000/2\r\n"), std::string::npos) << "other lines kept";
  EXPECT_EQ(with_setup_role(bundled_offer, "active"), std::string(bundled_offer)) << "no a=setup: unchanged";
}

TEST(SdpText, MalformedInputGivesEmptyResults) {
  EXPECT_TRUE(media_sections("").empty());
  EXPECT_TRUE(media_sections("garbage\nm=\na=rtpmap:\n").size() == 1);
  EXPECT_TRUE(media_sections("m=video 9 X 1\na=rtpmap:x VP8/90000\na=rtpmap:99999999999 VP8/1\n")[0].encodings.empty());
  EXPECT_FALSE(bundle_has_mixed_ufrags("a=group:BUNDLE   \n"));
  EXPECT_EQ(without_bundle_group("no newline"), "no newline\r\n");
}

TEST(SdpText, NormalizesCandidates) {
  EXPECT_EQ(normalize_candidate("a=candidate:1 1 UDP 1 127.0.0.1 5000 typ host\r\n"),
            "candidate:1 1 UDP 1 127.0.0.1 5000 typ host");
  EXPECT_EQ(normalize_candidate("candidate:1 1 UDP 1 ::1 5 typ host"), "candidate:1 1 UDP 1 ::1 5 typ host");
}

}  // namespace
}  // namespace clivrt::media::sdp
