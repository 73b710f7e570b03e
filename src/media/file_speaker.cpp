#include "media/file_speaker.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>

#include "media/gst_build.hpp"

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

// A GstBin that finishes the WAV header once it has gone to READY or below: by then its filesink
// has closed the file. This is what a call's teardown does (it sets the pipeline to NULL).
struct ClivrtFileSpeaker {
  GstBin parent;
  char* path;
};
struct ClivrtFileSpeakerClass {
  GstBinClass parent_class;
};

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wold-style-cast"  // GLib's type macros are C
G_DEFINE_TYPE(ClivrtFileSpeaker, clivrt_file_speaker, GST_TYPE_BIN)  // the GType name is global
#pragma GCC diagnostic pop

GstStateChangeReturn file_speaker_change_state(GstElement* element, GstStateChange transition) {
  const GstStateChangeReturn result =
      GST_ELEMENT_CLASS(clivrt_file_speaker_parent_class)->change_state(element, transition);
  if (transition == GST_STATE_CHANGE_PAUSED_TO_READY && result != GST_STATE_CHANGE_FAILURE) {
    finish_wav_sizes(reinterpret_cast<ClivrtFileSpeaker*>(element)->path);
  }
  return result;
}

void file_speaker_finalize(GObject* object) {
  g_free(reinterpret_cast<ClivrtFileSpeaker*>(object)->path);
  G_OBJECT_CLASS(clivrt_file_speaker_parent_class)->finalize(object);
}

void clivrt_file_speaker_class_init(ClivrtFileSpeakerClass* klass) {
  GST_ELEMENT_CLASS(klass)->change_state = file_speaker_change_state;
  G_OBJECT_CLASS(klass)->finalize = file_speaker_finalize;
}

void clivrt_file_speaker_init(ClivrtFileSpeaker* bin) { bin->path = nullptr; }

}  // namespace

std::string file_speaker_problem(const std::string& path) {
  std::FILE* file = std::fopen(path.c_str(), "wb");
  if (file == nullptr) return std::strerror(errno);
  std::fclose(file);
  return {};
}

GstElement* make_file_speaker(const std::string& path) {
  GstElement* encoder = make_element("wavenc");
  GstElement* sink = gst_element_factory_make("filesink", nullptr);  // core: always there
  auto* speaker = static_cast<ClivrtFileSpeaker*>(g_object_new(clivrt_file_speaker_get_type(), nullptr));
  speaker->path = g_strdup(path.c_str());
  auto* bin = GST_ELEMENT(speaker);
  gst_bin_add_many(GST_BIN(bin), encoder, sink, nullptr);
  // Unbuffered: what was received is on disk at once, so the file can be read during the call.
  g_object_set(sink, "location", path.c_str(), "async", FALSE, nullptr);
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
