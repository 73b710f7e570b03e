#pragma once
// The "file:PATH" speaker (private to src/media): the peer's sound written as a WAV file (48 kHz
// mono S16) instead of played, for recording calls and for headless checks. wavenc writes its
// final sizes only at EOS, which a hung-up call never sends: when the sink stops (the file is
// closed by then) the RIFF and data sizes are set from the file's length. While the call runs
// the header holds wavenc's placeholder sizes; readers find the "data" chunk and read what is there.
#include <gst/gst.h>

#include <cstdint>
#include <optional>
#include <string>

namespace clivrt::media {

/// The SessionBridge::speaker_sink value that means "the file speaker at speaker_device" (no
/// GStreamer element has this name).
inline constexpr const char* file_speaker_sink = "file";

/// Empty if a file can be created (or truncated) at `path`, else why not (strerror text).
/// Leaves an empty file behind: the call writes it.
std::string file_speaker_problem(const std::string& path);

/// A bin (wavenc ! filesink, one "sink" ghost pad) writing the audio it gets to `path`; the header
/// is finished when the bin goes from PAUSED to READY (a pipeline set to NULL passes there).
GstElement* make_file_speaker(const std::string& path);

/// Where the samples of a WAV file are: the "data" chunk's payload.
struct WavData {
  std::uint64_t offset = 0;  // of the first sample byte
  std::uint64_t size = 0;    // bytes present in the file (not what the header claims)
};
/// Finds the "data" chunk of a RIFF/WAVE file; nullopt if `path` is not one.
std::optional<WavData> find_wav_data(const std::string& path);

/// Sets the RIFF and data chunk sizes from the file's length; false if it is not a WAV file.
bool finish_wav_sizes(const std::string& path);

}  // namespace clivrt::media
