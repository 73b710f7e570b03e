#include "origin_policy.hpp"

#include <gtest/gtest.h>

using clivrt::server::origin_allowed;

TEST(OriginPolicy, NoOriginHeaderIsANonBrowserClient) {
  EXPECT_TRUE(origin_allowed({}, std::nullopt, "127.0.0.1:8080", false));
  EXPECT_TRUE(origin_allowed({"https://a.example"}, std::nullopt, "127.0.0.1:8080", false));
}

TEST(OriginPolicy, DefaultIsSameOrigin) {
  EXPECT_TRUE(origin_allowed({}, "http://127.0.0.1:8080", "127.0.0.1:8080", false));
  EXPECT_TRUE(origin_allowed({}, "HTTP://LocalHost:8080", "localhost:8080", false));
  EXPECT_TRUE(origin_allowed({}, "https://chat.example", "chat.example", true));
  EXPECT_FALSE(origin_allowed({}, "http://chat.example", "chat.example", true));  // scheme differs
  EXPECT_FALSE(origin_allowed({}, "http://127.0.0.1:9999", "127.0.0.1:8080", false));
  EXPECT_FALSE(origin_allowed({}, "http://evil.example", "127.0.0.1:8080", false));
  EXPECT_FALSE(origin_allowed({}, "null", "127.0.0.1:8080", false));
  EXPECT_FALSE(origin_allowed({}, "http://", "", false));  // no Host header
}

TEST(OriginPolicy, ConfiguredListReplacesTheDefault) {
  const std::vector<std::string> allowed{"https://a.example/", "http://b.example:8000"};
  EXPECT_TRUE(origin_allowed(allowed, "https://A.example", "x:1", false));
  EXPECT_TRUE(origin_allowed(allowed, "http://b.example:8000", "x:1", false));
  EXPECT_FALSE(origin_allowed(allowed, "http://b.example", "x:1", false));
  EXPECT_FALSE(origin_allowed(allowed, "http://x:1", "x:1", false));  // same origin no longer implied
  EXPECT_TRUE(origin_allowed({"*"}, "http://anything", "x:1", false));
}
