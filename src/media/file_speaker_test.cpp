#include "file_speaker.hpp"

#include <glib/gstdio.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <fstream>
#include <thread>
#include <vector>

#include <unistd.h>

namespace clivrt::media {
namespace {

class FileSpeakerTest : public testing::Test {
 protected:
  void SetUp() override {
    gst_init(nullptr, nullptr);
    GError* error = nullptr;
    char* dir = g_dir_make_tmp("clivrt-file-speaker-XXXXXX", &error);
    ASSERT_NE(dir, nullptr) << error->message;
    dir_ = dir;
    g_free(dir);
  }
  void TearDown() override {
    for (const auto& name : created_) g_remove(name.c_str());
    g_rmdir(dir_.c_str());
  }
  std::string path(const char* name) {
    created_.push_back(dir_ + "/" + name);
    return created_.back();
  }
  std::string dir_;
  std::vector<std::string> created_;
};

std::string le32(std::uint32_t value) {
  return {static_cast<char>(value & 0xFF), static_cast<char>(value >> 8 & 0xFF), static_cast<char>(value >> 16 & 0xFF),
          static_cast<char>(value >> 24 & 0xFF)};
}

std::uint32_t le32_at(const std::string& bytes, std::size_t offset) {
  std::uint32_t value = 0;
  std::memcpy(&value, bytes.data() + offset, 4);  // little-endian host, like every machine we build on
  return value;
}

std::string read_all(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(file), {}};
}

TEST_F(FileSpeakerTest, FindsDataAfterOtherChunksAndFinishesSizes) {
  const std::string file = path("odd.wav");
  // Provisional sizes as wavenc writes them mid-stream, a LIST chunk of odd size (padded) before "data", 6 data bytes.
  std::string bytes = "RIFF" + le32(0x7FFF0000) + "WAVE" + "fmt " + le32(16) + std::string(16, '\1') + "LIST" +
                      le32(3) + "abc" + std::string(1, '\0') + "data" + le32(0x7FFF0000) + "123456";
  std::ofstream(file, std::ios::binary) << bytes;
  const auto data = find_wav_data(file);
  ASSERT_TRUE(data.has_value());
  EXPECT_EQ(data->offset, bytes.size() - 6);
  EXPECT_EQ(data->size, 6U);
  ASSERT_TRUE(finish_wav_sizes(file));
  const std::string done = read_all(file);
  ASSERT_EQ(done.size(), bytes.size());
  EXPECT_EQ(le32_at(done, 4), bytes.size() - 8);
  EXPECT_EQ(le32_at(done, bytes.size() - 10), 6U);
  EXPECT_EQ(done.substr(bytes.size() - 6), "123456");
}

TEST_F(FileSpeakerTest, RejectsWhatIsNotWav) {
  const std::string file = path("text.wav");
  std::ofstream(file) << "RIFF but not a wave file at all";
  EXPECT_FALSE(find_wav_data(file).has_value());
  EXPECT_FALSE(finish_wav_sizes(file));
  EXPECT_FALSE(find_wav_data(dir_ + "/missing.wav").has_value());
}

TEST_F(FileSpeakerTest, SaysWhyAPathCannotBeWrittenAndCreatesNothing) {
  EXPECT_EQ(file_speaker_problem(path("ok.wav")), "");
  EXPECT_FALSE(g_file_test(created_.back().c_str(), G_FILE_TEST_EXISTS));
  EXPECT_EQ(file_speaker_problem(dir_ + "/no/such/dir.wav"), std::strerror(ENOENT));
  EXPECT_EQ(file_speaker_problem(dir_), std::strerror(EISDIR));
}

TEST(FileSpeakerNames, NumberedBesideTheFirstKeepingTheExtension) {
  EXPECT_EQ(numbered_recording("/tmp/call.wav", 1), "/tmp/call.wav");
  EXPECT_EQ(numbered_recording("/tmp/call.wav", 2), "/tmp/call-2.wav");
  EXPECT_EQ(numbered_recording("/tmp/call.wav", 13), "/tmp/call-13.wav");
  EXPECT_EQ(numbered_recording("/tmp/v1.0/call", 2), "/tmp/v1.0/call-2");  // no extension
  EXPECT_EQ(numbered_recording("call.take.wav", 3), "call.take-3.wav");
  EXPECT_EQ(numbered_recording(".hidden", 2), ".hidden-2");
}

TEST_F(FileSpeakerTest, NeverReopensARecordingAndTakesTheFirstFreeName) {
  const std::string first = path("call.wav");
  const std::string second = path("call-2.wav");
  const std::string third = path("call-3.wav");
  // The first call writes the path itself.
  SpeakerFile one = claim_speaker_file(first);
  ASSERT_GE(one.fd, 0) << one.error;
  EXPECT_EQ(one.path, first);
  ASSERT_EQ(::write(one.fd, "RIFF", 4), 4);
  release_speaker_file(one);
  EXPECT_EQ(one.fd, -1);
  // The next one finds it written and takes call-2.wav; the recording is untouched.
  SpeakerFile two = claim_speaker_file(first);
  ASSERT_GE(two.fd, 0) << two.error;
  EXPECT_EQ(two.path, second);
  EXPECT_EQ(read_all(first), "RIFF");
  // While call-2.wav is held (still empty), another client skips it too: no two share a file.
  SpeakerFile three = claim_speaker_file(first);
  ASSERT_GE(three.fd, 0) << three.error;
  EXPECT_EQ(three.path, third);
  release_speaker_file(three);  // nothing written: the empty file goes
  EXPECT_FALSE(g_file_test(third.c_str(), G_FILE_TEST_EXISTS));
  release_speaker_file(two);
  EXPECT_FALSE(g_file_test(second.c_str(), G_FILE_TEST_EXISTS));
}

TEST_F(FileSpeakerTest, AnEmptyFileIsFreeAFolderIsNot) {
  const std::string first = path("empty.wav");
  std::ofstream(first).close();  // e.g. made by `touch`
  SpeakerFile empty = claim_speaker_file(first);
  ASSERT_GE(empty.fd, 0) << empty.error;
  EXPECT_EQ(empty.path, first);
  release_speaker_file(empty);

  const std::string folder = path("folder");
  ASSERT_EQ(g_mkdir(folder.c_str(), 0700), 0);
  const std::string beside = path("folder-2");
  SpeakerFile file = claim_speaker_file(folder);
  EXPECT_EQ(file.path, beside);
  release_speaker_file(file);
}

TEST_F(FileSpeakerTest, AMissingFolderIsAnError) {
  SpeakerFile file = claim_speaker_file(dir_ + "/no/such/dir.wav");
  EXPECT_EQ(file.fd, -1);
  EXPECT_EQ(file.error, std::strerror(ENOENT));
}

// A live 440 Hz tone into the speaker, stopped without EOS (like a hung-up call): the file is a
// complete WAV with the tone inside.
TEST_F(FileSpeakerTest, WritesWhatItHearsAndFinishesTheHeaderWithoutEos) {
  const std::string file = path("call.wav");
  GstElement* pipeline = gst_pipeline_new(nullptr);
  GstElement* source = gst_element_factory_make("audiotestsrc", nullptr);
  GstElement* caps = gst_element_factory_make("capsfilter", nullptr);
  ASSERT_TRUE(source != nullptr && caps != nullptr);
  g_object_set(source, "is-live", TRUE, "freq", 440.0, "volume", 0.5, nullptr);
  GstCaps* format = gst_caps_from_string("audio/x-raw,format=S16LE,layout=interleaved,rate=48000,channels=1");
  g_object_set(caps, "caps", format, nullptr);
  gst_caps_unref(format);
  SpeakerFile claimed = claim_speaker_file(file);
  ASSERT_EQ(claimed.path, file) << claimed.error;
  GstElement* speaker = make_file_speaker(std::move(claimed));
  gst_bin_add_many(GST_BIN(pipeline), source, caps, speaker, nullptr);
  ASSERT_TRUE(gst_element_link_many(source, caps, speaker, nullptr));
  ASSERT_NE(gst_element_set_state(pipeline, GST_STATE_PLAYING), GST_STATE_CHANGE_FAILURE);
  // While it runs the samples are already in the file (unbuffered), behind a "data" chunk.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  std::optional<WavData> data;
  while (std::chrono::steady_clock::now() < deadline) {
    data = find_wav_data(file);
    if (data && data->size >= 48000) break;  // half a second
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_TRUE(data && data->size >= 48000) << "no audio written";
  gst_element_set_state(pipeline, GST_STATE_NULL);  // the header is finished on the way down
  const std::string bytes = read_all(file);
  gst_object_unref(pipeline);
  data = find_wav_data(file);
  ASSERT_TRUE(data.has_value());
  EXPECT_EQ(le32_at(bytes, 4), bytes.size() - 8);
  EXPECT_EQ(le32_at(bytes, data->offset - 4), data->size);
  EXPECT_EQ(le32_at(bytes, 24), 48000U);  // sample rate in "fmt "
  // A pure tone crosses zero twice a period.
  const std::size_t count = data->size / 2;
  std::vector<std::int16_t> samples(count);
  std::memcpy(samples.data(), bytes.data() + data->offset, count * 2);
  int crossings = 0;
  for (std::size_t i = 1; i < count; ++i) crossings += (samples[i - 1] < 0) != (samples[i] < 0);
  const double hz = crossings / 2.0 / (static_cast<double>(count) / 48000);
  EXPECT_NEAR(hz, 440, 5);
  EXPECT_GT(*std::max_element(samples.begin(), samples.end()), 10000);
}

}  // namespace
}  // namespace clivrt::media
