#pragma once
// The capture and playback devices GStreamer can see here, for a `devices` command. No GStreamer
// headers here. The names are what the microphone/speaker/webcam settings accept.
#include <string>
#include <vector>

namespace clivrt::media {

enum class MediaDeviceKind { microphone, speaker, camera };
const char* to_string(MediaDeviceKind kind);  // "microphone", "speaker", "camera"

struct MediaDevice {
  MediaDeviceKind kind = MediaDeviceKind::microphone;
  std::string name;         // for the settings: "pulse:<device>", "alsa:<device>", or "/dev/videoN"
  std::string description;  // human readable, e.g. "Built-in Audio Analog Stereo"
};

/// Asks GStreamer's device monitor (Audio/Source, Audio/Sink, Video/Source); may take a moment
/// (it probes PulseAudio/ALSA/V4L2). Any thread. Empty on a machine with no devices.
std::vector<MediaDevice> list_media_devices();

}  // namespace clivrt::media
