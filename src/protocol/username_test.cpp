#include "clivrt/protocol/username.hpp"

#include <gtest/gtest.h>

using namespace clivrt::protocol;

TEST(Username, AcceptsAllowedCharacters) {
  EXPECT_TRUE(is_valid_username("alice"));
  EXPECT_TRUE(is_valid_username("Bob_2.x-y"));
  EXPECT_TRUE(is_valid_username(std::string(32, 'a')));
}

TEST(Username, RejectsBadNames) {
  EXPECT_FALSE(is_valid_username(""));
  EXPECT_FALSE(is_valid_username(std::string(33, 'a')));
  EXPECT_FALSE(is_valid_username("with space"));
  EXPECT_FALSE(is_valid_username("evil\x1b[2J"));
  EXPECT_FALSE(is_valid_username("ünïcode"));
  EXPECT_FALSE(is_valid_username("a/b"));
  EXPECT_FALSE(is_valid_username("SERVER"));
}

TEST(UrlDecode, DecodesEscapes) {
  EXPECT_EQ(url_decode("al%69ce"), "alice");
  EXPECT_EQ(url_decode("a%2Fb"), "a/b");
  EXPECT_EQ(url_decode("plain"), "plain");
}

TEST(UrlDecode, RejectsMalformedEscapes) {
  EXPECT_EQ(url_decode("a%"), std::nullopt);
  EXPECT_EQ(url_decode("a%4"), std::nullopt);
  EXPECT_EQ(url_decode("a%zz"), std::nullopt);
  EXPECT_EQ(url_decode("a%00b"), std::nullopt);
}
