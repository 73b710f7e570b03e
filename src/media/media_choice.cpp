#include "media_choice.hpp"

#include <atomic>

#include "devices.hpp"
#include "file_speaker.hpp"

namespace clivrt::media {

namespace {

std::atomic<bool> warned_no_microphone{false}, warned_no_speaker{false};
std::atomic<unsigned> next_link_id{0};

std::string choose_video(const CallOptions& options, const std::function<void(std::string)>& warn) {
  std::string source = options.video_source;
  if (source.starts_with("/dev/")) {
    if (const auto problem = camera_problem(source); !problem.empty()) {
      warn("no camera at " + source + " (" + problem + "): sending the test pattern");
      return "test";
    }
  } else if (source.starts_with("file:")) {
    if (!g_file_test(source.c_str() + 5, G_FILE_TEST_IS_REGULAR)) {
      warn("no video file at " + source.substr(5) + ": sending the test pattern");
      return "test";
    }
  } else if (source != "test" && source != "echo") {
    warn("unknown video source \"" + source + "\": sending the test pattern");
    return "test";
  }
  return source;
}

}  // namespace

SendPlan choose_media(const CallOptions& options, const SendPlan& negotiated, bool want_levels, SessionBridge& bridge,
                      const std::function<void(std::string)>& warn) {
  SendPlan plan = negotiated;
  plan.width = options.width;
  plan.height = options.height;
  plan.framerate = options.framerate;
  const std::string link = "clivrt-" + std::to_string(next_link_id.fetch_add(1));  // unique per process
  if (options.send_video && options.video_source != "none") plan.video_source = choose_video(options, warn);

  // Speaker first: the microphone's echo canceller needs to know whether a playback probe exists.
  bridge.speaker = false;
  bool audible = false;  // a real speaker, whose sound the microphone may pick up
  if (options.speaker.starts_with("file:")) {
    const std::string path = options.speaker.substr(5);
    // Checked now, claimed when the peer's sound arrives (audio_pipeline.cpp).
    if (const auto problem = path.empty() ? "no path given" : file_speaker_problem(path); !problem.empty()) {
      warn("cannot write the speaker file \"" + path + "\" (" + problem + "): remote audio is not played");
    } else {
      bridge.speaker = true;
      bridge.speaker_sink = file_speaker_sink;
      bridge.speaker_device = path;
    }
  } else if (options.speaker != "none") {
    std::string notice;
    const AudioEndpoint speaker = choose_audio_device(false, options.speaker, notice);
    if (!notice.empty()) warn(notice);
    if (speaker.factory.empty()) {
      if (!warned_no_speaker.exchange(true)) warn("no sound output found: remote audio is not played");
    } else {
      bridge.speaker = audible = true;
      bridge.speaker_sink = speaker.factory;
      bridge.speaker_device = speaker.device;
    }
  }

  AudioCapture& capture = plan.audio;
  capture.levels = want_levels;
  if (options.send_audio && options.microphone != "none") {
    if (options.microphone == "test" || options.microphone == "echo") {
      capture.source = options.microphone;
    } else {
      std::string notice;
      const AudioEndpoint microphone = choose_audio_device(true, options.microphone, notice);
      if (!notice.empty()) warn(notice);
      if (microphone.factory.empty()) {
        if (!warned_no_microphone.exchange(true)) warn("no microphone found: sending no audio");
      } else {
        capture.source = microphone.factory;
        capture.device = microphone.device;
        // A real microphone gets noise suppression and gain control, and echo cancellation
        // against what our own speaker plays (nothing to cancel without one).
        capture.dsp = options.echo_cancellation;
        if (capture.dsp && audible) capture.probe = link + "-probe";
      }
    }
  }
  bridge.echo_probe = capture.probe;
  bridge.levels = want_levels;
  bridge.echo_video = plan.video_source == "echo";
  bridge.echo_audio = capture.source == "echo";
  if (bridge.echo_video || bridge.echo_audio) {
    bridge.echo_channel = link + "-echo";
    plan.echo_channel = capture.echo_channel = bridge.echo_channel;
  }
  return plan;
}

}  // namespace clivrt::media
