#include "clivrt/media/glib_messages.hpp"

#include <glib.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace clivrt::media {
namespace {

TEST(GlibMessages, WarningsAndDebugReachTheSinkWithTheirDomain) {
  std::vector<std::string> seen;
  route_glib_messages([&](GlibSeverity severity, std::string_view domain, std::string_view message) {
    seen.push_back(std::to_string(static_cast<int>(severity)) + " " + std::string(domain) + " " + std::string(message));
  });
  g_log("libnice", G_LOG_LEVEL_WARNING, "We still have alive TURN refreshes");
  g_log("libnice", G_LOG_LEVEL_DEBUG, "a debug line");
  g_log_structured("GStreamer", G_LOG_LEVEL_CRITICAL, "MESSAGE", "a critical %d", 7);
  route_glib_messages(nullptr);
  g_log("libnice", G_LOG_LEVEL_WARNING, "dropped: no sink");
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(seen[0], "2 libnice We still have alive TURN refreshes");
  EXPECT_EQ(seen[1], "0 libnice a debug line");
  EXPECT_EQ(seen[2], "3 GStreamer a critical 7");
}

}  // namespace
}  // namespace clivrt::media
