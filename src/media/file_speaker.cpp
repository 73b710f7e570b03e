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

// Destroy-notify of the filesink's "clivrt-wav-path" data: runs when the sink is finalized,
// after it closed the file.
void finish_on_destroy(gpointer path) {
  finish_wav_sizes(static_cast<const char*>(path));
  g_free(path);
}

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
  GstElement* bin = gst_bin_new(nullptr);
  gst_bin_add_many(GST_BIN(bin), encoder, sink, nullptr);
  // Unbuffered: what was received is on disk at once, so the file can be read during the call.
  g_object_set(sink, "location", path.c_str(), "async", FALSE, nullptr);
  set_enum(sink, "buffer-mode", "unbuffered");
  g_object_set_data_full(G_OBJECT(sink), "clivrt-wav-path", g_strdup(path.c_str()), finish_on_destroy);
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
