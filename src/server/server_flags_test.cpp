#include "clivrt/server/server_flags.hpp"

#include <gtest/gtest.h>

#include <CLI/CLI.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <ranges>

namespace clivrt::server {
namespace {

namespace fs = std::filesystem;

/// A config file for one test, removed after it.
class ConfigFile {
 public:
  explicit ConfigFile(const std::string& text)
      : path_(fs::temp_directory_path() / ("clivrt-server-flags-" + std::to_string(::getpid()) + ".conf")) {
    std::ofstream(path_) << text;
  }
  ~ConfigFile() { fs::remove(path_); }
  std::string path() const { return path_.string(); }

 private:
  fs::path path_;
};

ServerFlags parse(std::vector<std::string> args) {
  CLI::App app{kServerDescription, "clivrt-server"};
  ServerFlags flags;
  define_server_flags(app, flags);
  std::ranges::reverse(args);  // CLI11 takes them reversed
  app.parse(args);
  return flags;
}

TEST(ServerFlags, AConfigFileSetsFlagsAndTheCommandLineWins) {
  const ConfigFile file(
      "; comment\nport = 9443\nthreads = 3\nping-interval = 20\nallow-origin = https://a.example https://b.example\n"
      "log-level = debug\n");
  const ServerFlags flags = parse({"--config", file.path(), "--threads", "2"});
  EXPECT_EQ(flags.server.port, 9443);
  EXPECT_EQ(flags.threads, 2);
  EXPECT_EQ(flags.server.ping_interval, std::chrono::seconds(20));
  EXPECT_EQ(flags.server.allowed_origins, (std::vector<std::string>{"https://a.example", "https://b.example"}));
  EXPECT_EQ(flags.log_level, "debug");
}

TEST(ServerFlags, AMisspeltKeyABadValueOrAMissingFileIsAnError) {
  const ConfigFile misspelt("prot = 9443\n");
  EXPECT_THROW(parse({"--config", misspelt.path()}), CLI::ParseError);
  const ConfigFile bad_value("threads = 500\n");
  EXPECT_THROW(parse({"--config", bad_value.path()}), CLI::ParseError);
  EXPECT_THROW(parse({"--config", "/nonexistent/clivrt-server.conf"}), CLI::ParseError);
}

TEST(ServerFlags, PerAddressCapsAndTrustedProxies) {
  const ServerFlags defaults = parse({});
  EXPECT_EQ(defaults.server.max_connections_per_address, 64u);
  EXPECT_EQ(defaults.server.logins_per_minute, 60);
  EXPECT_TRUE(defaults.server.trusted_proxies.empty());
  const ServerFlags set = parse({"--max-connections-per-address", "0", "--logins-per-minute", "5", "--trusted-proxy",
                                 "127.0.0.1", "--trusted-proxy", "::1"});
  EXPECT_EQ(set.server.max_connections_per_address, 0u);
  EXPECT_EQ(set.server.logins_per_minute, 5);
  EXPECT_EQ(set.server.trusted_proxies, (std::vector<std::string>{"127.0.0.1", "::1"}));
  try {
    parse({"--trusted-proxy", "proxy.example"});
    FAIL() << "a host name was taken for an address";
  } catch (const CLI::ParseError& e) {
    EXPECT_NE(std::string(e.what()).find("'proxy.example' is not an IP address"), std::string::npos) << e.what();
  }
  EXPECT_THROW(parse({"--logins-per-minute", "-1"}), CLI::ParseError);
}

TEST(ServerFlags, DescriptionNamesValuesDefaultsAndRepetition) {
  const auto docs = describe_server_flags();
  const auto find = [&](std::string_view name) {
    const auto it = std::ranges::find(docs, name, &OptionDoc::name);
    return it == docs.end() ? nullptr : &*it;
  };
  ASSERT_NE(find("--port"), nullptr);
  EXPECT_EQ(find("--port")->value, "PORT");
  EXPECT_EQ(find("--port")->default_value, "8080");
  ASSERT_NE(find("--threads"), nullptr);
  EXPECT_EQ(find("--threads")->value, "N");  // without CLI11's "INT in [1 - 64]"
  ASSERT_NE(find("--allow-origin"), nullptr);
  EXPECT_TRUE(find("--allow-origin")->repeatable);
  ASSERT_NE(find("--log-level"), nullptr);
  EXPECT_FALSE(find("--log-level")->choices.empty());
  EXPECT_EQ(find("--help")->short_name, "-h");
  // A duration's default is the number the flag takes back, not CLI11's "15s".
  ASSERT_NE(find("--ping-interval"), nullptr);
  EXPECT_EQ(find("--ping-interval")->default_value, "15");
  EXPECT_NO_THROW(parse({"--ping-interval", find("--ping-interval")->default_value}));
}

}  // namespace
}  // namespace clivrt::server
