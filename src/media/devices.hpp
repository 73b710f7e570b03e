#pragma once
// Which capture/playback devices can actually be opened here (private to src/media). This machine
// class may have no camera and no sound card: the call must still work, with a warning.
#include <string>

namespace clivrt::media {

/// A sound source or sink element to build ("pulsesrc", "alsasink"...) and its "device" ("" = default).
struct AudioEndpoint {
  std::string factory;  // empty: none usable
  std::string device;
};

/// Resolves a microphone (capture) or speaker setting: "auto" (PulseAudio/PipeWire if a server
/// answers, else ALSA's default if it opens, else none), "pulse:NAME" or "alsa:NAME" (a device from
/// list_media_devices; if it does not open, auto instead). `notice` says what was replaced and why.
AudioEndpoint choose_audio_device(bool capture, const std::string& setting, std::string& notice);

/// Empty if `device` is a video device we can open, else why not (for the warning).
std::string camera_problem(const std::string& device);

}  // namespace clivrt::media
