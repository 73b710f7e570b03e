// Sound in real loopback calls (test sources only: this machine has no sound card), device
// choice, and the echo mode of the demo's built-in peer.
#include <gst/gst.h>

#include "clivrt/media/media_devices.hpp"
#include "testing/call_test_support.hpp"

namespace clivrt::media {
namespace {

bool has_element(const char* factory) {
  initialize_gstreamer();
  GstElementFactory* found = gst_element_factory_find(factory);
  if (found != nullptr) gst_object_unref(found);
  return found != nullptr;
}

bool contains(const std::vector<std::string>& texts, const std::string& part) {
  return std::any_of(texts.begin(), texts.end(),
                     [&](const std::string& text) { return text.find(part) != std::string::npos; });
}

TEST(CallAudio, ToneArrivesAt440HzWithLevelsAndMuteSilencesIt) {
  CallOptions a_options = small_options(), b_options = small_options();
  a_options.microphone = "test";
  a_options.send_video = b_options.send_video = false;
  Call call(a_options, b_options, /*b_taps_audio=*/true, /*a_taps_audio=*/true);  // both get levels
  const AudioLevels& a_levels = call.a_seen.levels;
  call.a->start_offer();
  ASSERT_TRUE(call.loop.run_until([&] { return call.b_seen.audio.size() >= 48000; }, 20s)) << call.describe();
  EXPECT_NEAR(dominant_frequency(call.b_seen.audio, 400, 480), 440, 5);
  EXPECT_GT(rms(call.b_seen.audio), 0.05);
  call.loop.run_until([&] { return call.b_seen.levels.remote_rms_db > -30 && a_levels.local_rms_db > -30; }, 5s);
  EXPECT_GT(call.b_seen.levels.remote_rms_db, -30) << "the tone is at about -13 dBFS";
  EXPECT_GT(call.b_seen.levels.remote_peak_db, call.b_seen.levels.remote_rms_db);
  EXPECT_GT(a_levels.local_rms_db, -30);
  EXPECT_LE(call.b_seen.levels.local_rms_db, -120) << "B has no microphone";

  call.a->set_microphone_muted(true);
  ASSERT_TRUE(call.loop.run_until([&] { return rms(last_samples(call.b_seen.audio, 4800)) < 0.001; }, 10s));
  call.loop.run_until([&] { return a_levels.local_rms_db < -80 && call.b_seen.levels.remote_rms_db < -80; }, 5s);
  EXPECT_LT(a_levels.local_rms_db, -80) << "the meter shows what the peer hears: nothing";
  EXPECT_LT(call.b_seen.levels.remote_rms_db, -80);

  call.a->set_microphone_muted(false);
  ASSERT_TRUE(call.loop.run_until([&] { return rms(last_samples(call.b_seen.audio, 4800)) > 0.05; }, 10s));
  call.b_seen.audio.clear();
  ASSERT_TRUE(call.loop.run_until([&] { return call.b_seen.audio.size() >= 24000; }, 10s));
  EXPECT_NEAR(dominant_frequency(call.b_seen.audio, 400, 480), 440, 5);
  EXPECT_GT(call.b_seen.level_events, 10U);
}

TEST(CallAudio, NoSoundDevicesOnEitherSideStillConnectsCarriesVideoAndNegotiatesAudio) {
  Call call(small_options(), small_options());  // microphone and speaker "none" on both sides
  call.a->start_offer();
  ASSERT_TRUE(call.run_until_frames(5)) << call.describe();
  for (const Observed* seen : {&call.a_seen, &call.b_seen}) {
    EXPECT_EQ(seen->state, CallState::connected);
    EXPECT_NE(seen->sent_sdp.find("m=audio"), std::string::npos) << "so that the peer may still send sound";
    EXPECT_TRUE(seen->warnings.empty()) << call.describe();
  }
}

TEST(CallAudio, EchoCancellerRunsOnARealMicrophoneAndSpeaker) {
  // ALSA's "null" device opens like a sound card (silence in, nothing out): the real capture path
  // with webrtcdsp, and webrtcechoprobe before the real sink.
  if (!has_element("alsasrc")) GTEST_SKIP() << "alsasrc missing (gstreamer1.0-alsa)";
  CallOptions a_options = small_options(), b_options = small_options();
  a_options.microphone = a_options.speaker = "alsa:null";
  b_options.microphone = "test";
  Call call(a_options, b_options, /*b_taps_audio=*/true, /*a_taps_audio=*/true);
  call.a->start_offer();
  ASSERT_TRUE(
      call.loop.run_until([&] { return call.a_seen.audio.size() >= 48000 && call.b_seen.audio.size() >= 48000; }, 20s))
      << call.describe();
  EXPECT_NEAR(dominant_frequency(call.a_seen.audio, 400, 480), 440, 5) << "played through the echo probe";
  EXPECT_LT(rms(call.b_seen.audio), 0.01) << "A's microphone hears silence";
  EXPECT_EQ(call.a_seen.state, CallState::connected);
  // The null device delivers samples faster than real time: alsasrc warns of overruns, once.
  for (const auto& warning : call.a_seen.warnings) {
    EXPECT_NE(warning.find("Can't record audio fast enough"), std::string::npos) << warning;
  }
  EXPECT_LE(call.a_seen.warnings.size(), 1U) << call.describe();
}

TEST(CallAudio, UnusableDeviceNamesFallBackToAutoWithAWarning) {
  CallOptions a_options = small_options();
  a_options.microphone = "pulse:no-such-source";
  a_options.speaker = "bogus";
  Call call(a_options, small_options());
  call.a->start_offer();
  ASSERT_TRUE(call.run_until_frames(2)) << call.describe();
  EXPECT_TRUE(contains(call.a_seen.warnings, "microphone \"pulse:no-such-source\" cannot be opened: using auto"))
      << call.describe();
  EXPECT_TRUE(contains(call.a_seen.warnings, "unknown speaker \"bogus\"")) << call.describe();
}

TEST(CallAudio, ListedDevicesCarryNamesTheSettingsAccept) {
  for (const MediaDevice& device : list_media_devices()) {
    const bool named =
        device.name.starts_with("pulse:") || device.name.starts_with("alsa:") || device.name.starts_with("/dev/video");
    EXPECT_TRUE(named) << to_string(device.kind) << " " << device.name << " (" << device.description << ")";
  }
}

TEST(EchoMode, SendsTheCallersOwnVideoAndSoundBackASecondLater) {
  CallOptions a_options = small_options(), b_options = small_options();
  a_options.microphone = "test";
  b_options.video_source = "echo";
  b_options.microphone = "echo";
  Call call(a_options, b_options, /*b_taps_audio=*/false, /*a_taps_audio=*/true);
  call.a->start_offer();
  // A sees its own test pattern (B has no pattern of its own: black until A's frames arrive).
  ASSERT_TRUE(call.loop.run_until(
      [&] { return call.a_seen.remote && mean_brightness(*call.a_seen.remote) > 20.0 && call.a_seen.local; }, 20s))
      << call.describe();
  EXPECT_EQ(call.a_seen.remote->width, 320);
  EXPECT_NEAR(mean_brightness(*call.a_seen.remote), mean_brightness(*call.a_seen.local), 25);
  // ...and follows it: A's camera off comes back black, on comes back as the pattern.
  call.a->set_camera_enabled(false);
  ASSERT_TRUE(call.loop.run_until([&] { return mean_brightness(*call.a_seen.remote) < 20.0; }, 10s));
  call.a->set_camera_enabled(true);
  ASSERT_TRUE(call.loop.run_until([&] { return mean_brightness(*call.a_seen.remote) > 20.0; }, 10s));

  // A hears its own tone...
  ASSERT_TRUE(call.loop.run_until([&] { return rms(last_samples(call.a_seen.audio, 24000)) > 0.05; }, 15s))
      << call.describe();
  EXPECT_NEAR(dominant_frequency(last_samples(call.a_seen.audio, 24000), 400, 480), 440, 5);
  // ...a second later: silence A's microphone, then count the samples of silence A still receives
  // after unmuting (the stream is continuous, so samples measure time in the audio itself).
  call.a->set_microphone_muted(true);
  ASSERT_TRUE(call.loop.run_until([&] { return rms(last_samples(call.a_seen.audio, 4800)) < 0.001; }, 10s));
  call.a->set_microphone_muted(false);
  const std::size_t unmuted_at = call.a_seen.audio_samples;
  ASSERT_TRUE(call.loop.run_until([&] { return rms(last_samples(call.a_seen.audio, 480)) > 0.05; }, 10s));
  const double delay_s = static_cast<double>(call.a_seen.audio_samples - unmuted_at) / 48000;
  EXPECT_GT(delay_s, 0.8);
  EXPECT_LT(delay_s, 3.0);
  EXPECT_TRUE(call.b_seen.warnings.empty()) << call.describe();
}

}  // namespace
}  // namespace clivrt::media
