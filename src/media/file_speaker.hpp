#pragma once
// The "file:PATH" speaker (private to src/media): the peer's sound written as a WAV file (48 kHz
// mono S16) instead of played, for recording calls and for headless checks. A recording is never
// overwritten: each call claims the first free name (PATH, then stem-2.wav, …) when the peer's
// audio arrives, so a declined call leaves no file. wavenc writes its final sizes only at EOS,
// which a hung-up call never sends: when the sink stops (the file is closed by then) the RIFF and
// data sizes are set from the file's length. While the call runs the header holds the sizes
// wavenc writes before it knows the length; readers find the "data" chunk and read what is there.
#include <gst/gst.h>

#include <cstdint>
#include <optional>
#include <string>

namespace clivrt::media {

/// The SessionBridge::speaker_sink value that means "the file speaker at speaker_device" (no
/// GStreamer element has this name).
inline constexpr const char* file_speaker_sink = "file";

/// Empty if a recording can be made at or beside `path` (its folder exists and can be written,
/// and `path` is not a folder), else why not (strerror text). Creates nothing.
std::string file_speaker_problem(const std::string& path);

/// The name of the `number`th recording for `path`: `path` itself for 1, then "stem-2.wav",
/// "stem-3.wav", … beside it (the extension kept; "PATH-2" if it has none).
std::string numbered_recording(const std::string& path, int number);

/// A file claimed for one recording: open and locked (flock) until the speaker is done with it.
struct SpeakerFile {
  std::string path;  // the name claimed
  int fd = -1;       // -1: none could be claimed, see `error`
  std::string error;
};

/// Claims the first of numbered_recording(path, 1, 2, …) that does not exist (created with
/// O_EXCL) or is an empty regular file no other recording holds. A user's recording is never
/// reopened, and two clients given the same path get different files.
SpeakerFile claim_speaker_file(const std::string& path);

/// Unlocks and closes a claimed file; removes it first if nothing was written into it.
void release_speaker_file(SpeakerFile& file);

/// A bin (wavenc ! filesink, one "sink" ghost pad) writing the audio it gets to the claimed
/// `file`, which it owns from now on; the header is finished and the file released when the bin
/// goes from PAUSED to READY (a pipeline set to NULL passes there), or at the latest when it dies.
GstElement* make_file_speaker(SpeakerFile file);

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
