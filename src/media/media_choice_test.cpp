#include "media_choice.hpp"

#include <glib/gstdio.h>
#include <gtest/gtest.h>

#include <vector>

namespace clivrt::media {
namespace {

struct Chosen {
  SendPlan plan;
  SessionBridge bridge;
  std::vector<std::string> warnings;
};

void choose(Chosen& out, const std::string& speaker, const std::string& microphone = "test") {
  gst_init(nullptr, nullptr);
  CallOptions options;
  options.speaker = speaker;
  options.microphone = microphone;
  options.video_source = "test";
  out.plan = choose_media(options, SendPlan{}, false, out.bridge,
                          [&](std::string text) { out.warnings.push_back(std::move(text)); });
}

TEST(MediaChoice, FileSpeakerIsCheckedNotCreated) {
  char* dir = g_dir_make_tmp("clivrt-media-choice-XXXXXX", nullptr);
  ASSERT_NE(dir, nullptr);
  const std::string path = std::string(dir) + "/heard.wav";
  Chosen chosen;
  choose(chosen, "file:" + path);
  EXPECT_TRUE(chosen.warnings.empty()) << chosen.warnings.front();
  EXPECT_TRUE(chosen.bridge.speaker);
  EXPECT_EQ(chosen.bridge.speaker_sink, "file");
  EXPECT_EQ(chosen.bridge.speaker_device, path);
  EXPECT_TRUE(chosen.bridge.echo_probe.empty());  // nothing a microphone could hear
  EXPECT_EQ(chosen.plan.audio.source, "test");
  EXPECT_FALSE(g_file_test(path.c_str(), G_FILE_TEST_EXISTS));  // made when the peer's sound arrives
  g_rmdir(dir);
  g_free(dir);
}

TEST(MediaChoice, UnwritableFileSpeakerIsAWarningAndNoPlayback) {
  for (const std::string setting : {"file:/nonexistent-dir/heard.wav", "file:"}) {
    Chosen chosen;
    choose(chosen, setting);
    ASSERT_EQ(chosen.warnings.size(), 1U) << setting;
    EXPECT_NE(chosen.warnings[0].find("cannot write the speaker file"), std::string::npos) << chosen.warnings[0];
    EXPECT_FALSE(chosen.bridge.speaker) << setting;
    EXPECT_EQ(chosen.plan.audio.source, "test");  // the call still sends its sound
  }
}

}  // namespace
}  // namespace clivrt::media
