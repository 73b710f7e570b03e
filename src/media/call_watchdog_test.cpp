#include "call_watchdog.hpp"

#include <gtest/gtest.h>

namespace clivrt::media {
namespace {

using namespace std::chrono_literals;
constexpr auto media_timeout = 4000ms;
constexpr auto connect_timeout = 20000ms;

WatchdogReading connected_call() {
  WatchdogReading reading;
  reading.state = CallState::connected;
  reading.connected_at = WatchdogReading::Clock::time_point(100s);
  reading.negotiated_at = reading.connected_at - 1s;
  reading.negotiated = true;
  reading.media_seen = true;
  reading.last_packet = reading.connected_at + 10s;
  reading.now = reading.last_packet;
  return reading;
}

std::string verdict(const WatchdogReading& reading) {
  return watchdog_verdict(reading, media_timeout, connect_timeout).value_or("");
}

TEST(CallWatchdog, ConnectedCallFailsAfterMediaStops) {
  auto reading = connected_call();
  reading.now += 4s;
  EXPECT_EQ(verdict(reading), "") << "exactly the limit is still fine";
  reading.now += 1ms;
  EXPECT_EQ(verdict(reading), "no media from peer for 4 s");
}

TEST(CallWatchdog, APeerSendingNoMediaGetsThreeTimesLonger) {
  auto reading = connected_call();
  reading.media_seen = false;  // only its RTCP arrives
  reading.now += 11s;
  EXPECT_EQ(verdict(reading), "");
  reading.now += 2s;
  EXPECT_EQ(verdict(reading), "no media from peer for 12 s");
}

TEST(CallWatchdog, SilenceCountsFromTheConnectionNotFromBefore) {
  auto reading = connected_call();
  reading.last_packet = {};  // nothing yet
  reading.now = reading.connected_at + 3s;
  EXPECT_EQ(verdict(reading), "");
}

TEST(CallWatchdog, ConnectingGivesUpOnlyAfterNegotiation) {
  WatchdogReading reading;
  reading.state = CallState::connecting;
  reading.negotiated_at = WatchdogReading::Clock::time_point(50s);
  reading.now = reading.negotiated_at + 21s;
  EXPECT_EQ(verdict(reading), "") << "still waiting for the peer's description";
  reading.negotiated = true;
  EXPECT_EQ(verdict(reading), "cannot connect to the peer within 20 s (no working network path)");
  reading.state = CallState::negotiating;
  EXPECT_EQ(verdict(reading), "");
}

}  // namespace
}  // namespace clivrt::media
