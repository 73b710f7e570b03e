#include "clivrt/config/command_line.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

using namespace clivrt::config;

namespace {
LookupPlaces nowhere() { return {}; }

class TempDir {
 public:
  TempDir() {
    path_ = std::filesystem::temp_directory_path() /
            ("clivrt-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  std::string write(const std::string& name, const std::string& content) const {
    std::ofstream(path_ / name) << content;
    return (path_ / name).string();
  }
  std::string path() const { return path_.string(); }

 private:
  static inline int counter_ = 0;
  std::filesystem::path path_;
};
}  // namespace

TEST(CommandLine, FlagsOverrideTheConfigFile) {
  TempDir dir;
  const std::string file = dir.write("c.ini", "[DEFAULT]\nsignalinghosturl = ws://a:1\nwebcam = test\n");
  const Startup s = load_settings({"--config", file, "--server", "ws://b:2", "--user", "bob"}, nowhere());
  ASSERT_TRUE(s.settings) << s.output;
  EXPECT_EQ(s.settings->signaling_url, "ws://b:2");
  EXPECT_EQ(s.settings->username, "bob");
  EXPECT_EQ(s.settings->webcam, "test");
  EXPECT_EQ(s.settings->config_path, file);
}

TEST(CommandLine, BadFlagsGiveOneLineErrorAndExitCode2) {
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"--bogus"}, {"--server"}, {"--server", "http://x"}, {"--videostyle", "nope"}, {"stray"}}) {
    const Startup s = load_settings(args, nowhere());
    EXPECT_FALSE(s.settings) << args[0];
    EXPECT_EQ(s.exit_code, 2) << args[0];
    EXPECT_TRUE(s.output.starts_with("clivrt: ")) << s.output;
    EXPECT_EQ(std::count(s.output.begin(), s.output.end(), '\n'), 1) << s.output;
  }
}

TEST(CommandLine, DashOSetsAnyKeyAndRefusesUnknownOnes) {
  const Startup s = load_settings({"-o", "framerate=15", "--option", "video_size=320x240", "-o", "framerate=12"},
                                  nowhere());
  ASSERT_TRUE(s.settings) << s.output;
  EXPECT_EQ(s.settings->framerate, 12);
  EXPECT_EQ(s.settings->video_size, (VideoSize{320, 240}));
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"-o", "framerate"}, {"-o", "nosuchkey=1"}, {"-o", "framerate=fast"}}) {
    const Startup bad = load_settings(args, nowhere());
    EXPECT_FALSE(bad.settings) << args[1];
    EXPECT_EQ(bad.exit_code, 2);
    EXPECT_NE(bad.output.find(args[1].substr(0, args[1].find('='))), std::string::npos) << bad.output;
  }
}

TEST(CommandLine, DescriptionListsEveryFlagWithTheKeysChoices) {
  const auto docs = describe_command_line();
  const auto find = [&](std::string_view name) {
    const auto it = std::ranges::find(docs, name, &clivrt::OptionDoc::name);
    return it == docs.end() ? nullptr : &*it;
  };
  ASSERT_NE(find("--videostyle"), nullptr);
  EXPECT_EQ(find("--videostyle")->value, "STYLE");
  EXPECT_EQ(find("--videostyle")->choices, (std::vector<std::string>{"half-block", "just-ascii", "ascii-color",
                                                                     "filled-ascii", "pixels", "auto"}));
  ASSERT_NE(find("--help"), nullptr);
  EXPECT_EQ(find("--help")->short_name, "-h");
  EXPECT_TRUE(find("--help")->value.empty());
  ASSERT_NE(find("--ice-server"), nullptr);
  EXPECT_TRUE(find("--ice-server")->repeatable);
  ASSERT_NE(find("--option"), nullptr);
  EXPECT_EQ(find("--option")->value, "KEY=VALUE");  // its values are describe_settings()' keys
  EXPECT_TRUE(find("--option")->repeatable);
  // Every flag --help prints is described, and nothing else.
  const std::string help = load_settings({"--help"}, nowhere()).output;
  for (const auto& doc : docs) EXPECT_NE(help.find(doc.name), std::string::npos) << doc.name;
}

TEST(CommandLine, HelpAndVersion) {
  const Startup help = load_settings({"--help"}, nowhere());
  EXPECT_FALSE(help.settings);
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.output.find("--headless"), std::string::npos);
  const Startup version = load_settings({"--version"}, nowhere());
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_TRUE(version.output.starts_with("clivrt "));
  EXPECT_TRUE(version.version) << "the program adds its libraries' versions";
}

TEST(CommandLine, ConfigFoundInWorkingDirectory) {
  TempDir dir;
  dir.write(".clivrt", "[DEFAULT]\nautoanswer = true\n");
  LookupPlaces places;
  places.working_directory = dir.path();
  const Startup s = load_settings({}, places);
  ASSERT_TRUE(s.settings);
  EXPECT_TRUE(s.settings->autoanswer);
}

TEST(CommandLine, BadConfigStopsStartUp) {
  TempDir dir;
  const std::string file = dir.write("bad.ini", "[DEFAULT]\nframerate = lots\n");
  const Startup s = load_settings({"--config", file}, nowhere());
  EXPECT_FALSE(s.settings);
  EXPECT_EQ(s.exit_code, 2);
  EXPECT_EQ(s.output, "clivrt: " + file + ":2: framerate = 'lots': must be a whole number from 1 to 60\n");
}

TEST(CommandLine, JsonImpliesHeadless) {
  const Startup s = load_settings({"--json"}, nowhere());
  ASSERT_TRUE(s.settings);
  EXPECT_TRUE(s.settings->headless);
  EXPECT_TRUE(s.settings->json);
}

TEST(CommandLine, RepeatedFlagLastOneWins) {
  const Startup s = load_settings({"--user", "a", "--user", "b"}, nowhere());
  ASSERT_TRUE(s.settings) << s.output;
  EXPECT_EQ(s.settings->username, "b");
}
