#include "clivrt/server/route.hpp"

#include <gtest/gtest.h>

using namespace clivrt::server;

TEST(Route, Health) {
  EXPECT_EQ(route_request("/healthz").kind, RouteKind::health);
  EXPECT_EQ(route_request("/healthz?x=1").kind, RouteKind::health);
  EXPECT_EQ(route_request("/healthz/").kind, RouteKind::not_found);
}

TEST(Route, ChatWithLegacyPresence) {
  const auto route = route_request("/chat/alice");
  EXPECT_EQ(route.kind, RouteKind::chat);
  EXPECT_EQ(route.username, "alice");
  EXPECT_FALSE(route.delta_presence);
}

TEST(Route, ChatWithDeltaPresence) {
  EXPECT_TRUE(route_request("/chat/bob?presence=delta").delta_presence);
  EXPECT_TRUE(route_request("/chat/bob?x=1&presence=delta").delta_presence);
  EXPECT_FALSE(route_request("/chat/bob?presence=full").delta_presence);
  EXPECT_FALSE(route_request("/chat/bob?presence=deltax").delta_presence);
}

TEST(Route, ChatNameIsUrlDecoded) {
  EXPECT_EQ(route_request("/chat/al%69ce").username, "alice");
  EXPECT_EQ(route_request("/chat/a%2Fb").username, "a/b");  // rejected later by validation
  EXPECT_EQ(route_request("/chat/bad%zz").username, std::nullopt);
  EXPECT_EQ(route_request("/chat/").username, "");
}

TEST(Route, OtherPathsAreNotFound) {
  EXPECT_EQ(route_request("/").kind, RouteKind::not_found);
  EXPECT_EQ(route_request("/chat").kind, RouteKind::not_found);
  EXPECT_EQ(route_request("/other/alice").kind, RouteKind::not_found);
  EXPECT_EQ(route_request("").kind, RouteKind::not_found);
}

TEST(Route, ResumeAsksForATokenAndMayPresentOne) {
  EXPECT_FALSE(route_request("/chat/amy?presence=delta").resume);
  EXPECT_EQ(route_request("/chat/amy?presence=delta&resume=").resume, "");
  EXPECT_EQ(route_request("/chat/amy?resume=abc123&presence=delta").resume, "abc123");
  EXPECT_TRUE(route_request("/chat/amy?resume=abc123&presence=delta").delta_presence);
  EXPECT_FALSE(route_request("/chat/amy?resumes=1").resume);
  EXPECT_EQ(route_request("/chat/amy?resume=" + std::string(100, 'a')).resume->size(), 64U);
}
