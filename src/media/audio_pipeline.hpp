#pragma once
// The audio halves of a call (private to src/media): capture → [webrtcdsp] → mute → [level] → Opus
// → webrtcbin, and webrtcbin → Opus → [level] → [webrtcechoprobe] → speaker, plus the echo-mode
// loop that sends the decoded remote audio back a second later.
#include <gst/gst.h>

#include <memory>
#include <optional>
#include <string>

#include "gst_ref.hpp"
#include "session_bridge.hpp"

namespace clivrt::media {

/// What to capture: "test" (440 Hz tone), "echo" (the remote audio, delayed), or a source element
/// ("pulsesrc", "alsasrc") with an optional device; empty = no audio sent.
struct AudioCapture {
  std::string source;
  std::string device;
  bool dsp = false;          // webrtcdsp: noise suppression, gain control, and echo cancellation if...
  std::string probe;         // ...the webrtcechoprobe of that name exists (else echo-cancel is off)
  std::string echo_channel;  // "echo": the interaudio channel the receive side feeds
  bool levels = false;       // post local level messages
  int payload = 111;
};

struct AudioSendBranch {
  GstRef<GstPad> pad;          // the webrtcbin sink pad
  GstRef<GstElement> volume;   // microphone mute
  GstRef<GstPad> capture_pad;  // 48 kHz mono S16 after mute, before Opus (benchmark hook)
};

AudioSendBranch build_audio_send(GstBin* bin, GstElement* webrtc, const AudioCapture& capture);

/// RTP caps webrtcbin turns into the audio m-line we send (or receive only): Opus, 48 kHz.
std::string audio_rtp_caps(int payload);

/// From pad-added (a streaming thread): decodes the remote audio to the speaker, the level meter,
/// the test tap and the echo loop, as the bridge says.
void link_audio_receive(GstBin* bin, GstPad* pad, const std::shared_ptr<SessionBridge>& bridge);

/// The delay echo mode puts between the audio it hears and the audio it sends back.
constexpr GstClockTime echo_audio_delay = GST_SECOND;

/// A `level` element message from this pipeline: which side and its loudest channel, in dBFS.
struct LevelReading {
  bool local = false;
  double rms_db = -120, peak_db = -120;
};
std::optional<LevelReading> read_level_message(GstMessage* message);

}  // namespace clivrt::media
