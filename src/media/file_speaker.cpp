#include "file_speaker.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gst_build.hpp"

namespace clivrt::media {

namespace {

std::uint32_t read_le32(const unsigned char* bytes) {
  return static_cast<std::uint32_t>(bytes[0]) | static_cast<std::uint32_t>(bytes[1]) << 8 |
         static_cast<std::uint32_t>(bytes[2]) << 16 | static_cast<std::uint32_t>(bytes[3]) << 24;
}

void write_le32(std::fstream& file, std::uint64_t offset, std::uint64_t value) {
  const auto clamped = static_cast<std::uint32_t>(std::min<std::uint64_t>(value, 0xFFFFFFFFU));
  const char bytes[4] = {static_cast<char>(clamped & 0xFF), static_cast<char>(clamped >> 8 & 0xFF),
                         static_cast<char>(clamped >> 16 & 0xFF), static_cast<char>(clamped >> 24 & 0xFF)};
  file.seekp(static_cast<std::streamoff>(offset));
  file.write(bytes, 4);
}

// A GstBin that finishes the WAV header and releases the claimed file once it has gone to READY
// or below: by then its filesink has closed the file. This is what a call's teardown does (it
// sets the pipeline to NULL); finalize does it for a bin that never got that far.
struct ClivrtFileSpeaker {
  GstBin parent;
  SpeakerFile* file;  // released (fd -1) once finished
};
struct ClivrtFileSpeakerClass {
  GstBinClass parent_class;
};

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wold-style-cast"                    // GLib's type macros are C
G_DEFINE_TYPE(ClivrtFileSpeaker, clivrt_file_speaker, GST_TYPE_BIN)  // the GType name is global
#pragma GCC diagnostic pop

// Once the filesink has closed the file: the header's final sizes, then the claim released. Once only.
void finish_recording(SpeakerFile& file) {
  if (file.fd < 0) return;
  finish_wav_sizes(file.path);
  release_speaker_file(file);
}

GstStateChangeReturn file_speaker_change_state(GstElement* element, GstStateChange transition) {
  const GstStateChangeReturn result =
      GST_ELEMENT_CLASS(clivrt_file_speaker_parent_class)->change_state(element, transition);
  if (transition == GST_STATE_CHANGE_PAUSED_TO_READY && result != GST_STATE_CHANGE_FAILURE) {
    finish_recording(*reinterpret_cast<ClivrtFileSpeaker*>(element)->file);
  }
  return result;
}

void file_speaker_finalize(GObject* object) {
  auto* speaker = reinterpret_cast<ClivrtFileSpeaker*>(object);
  finish_recording(*speaker->file);  // if it never went down through READY
  delete speaker->file;
  G_OBJECT_CLASS(clivrt_file_speaker_parent_class)->finalize(object);
}

void clivrt_file_speaker_class_init(ClivrtFileSpeakerClass* klass) {
  GST_ELEMENT_CLASS(klass)->change_state = file_speaker_change_state;
  G_OBJECT_CLASS(klass)->finalize = file_speaker_finalize;
}

void clivrt_file_speaker_init(ClivrtFileSpeaker* bin) { bin->file = new SpeakerFile; }

bool same_file(const struct stat& a, const struct stat& b) { return a.st_dev == b.st_dev && a.st_ino == b.st_ino; }

// Opens `name` if it is free for a recording: created now, or an empty regular file that no other
// recording holds. The lock (held until release) is what tells another client it is taken; the
// inode check catches a file removed or replaced between our open and our lock.
int open_if_free(const std::string& name, std::string& error) {
  int fd = ::open(name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  if (fd < 0 && errno != EEXIST) {
    error = std::strerror(errno);  // the folder, not this name: no other name does better
    return -1;
  }
  // Exists: a folder, a link, a file we may not write or that vanished in between is not free.
  if (fd < 0) fd = ::open(name.c_str(), O_WRONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) return -1;
  struct stat held {
  }, named{};
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0 || ::fstat(fd, &held) != 0 || !S_ISREG(held.st_mode) || held.st_size != 0 ||
      ::stat(name.c_str(), &named) != 0 || !same_file(held, named)) {
    ::close(fd);
    return -1;
  }
  return fd;
}

constexpr int max_recordings = 9999;

}  // namespace

std::string file_speaker_problem(const std::string& path) {
  if (g_file_test(path.c_str(), G_FILE_TEST_IS_DIR)) return std::strerror(EISDIR);
  std::string folder = std::filesystem::path(path).parent_path().string();
  if (folder.empty()) folder = ".";
  if (::access(folder.c_str(), W_OK | X_OK) != 0) return std::strerror(errno);
  return {};
}

std::string numbered_recording(const std::string& path, int number) {
  if (number <= 1) return path;
  const std::filesystem::path name(path);
  std::filesystem::path numbered = name;
  numbered.replace_filename(name.stem().string() + "-" + std::to_string(number) + name.extension().string());
  return numbered.string();
}

SpeakerFile claim_speaker_file(const std::string& path) {
  SpeakerFile file;
  for (int number = 1; number <= max_recordings; ++number) {
    std::string name = numbered_recording(path, number);
    file.fd = open_if_free(name, file.error);
    if (file.fd >= 0) {
      file.path = std::move(name);
      file.error.clear();
      return file;
    }
    if (!file.error.empty()) return file;
  }
  file.error = "every name up to " + numbered_recording(path, max_recordings) + " is taken";
  return file;
}

void release_speaker_file(SpeakerFile& file) {
  if (file.fd < 0) return;
  struct stat held {};
  if (::fstat(file.fd, &held) == 0 && held.st_size == 0) ::unlink(file.path.c_str());  // still locked: nobody took it
  ::close(file.fd);
  file.fd = -1;
}

GstElement* make_file_speaker(SpeakerFile file) {
  GstElement* encoder = nullptr;
  try {
    encoder = make_element("wavenc");
  } catch (const MediaError&) {
    release_speaker_file(file);
    throw;
  }
  GstElement* sink = gst_element_factory_make("filesink", nullptr);  // core: always there
  auto* speaker = static_cast<ClivrtFileSpeaker*>(g_object_new(clivrt_file_speaker_get_type(), nullptr));
  *speaker->file = std::move(file);
  auto* bin = GST_ELEMENT(speaker);
  gst_bin_add_many(GST_BIN(bin), encoder, sink, nullptr);
  // Unbuffered: what was received is on disk at once, so the file can be read during the call.
  // filesink opens the name again (truncating an empty file we hold); our descriptor keeps the lock.
  g_object_set(sink, "location", speaker->file->path.c_str(), "async", FALSE, nullptr);
  set_enum(sink, "buffer-mode", "unbuffered");
  link_chain({encoder, sink});
  GstPad* target = gst_element_get_static_pad(encoder, "sink");
  gst_element_add_pad(bin, gst_ghost_pad_new("sink", target));
  gst_object_unref(target);
  return bin;
}

std::optional<WavData> find_wav_data(const std::string& path) {
  std::ifstream file(path, std::ios::binary | std::ios::ate);
  if (!file) return std::nullopt;
  const auto length = static_cast<std::uint64_t>(file.tellg());
  file.seekg(0);
  unsigned char riff[12];
  if (!file.read(reinterpret_cast<char*>(riff), 12) || std::memcmp(riff, "RIFF", 4) != 0 ||
      std::memcmp(riff + 8, "WAVE", 4) != 0) {
    return std::nullopt;
  }
  std::uint64_t offset = 12;
  unsigned char chunk[8];
  while (offset + 8 <= length) {
    file.seekg(static_cast<std::streamoff>(offset));
    if (!file.read(reinterpret_cast<char*>(chunk), 8)) return std::nullopt;
    const std::uint64_t start = offset + 8;
    if (std::memcmp(chunk, "data", 4) == 0) return WavData{start, length - start};
    offset = start + read_le32(chunk + 4) + (read_le32(chunk + 4) & 1U);  // chunks are padded to even sizes
  }
  return std::nullopt;
}

bool finish_wav_sizes(const std::string& path) {
  const auto data = find_wav_data(path);
  if (!data) return false;
  std::fstream file(path, std::ios::binary | std::ios::in | std::ios::out);
  if (!file) return false;
  write_le32(file, 4, data->offset + data->size - 8);  // RIFF: everything after its own header
  write_le32(file, data->offset - 4, data->size);
  return static_cast<bool>(file.flush());
}

}  // namespace clivrt::media
