#include "server_url.hpp"

#include <gtest/gtest.h>

using namespace clivrt::signaling;

namespace {
ServerUrl parse(std::string_view text) {
  std::string error;
  auto url = parse_server_url(text, error);
  EXPECT_TRUE(url) << text << ": " << error;
  return url.value_or(ServerUrl{});
}
bool rejected(std::string_view text) {
  std::string error;
  return !parse_server_url(text, error) && !error.empty();
}
}  // namespace

TEST(ServerUrl, ParsesHostPortAndPath) {
  EXPECT_EQ(parse("ws://127.0.0.1:8080"), (ServerUrl{false, "127.0.0.1", "8080", ""}));
  EXPECT_EQ(parse("wss://chat.example"), (ServerUrl{true, "chat.example", "443", ""}));
  EXPECT_EQ(parse("ws://h/base/"), (ServerUrl{false, "h", "80", "/base"}));
  EXPECT_EQ(parse("ws://[::1]:9000"), (ServerUrl{false, "::1", "9000", ""}));
  EXPECT_EQ(parse("ws://[::1]:9000").authority(), "[::1]:9000");
}

TEST(ServerUrl, RejectsBadUrls) {
  EXPECT_TRUE(rejected("http://x"));
  EXPECT_TRUE(rejected("ws://"));
  EXPECT_TRUE(rejected("ws://:80"));
  EXPECT_TRUE(rejected("ws://h:0"));
  EXPECT_TRUE(rejected("ws://h:99999"));
  EXPECT_TRUE(rejected("ws://h:abc"));
  EXPECT_TRUE(rejected("ws://h:"));
  EXPECT_TRUE(rejected("ws://[::1"));
}

TEST(ServerUrl, ChatTargetEncodesTheName) {
  EXPECT_EQ(parse("ws://h:1/x").chat_target("al ice"), "/x/chat/al%20ice?presence=delta");
}
