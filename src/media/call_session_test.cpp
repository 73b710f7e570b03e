// Real calls between two CallSessions in this process over 127.0.0.1 (webrtcbin, libnice, VP8,
// Opus); the test thread is the app loop that both sessions post to.
#include "media/call_session.hpp"
#include "media/task_loop.hpp"

#include <gst/gst.h>
#include <gtest/gtest.h>

#include <filesystem>

#include <cmath>
#include <deque>
#include <numeric>

namespace clivrt::media {
namespace {

using namespace std::chrono_literals;

using TestLoop = TaskLoop;

/// What one side observed through its events.
struct Observed {
  CallState state = CallState::idle;
  std::string detail;
  std::vector<CallState> states;
  std::shared_ptr<const VideoFrame> remote, local;
  std::size_t remote_frames = 0, local_frames = 0;
  std::size_t trickled = 0, end_of_candidates = 0;
  std::vector<std::string> warnings;
  std::deque<float> audio;  // the last second of remote audio
  std::string sent_sdp;
};

CallOptions small_options() {
  CallOptions options;
  options.width = 320;
  options.height = 240;
  options.framerate = 15;
  options.microphone = "none";
  options.speaker = "none";
  options.local_addresses = {"127.0.0.1"};
  return options;
}

/// Two sessions wired to each other through their events, as the app would through the server.
struct Call {
  TestLoop loop;
  Observed a_seen, b_seen;
  std::unique_ptr<CallSession> a, b;
  bool lose_candidates = false;

  CallEvents events_for(Observed& seen, std::unique_ptr<CallSession>& peer, bool is_a) {
    CallEvents events;
    events.local_description = [&seen, &peer, is_a](protocol::SessionDescription description) {
      seen.sent_sdp = description.sdp;
      if (!peer) return;
      if (is_a) {
        peer->accept_offer(description);
      } else {
        peer->set_answer(description);
      }
    };
    events.local_candidate = [this, &seen, &peer](protocol::IceCandidate candidate) {
      (candidate.candidate.empty() ? seen.end_of_candidates : seen.trickled) += 1;
      if (peer && !lose_candidates) peer->add_remote_candidate(candidate);
    };
    events.state = [&seen](CallState state, std::string detail) {
      seen.state = state;
      seen.detail = std::move(detail);
      seen.states.push_back(state);
    };
    events.remote_frame = [&seen](std::shared_ptr<const VideoFrame> frame) {
      seen.remote = std::move(frame);
      ++seen.remote_frames;
    };
    events.local_frame = [&seen](std::shared_ptr<const VideoFrame> frame) {
      seen.local = std::move(frame);
      ++seen.local_frames;
    };
    events.warning = [&seen](std::string text) { seen.warnings.push_back(std::move(text)); };
    return events;
  }

  Call(CallOptions a_options, CallOptions b_options, bool b_taps_audio = false) {
    a = std::make_unique<CallSession>(loop.poster(), std::move(a_options), events_for(a_seen, b, true));
    auto b_events = events_for(b_seen, a, false);
    if (b_taps_audio) {
      b_events.remote_audio = [this](AudioChunk chunk) {
        for (const float sample : chunk.samples) b_seen.audio.push_back(sample);
        while (b_seen.audio.size() > 48000) b_seen.audio.pop_front();
      };
    }
    b = std::make_unique<CallSession>(loop.poster(), std::move(b_options), std::move(b_events));
  }

  std::string describe() const {
    std::string text = "A: " + std::string(to_string(a_seen.state)) + " (" + a_seen.detail + "), " +
                       std::to_string(a_seen.remote_frames) + " frames; B: " + to_string(b_seen.state) + " (" +
                       b_seen.detail + "), " + std::to_string(b_seen.remote_frames) + " frames";
    for (const auto& warning : a_seen.warnings) text += "\nA warning: " + warning;
    for (const auto& warning : b_seen.warnings) text += "\nB warning: " + warning;
    return text;
  }

  bool run_until_frames(std::size_t frames) {
    return loop.run_until(
        [&] { return a_seen.remote_frames >= frames && b_seen.remote_frames >= frames; }, 20s);
  }
};

/// Power of `frequency` in the samples (Goertzel), normalized by the sample count.
double tone_power(const std::deque<float>& samples, double frequency, double rate = 48000) {
  const double coefficient = 2 * std::cos(2 * M_PI * frequency / rate);
  double previous = 0, before = 0;
  for (const float sample : samples) {
    const double current = sample + coefficient * previous - before;
    before = previous;
    previous = current;
  }
  const double power = previous * previous + before * before - coefficient * previous * before;
  return power / static_cast<double>(samples.size() * samples.size());
}

double rms(const std::deque<float>& samples) {
  const double sum = std::accumulate(samples.begin(), samples.end(), 0.0, [](double s, float v) { return s + v * v; });
  return samples.empty() ? 0 : std::sqrt(sum / static_cast<double>(samples.size()));
}

double mean_brightness(const VideoFrame& frame) {
  const double sum = std::accumulate(frame.rgb.begin(), frame.rgb.end(), 0.0);
  return sum / static_cast<double>(frame.rgb.size());
}

TEST(CallSession, VideoCallOnLoopbackDeliversFramesBothWays) {
  Call call(small_options(), small_options());
  call.a->start_offer();
  ASSERT_TRUE(call.run_until_frames(10)) << call.describe();
  for (const Observed* seen : {&call.a_seen, &call.b_seen}) {
    EXPECT_EQ(seen->state, CallState::connected);
    EXPECT_NE(seen->detail.find("DTLS-SRTP"), std::string::npos);
    EXPECT_GT(seen->trickled, 0U);
    EXPECT_EQ(seen->end_of_candidates, 1U);
    ASSERT_TRUE(seen->remote);
    EXPECT_EQ(seen->remote->width, 320);
    EXPECT_EQ(seen->remote->height, 240);
    EXPECT_EQ(seen->remote->rgb.size(), 320U * 240U * 3U);
    EXPECT_GT(mean_brightness(*seen->remote), 20.0);  // the test pattern, not a black frame
    EXPECT_GE(seen->remote->sequence, 10U);
  }
  EXPECT_NE(call.a_seen.sent_sdp.find("a=group:BUNDLE"), std::string::npos);
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

TEST(CallSession, TestMicrophoneSendsA440HzToneAndMuteSilencesIt) {
  CallOptions a_options = small_options(), b_options = small_options();
  a_options.microphone = "test";
  a_options.send_video = b_options.send_video = false;
  Call call(a_options, b_options, true);
  call.a->start_offer();
  ASSERT_TRUE(call.loop.run_until([&] { return call.b_seen.audio.size() >= 48000; }, 20s))
      << "A: " << call.a_seen.detail << " / B: " << call.b_seen.detail;
  const double at_440 = tone_power(call.b_seen.audio, 440);
  EXPECT_GT(rms(call.b_seen.audio), 0.05);
  EXPECT_GT(at_440, 100 * tone_power(call.b_seen.audio, 1000));
  EXPECT_GT(at_440, 100 * tone_power(call.b_seen.audio, 300));
  EXPECT_EQ(call.b->stats().audio_in.codec, "OPUS");

  call.a->set_microphone_muted(true);
  const auto tail_is_silent = [&] {
    const auto& audio = call.b_seen.audio;
    if (audio.size() < 4800) return false;
    return rms(std::deque<float>(audio.end() - 4800, audio.end())) < 0.001;
  };
  ASSERT_TRUE(call.loop.run_until(tail_is_silent, 10s)) << rms(call.b_seen.audio);
  call.b_seen.audio.clear();
  ASSERT_TRUE(call.loop.run_until([&] { return call.b_seen.audio.size() >= 24000; }, 10s));
  EXPECT_LT(rms(call.b_seen.audio), 0.001);  // stays silent

  call.a->set_microphone_muted(false);
  ASSERT_TRUE(call.loop.run_until([&] { return rms(call.b_seen.audio) > 0.05; }, 10s));
}

TEST(CallSession, CameraOffSendsBlackFrames) {
  Call call(small_options(), small_options());
  call.a->start_offer();
  ASSERT_TRUE(call.run_until_frames(3)) << call.describe();
  call.a->set_camera_enabled(false);
  ASSERT_TRUE(call.loop.run_until(
      [&] { return call.b_seen.remote && mean_brightness(*call.b_seen.remote) < 20.0; }, 10s));
  call.a->set_camera_enabled(true);
  ASSERT_TRUE(call.loop.run_until(
      [&] { return call.b_seen.remote && mean_brightness(*call.b_seen.remote) > 20.0; }, 10s));
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
  const std::string description = "videotestsrc num-buffers=15 pattern=ball ! video/x-raw,width=160,height=120,"
                                  "framerate=15/1 ! vp8enc ! webmmux ! filesink location=" + path;
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
  CallSession session(loop.poster(), small_options(), events);
  session.accept_offer({"offer", "this is not SDP\x01\xff"});
  EXPECT_EQ(seen.state, CallState::failed);
  EXPECT_NE(seen.detail.find("not valid SDP"), std::string::npos);
  session.add_remote_candidate({"", "candidate:garbage", std::nullopt, 7});  // ignored, no crash
  session.start_offer();  // an ended session is not reused
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
