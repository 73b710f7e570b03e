#include "clivrt/config/config_file.hpp"

#include <gtest/gtest.h>

#include <optional>

using namespace clivrt::config;

namespace {
Settings parse(std::string_view text) {
  Settings settings;
  apply_config_text(text, ".clivrt", settings);
  return settings;
}
std::string error_of(std::string_view text) {
  try {
    parse(text);
  } catch (const ConfigError& error) {
    return error.what();
  }
  return "no error";
}
}  // namespace

TEST(ConfigFile, ReadsEveryKeyOfTheOriginal) {
  const Settings s = parse(
      "[DEFAULT]\n"
      "signalinghosturl = wss://chat.example:8443\n"
      "autoanswer = True\n"
      "loglevel = DEBUG\n"
      "videostyle = ascii-color\n"
      "webcam = /dev/video2\n"
      "framerate = 15\n"
      "frame_interval = 2\n"
      "video_size = 320x240\n"
      "username = alice\n");
  EXPECT_EQ(s.signaling_url, "wss://chat.example:8443");
  EXPECT_TRUE(s.autoanswer);
  EXPECT_EQ(s.log_level, clivrt::LogLevel::debug);
  EXPECT_EQ(s.video_style, "ascii-color");
  EXPECT_EQ(s.webcam, "/dev/video2");
  EXPECT_EQ(s.framerate, 15);
  EXPECT_EQ(s.frame_interval, 2);
  EXPECT_EQ(s.video_size, (VideoSize{320, 240}));
  EXPECT_EQ(s.username, "alice");
  EXPECT_TRUE(s.warnings.empty());
}

TEST(ConfigFile, DefaultsAreSafe) {
  const Settings s = parse("");
  EXPECT_FALSE(s.autoanswer);
  EXPECT_EQ(s.signaling_url, "ws://127.0.0.1:8080");
}

TEST(ConfigFile, BadValuesNameFileLineKeyAndWhatIsAllowed) {
  EXPECT_EQ(error_of("[DEFAULT]\n\nsignalinghosturl = http://x\n"),
            ".clivrt:3: signalinghosturl = 'http://x': must start with ws:// or wss:// followed by a host, "
            "e.g. ws://127.0.0.1:8080");
  EXPECT_EQ(error_of("[DEFAULT]\nautoanswer = maybe\n"),
            ".clivrt:2: autoanswer = 'maybe': must be true or false (also yes/no, on/off, 1/0)");
  EXPECT_EQ(error_of("loglevel = LOUD\n"),
            ".clivrt:1: loglevel = 'LOUD': must be one of: DEBUG INFO WARN ERROR CRITICAL");
  EXPECT_EQ(error_of("videostyle = sparkly\n"),
            ".clivrt:1: videostyle = 'sparkly': must be one of: half-block just-ascii ascii-color filled-ascii pixels auto");
  EXPECT_EQ(error_of("framerate = 0\n"), ".clivrt:1: framerate = '0': must be a whole number from 1 to 60");
  EXPECT_EQ(error_of("framerate = 30fps\n"), ".clivrt:1: framerate = '30fps': must be a whole number from 1 to 60");
  EXPECT_EQ(error_of("frame_interval = -1\n"), ".clivrt:1: frame_interval = '-1': must be a whole number from 1 to 60");
  EXPECT_EQ(error_of("video_size = 640*480\n"),
            ".clivrt:1: video_size = '640*480': must be WIDTHxHEIGHT between 16x16 and 3840x2160, e.g. 640x480");
  EXPECT_EQ(error_of("video_size = 99999x1\n").substr(0, 27), ".clivrt:1: video_size = '99");
  EXPECT_EQ(error_of("webcam = file:\n"),
            ".clivrt:1: webcam = 'file:': file: needs a path, e.g. file:/home/me/clip.webm");
}

TEST(ConfigFile, SyntaxErrorsNameTheLine) {
  EXPECT_EQ(error_of("[DEFAULT]\nautoanswer = true\nthis line has no equals sign\n"),
            ".clivrt:3: not a 'key = value' line, a [section] or a comment");
  EXPECT_EQ(error_of("[DEFAULT\n"), ".clivrt:1: not a 'key = value' line, a [section] or a comment");
}

TEST(ConfigFile, UnknownKeysAndSectionsAreWarnings) {
  const Settings s = parse("[DEFAULT]\ncolour = red\n[other]\nx = 1\n");
  ASSERT_EQ(s.warnings.size(), 2u);
  EXPECT_EQ(s.warnings[0], ".clivrt:2: unknown key 'colour' is ignored");
  EXPECT_EQ(s.warnings[1], ".clivrt:4: section [other] is ignored; clivrt reads [DEFAULT]");
}

TEST(ConfigFile, CommentsAndCaseInsensitiveKeys) {
  const Settings s = parse("; comment\n# another\n[DEFAULT]\nAutoAnswer = yes ; inline comment\n");
  EXPECT_TRUE(s.autoanswer);
}

TEST(ConfigFile, MissingFileIsAClearError) {
  Settings s;
  try {
    apply_config_file("/nonexistent/clivrt.ini", s);
    FAIL();
  } catch (const ConfigError& error) {
    EXPECT_EQ(std::string(error.what()), "/nonexistent/clivrt.ini: cannot read config file: No such file or directory");
  }
}

TEST(OutputRate, TakesAutoUnlimitedAndSuffixedRates) {
  const auto parsed = [](std::string_view text) {
    std::optional<std::size_t> rate = 12345;
    const std::string error = parse_output_rate(text, rate);
    EXPECT_EQ(error, "") << text;
    return rate;
  };
  EXPECT_EQ(parsed("auto"), std::nullopt);
  EXPECT_EQ(parsed("Unlimited"), 0u);
  EXPECT_EQ(parsed("400K"), 400u * 1024);
  EXPECT_EQ(parsed("400kB/s"), 400u * 1024);
  EXPECT_EQ(parsed("1.5M"), 1536u * 1024);
  EXPECT_EQ(parsed("20000"), 20000u);
  for (const char* bad : {"", "K", "fast", "-400K", "400Q", "1000", "15K", "nanK", "1e30"}) {
    std::optional<std::size_t> rate = 12345;
    EXPECT_NE(parse_output_rate(bad, rate).find("at least 16K"), std::string::npos) << bad;
    EXPECT_EQ(rate, 12345u) << bad;
  }
  EXPECT_EQ(parse("max_output_rate = 300K\n").max_output_rate, 300u * 1024);
  EXPECT_EQ(format_output_rate(0), "unlimited");
  EXPECT_EQ(format_output_rate(400 * 1024), "400K");
  EXPECT_EQ(format_output_rate(1536 * 1024), "1.5M");
  EXPECT_EQ(format_output_rate(900), "900");
}
