#include "clivrt/protocol/codec.hpp"

#include <gtest/gtest.h>

using namespace clivrt::protocol;

TEST(ParseFrame, AcceptsObjectWithType) {
  std::string error;
  const auto message = parse_frame(R"({"type":"message","text":"hi"})", error);
  ASSERT_TRUE(message);
  EXPECT_EQ((*message)["text"], "hi");
}

TEST(ParseFrame, RejectsMalformedFrames) {
  for (std::string_view bad :
       {"", "not json", "[1,2]", "42", R"({"text":"no type"})", R"({"type":7})", "{\"type\":\"x\"", "\xff\xfe"}) {
    std::string error;
    EXPECT_FALSE(parse_frame(bad, error)) << bad;
    EXPECT_FALSE(error.empty()) << bad;
  }
}

TEST(Serialize, ReplacesInvalidUtf8InsteadOfThrowing) {
  Json message{{"type", "message"}, {"text", std::string("a\xff")}};
  EXPECT_EQ(serialize(message), "{\"text\":\"a\xef\xbf\xbd\",\"type\":\"message\"}");
}

TEST(ServerMessages, HaveTheDocumentedShape) {
  EXPECT_EQ(serialize(make_userlist({"a", "b"})), R"({"type":"userlist","users":["a","b"]})");
  EXPECT_EQ(serialize(make_server_text("User x left")), R"({"name":"SERVER","text":"User x left","type":"message"})");
  const Json error = make_error(error_code::kUnknownTarget, "no user bob");
  EXPECT_EQ(error["type"], "error");
  EXPECT_EQ(error["code"], "unknown-target");
  EXPECT_EQ(serialize(make_presence({"a"}, {})), R"({"joined":["a"],"left":[],"type":"presence"})");
}
