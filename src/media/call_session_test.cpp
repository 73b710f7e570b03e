// Real calls between two CallSessions in this process over 127.0.0.1 (webrtcbin, libnice, VP8,
// Opus); the test thread is the app loop that both sessions post to.
#include "sdp_text.hpp"
#include "testing/call_test_support.hpp"

#include <gst/gst.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <optional>

namespace clivrt::media {
namespace {

using namespace std::chrono_literals;

/// The text of the first m=<kind> section of `sdp`.
std::string section_of(const std::string& sdp, const std::string& kind) {
  const auto start = sdp.find("m=" + kind + " ");
  if (start == std::string::npos) return {};
  return sdp.substr(start, sdp.find("\nm=", start) - start);
}

TEST(CallSession, VideoCallOnLoopbackDeliversFramesBothWays) {
  Call call(small_options(), small_options());
  call.a->start_offer();
  ASSERT_TRUE(call.run_until_frames(10)) << call.describe();
  for (const Observed* seen : {&call.a_seen, &call.b_seen}) {
    EXPECT_EQ(seen->state, CallState::connected);
    EXPECT_NE(seen->detail.find("DTLS-SRTP"), std::string::npos);
    EXPECT_GT(seen->trickled, 0U);
    EXPECT_EQ(seen->end_of_candidates, 1U) << "bundled: one transport";
    EXPECT_EQ(seen->end_marker.sdp_mline_index, 0) << "named like any candidate (browsers need it)";
    EXPECT_TRUE(seen->end_marker.sdp_mid.has_value());
    ASSERT_TRUE(seen->remote);
    EXPECT_EQ(seen->remote->width, 320);
    EXPECT_EQ(seen->remote->height, 240);
    EXPECT_EQ(seen->remote->rgb.size(), 320U * 240U * 3U);
    EXPECT_GT(mean_brightness(*seen->remote), 20.0);  // the test pattern, not a black frame
    EXPECT_GE(seen->remote->sequence, 10U);
  }
  EXPECT_NE(call.a_seen.sent_sdp.find("a=group:BUNDLE"), std::string::npos);
  // The offer waits for the send branch's caps, so the video stream is described (SSRC and
  // stream id: browsers give a track without them no stream), and Opus, received only here,
  // carries its channel count (Chromium refuses "OPUS/48000").
  const std::string video = section_of(call.a_seen.sent_sdp, "video");
  EXPECT_NE(video.find("a=ssrc:"), std::string::npos) << video;
  EXPECT_NE(video.find(" msid:"), std::string::npos) << video;
  EXPECT_NE(section_of(call.a_seen.sent_sdp, "audio").find("OPUS/48000/2"), std::string::npos) << call.a_seen.sent_sdp;
  EXPECT_NE(call.a_seen.sent_sdp.find("nack"), std::string::npos);
  call.loop.run_until(
      [&] {
        const auto stats = call.b->stats();
        return call.a_seen.local_frames > 0 && stats.video_in.bitrate_bps > 0;
      },
      10s);
  ASSERT_TRUE(call.a_seen.local);
  EXPECT_EQ(call.a_seen.local->width, 320);
  const CallStats stats = call.b->stats();
  EXPECT_EQ(stats.video_in.codec, "VP8");
  EXPECT_EQ(stats.video_out.codec, "VP8");
  EXPECT_GT(stats.frames_received, 0U);
  EXPECT_GT(stats.frames_decoded, 0U);
  EXPECT_GT(stats.video_in.bytes, 0U);
  EXPECT_GT(stats.video_in.packets, 0U);
  EXPECT_EQ(stats.video_in.width, 320);
  EXPECT_GT(stats.video_in.bitrate_bps, 0);
  EXPECT_GT(stats.video_out.bytes, 0U);
}

TEST(CallSession, ANewOfferWithinTheCallIsAnsweredOnTheSameConnection) {
  CallOptions a_options = small_options(), b_options = small_options();
  a_options.microphone = "test";
  Call call(a_options, b_options);
  call.a->start_offer();
  ASSERT_TRUE(call.run_until_frames(5)) << call.describe();
  const std::string audio = section_of(call.a_seen.sent_sdp, "audio");
  EXPECT_NE(audio.find("a=ssrc:"), std::string::npos) << "the tone is described in the offer: " << audio;
  EXPECT_NE(audio.find("OPUS/48000/2"), std::string::npos) << audio;
  const std::string first_answer = call.b_seen.sent_sdp;
  const auto role = sdp::media_sections(first_answer).front().setup;
  ASSERT_FALSE(role.empty()) << first_answer;
  // The peer offers again (as a browser does after adding its camera to a call it answered).
  call.b->accept_offer(*call.a->local_description());
  ASSERT_TRUE(call.loop.run_until([&] { return call.b_seen.descriptions_sent == 2; }, 10s)) << call.describe();
  for (const auto& section : sdp::media_sections(call.b_seen.sent_sdp)) {
    EXPECT_EQ(section.setup, role) << "the DTLS role of the first exchange is kept";
  }
  const std::size_t frames = call.b_seen.remote_frames;
  ASSERT_TRUE(call.loop.run_until([&] { return call.b_seen.remote_frames >= frames + 10; }, 10s)) << call.describe();
  EXPECT_EQ(call.b_seen.state, CallState::connected);
  EXPECT_EQ(call.a_seen.state, CallState::connected);
}

TEST(CallSession, GlareThePoliteSideStartsOverAndAnswersTheOtherOffer) {
  CallOptions b_options = small_options();
  b_options.polite = true;
  Call call(small_options(), b_options);
  std::optional<protocol::SessionDescription> offer_from_a, offer_from_b;
  call.hold_descriptions = [&](bool from_a, const protocol::SessionDescription& description) {
    if (description.type != "offer") return false;
    (from_a ? offer_from_a : offer_from_b) = description;
    return true;
  };
  // Both sides offer at once: each has set its own offer before the other's arrives.
  call.a->start_offer();
  call.b->start_offer();
  ASSERT_TRUE(call.loop.run_until([&] { return offer_from_a && offer_from_b; }, 10s)) << call.describe();
  call.hold_descriptions = nullptr;
  Call::deliver(*call.a, *offer_from_b);  // impolite: ignored, its own offer stands
  Call::deliver(*call.b, *offer_from_a);  // polite: starts over on a fresh transport and answers
  ASSERT_TRUE(call.run_until_frames(5)) << call.describe();
  EXPECT_EQ(call.a_seen.state, CallState::connected);
  EXPECT_EQ(call.b_seen.state, CallState::connected);
  EXPECT_EQ(call.b_seen.descriptions_sent, 2U) << "its withdrawn offer, then the answer";
  const auto glare = [](const Observed& seen) {
    return std::ranges::any_of(seen.warnings,
                               [](const std::string& w) { return w.find("both sides offered") != std::string::npos; });
  };
  EXPECT_TRUE(glare(call.a_seen)) << call.describe();
}

TEST(CallSession, NoTrickleSendsEveryCandidateInsideTheDescription) {
  CallOptions a_options = small_options(), b_options = small_options();
  a_options.trickle = b_options.trickle = false;
  Call call(a_options, b_options);
  call.a->start_offer();
  ASSERT_TRUE(call.run_until_frames(5)) << call.describe();
  for (const Observed* seen : {&call.a_seen, &call.b_seen}) {
    EXPECT_EQ(seen->trickled, 0U);
    EXPECT_EQ(seen->end_of_candidates, 0U);
    EXPECT_NE(seen->sent_sdp.find("a=candidate:"), std::string::npos);
    EXPECT_NE(seen->sent_sdp.find("127.0.0.1"), std::string::npos);
  }
}

TEST(CallSession, PeerThatVanishesEndsTheCall) {
  Call call(small_options(), small_options());
  call.a->start_offer();
  ASSERT_TRUE(call.run_until_frames(3)) << call.describe();
  call.a.reset();  // no hang-up message: the peer just disappears
  ASSERT_TRUE(call.loop.run_until([&] { return call.b_seen.state == CallState::failed; }, 6500ms))
      << "B: " << call.b_seen.state << " " << call.b_seen.detail;
  EXPECT_NE(call.b_seen.detail.find("no media from peer"), std::string::npos) << call.b_seen.detail;
  const std::size_t frames = call.b_seen.remote_frames;
  call.loop.run_for(300ms);
  EXPECT_EQ(call.b_seen.remote_frames, frames);  // no event after the end
}

TEST(CallSession, UnreachablePeerFailsAfterTheConnectTimeout) {
  CallOptions a_options = small_options(), b_options = small_options();
  a_options.connect_timeout = b_options.connect_timeout = 2s;
  Call call(a_options, b_options);
  call.lose_candidates = true;  // descriptions go through, no address ever does
  call.a->start_offer();
  ASSERT_TRUE(call.loop.run_until([&] { return call.a_seen.state == CallState::failed; }, 15s)) << call.describe();
  EXPECT_NE(call.a_seen.detail.find("cannot connect"), std::string::npos) << call.a_seen.detail;
  EXPECT_EQ(call.b_seen.remote_frames, 0U);
}

TEST(CallSession, HangUpReportsClosed) {
  Call call(small_options(), small_options());
  call.a->start_offer();
  ASSERT_TRUE(call.run_until_frames(1)) << call.describe();
  call.b->hang_up();
  EXPECT_EQ(call.b_seen.state, CallState::closed);
  EXPECT_EQ(call.b->state(), CallState::closed);
}

TEST(CallSession, CameraOffSendsBlackFrames) {
  Call call(small_options(), small_options());
  call.a->start_offer();
  ASSERT_TRUE(call.run_until_frames(3)) << call.describe();
  call.a->set_camera_enabled(false);
  ASSERT_TRUE(
      call.loop.run_until([&] { return call.b_seen.remote && mean_brightness(*call.b_seen.remote) < 20.0; }, 10s));
  call.a->set_camera_enabled(true);
  ASSERT_TRUE(
      call.loop.run_until([&] { return call.b_seen.remote && mean_brightness(*call.b_seen.remote) > 20.0; }, 10s));
}

TEST(CallSession, MissingCameraFallsBackToTestPatternWithWarning) {
  CallOptions a_options = small_options();
  a_options.video_source = "/dev/video-clivrt-does-not-exist";
  Call call(a_options, small_options());
  call.a->start_offer();
  ASSERT_TRUE(call.run_until_frames(2)) << call.describe();
  ASSERT_FALSE(call.a_seen.warnings.empty());
  EXPECT_NE(call.a_seen.warnings.front().find("no camera at /dev/video-clivrt-does-not-exist"), std::string::npos)
      << call.a_seen.warnings.front();
}

/// Writes a one-second 15-frame WebM clip with GStreamer itself.
std::string make_clip() {
  initialize_gstreamer();
  const std::string path = (std::filesystem::temp_directory_path() / "clivrt-media-test-clip.webm").string();
  const std::string description =
      "videotestsrc num-buffers=15 pattern=ball ! video/x-raw,width=160,height=120,"
      "framerate=15/1 ! vp8enc ! webmmux ! filesink location=" +
      path;
  GstElement* pipeline = gst_parse_launch(description.c_str(), nullptr);
  gst_element_set_state(pipeline, GST_STATE_PLAYING);
  GstBus* bus = gst_element_get_bus(pipeline);
  GstMessage* done = gst_bus_timed_pop_filtered(bus, 20 * GST_SECOND,
                                                static_cast<GstMessageType>(GST_MESSAGE_EOS | GST_MESSAGE_ERROR));
  const bool ok = done != nullptr && GST_MESSAGE_TYPE(done) == GST_MESSAGE_EOS;
  if (done != nullptr) gst_message_unref(done);
  gst_object_unref(bus);
  gst_element_set_state(pipeline, GST_STATE_NULL);
  gst_object_unref(pipeline);
  return ok ? path : std::string();
}

TEST(CallSession, VideoFileSourceLoops) {
  const std::string clip = make_clip();
  ASSERT_FALSE(clip.empty());
  CallOptions a_options = small_options();
  a_options.video_source = "file:" + clip;
  Call call(a_options, small_options());
  call.a->start_offer();
  // 45 frames at 15 fps: the 15-frame clip played three times.
  ASSERT_TRUE(call.loop.run_until([&] { return call.b_seen.remote_frames >= 45; }, 30s)) << call.describe();
  EXPECT_EQ(call.b_seen.remote->width, 320);  // scaled to the configured size
  EXPECT_EQ(call.a_seen.state, CallState::connected);
  EXPECT_TRUE(call.a_seen.warnings.empty()) << call.describe();
  std::filesystem::remove(clip);
}

TEST(CallSession, InvalidOfferFailsWithAClearDetail) {
  TestLoop loop;
  Observed seen;
  CallEvents events;
  events.state = [&](CallState state, std::string detail) {
    seen.state = state;
    seen.detail = std::move(detail);
  };
  CallSession session(loop.access(), small_options(), events);
  session.accept_offer({"offer", "this is not SDP\x01\xff"});
  EXPECT_EQ(seen.state, CallState::failed);
  EXPECT_NE(seen.detail.find("not valid SDP"), std::string::npos);
  session.add_remote_candidate({"", "candidate:garbage", std::nullopt, 7});  // ignored, no crash
  session.start_offer();                                                     // an ended session is not reused
  loop.run_for(100ms);
  EXPECT_EQ(session.state(), CallState::failed);
  EXPECT_FALSE(session.local_description());
}

TEST(CallSession, GarbageCandidatesAreIgnoredWithWarnings) {
  Call call(small_options(), small_options());
  call.a->start_offer();
  ASSERT_TRUE(call.run_until_frames(1)) << call.describe();
  call.b->add_remote_candidate({"", "candidate:1 1 UDP 1 127.0.0.1 5000 typ host", std::nullopt, 42});
  call.b->add_remote_candidate({"", "not a candidate", std::nullopt, 0});
  call.b->add_remote_candidate({"", "candidate:x", std::string("no-such-mid"), std::nullopt});
  EXPECT_EQ(call.b_seen.warnings.size(), 3U);
  // Well addressed but unparsable: libnice refuses it (webrtcbin warns); the call goes on.
  call.b->add_remote_candidate({"", "candidate:garbage \x01\xff 99999999999 typ", std::nullopt, 0});
  call.b->add_remote_candidate({"", "candidate:1 1 UDP 1 999.1.1.1 70000 typ host", std::nullopt, 0});
  ASSERT_TRUE(call.run_until_frames(call.b_seen.remote_frames + 3)) << call.describe();
  EXPECT_EQ(call.b_seen.state, CallState::connected);
}

}  // namespace
}  // namespace clivrt::media
