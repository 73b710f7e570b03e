#include "presence_batch.hpp"

#include <gtest/gtest.h>

#include "clivrt/protocol/codec.hpp"

using namespace clivrt::server;
using namespace std::chrono_literals;
using Strings = std::vector<std::string>;

TEST(PresenceBatch, CollectsSortedJoinsAndLeaves) {
  PresenceBatch batch;
  batch.joined("carol");
  batch.joined("alice");
  batch.left("bob");
  const auto delta = batch.take();
  EXPECT_EQ(delta.joined, (Strings{"alice", "carol"}));
  EXPECT_EQ(delta.left, Strings{"bob"});
  EXPECT_TRUE(batch.empty());
  EXPECT_TRUE(batch.take().empty());
}

TEST(PresenceBatch, JoinThenLeaveCancelsOut) {
  PresenceBatch batch;
  batch.joined("alice");
  batch.left("alice");
  EXPECT_TRUE(batch.empty());
  EXPECT_TRUE(batch.take().empty());
}

TEST(PresenceBatch, LeaveThenRejoinCancelsOut) {
  PresenceBatch batch;
  batch.left("alice");
  batch.joined("alice");
  EXPECT_TRUE(batch.take().empty());
}

TEST(PresenceBatch, JoinLeaveJoinIsAJoin) {
  PresenceBatch batch;
  batch.joined("alice");
  batch.left("alice");
  batch.joined("alice");
  const auto delta = batch.take();
  EXPECT_EQ(delta.joined, Strings{"alice"});
  EXPECT_TRUE(delta.left.empty());
}

TEST(PresenceBatch, WindowsAreIndependent) {
  PresenceBatch batch;
  batch.joined("alice");
  EXPECT_EQ(batch.take().joined, Strings{"alice"});
  batch.left("alice");
  const auto delta = batch.take();
  EXPECT_TRUE(delta.joined.empty());
  EXPECT_EQ(delta.left, Strings{"alice"});
}

TEST(LegacyDelay, ImmediateWhenIntervalPassed) {
  const auto t0 = std::chrono::steady_clock::time_point{} + 1h;
  EXPECT_EQ(next_legacy_delay(t0, t0 + 600ms, 500ms), 0ms);
  EXPECT_EQ(next_legacy_delay(t0, t0 + 500ms, 500ms), 0ms);
}

TEST(LegacyDelay, WaitsForRemainderOfInterval) {
  const auto t0 = std::chrono::steady_clock::time_point{} + 1h;
  EXPECT_EQ(next_legacy_delay(t0, t0 + 200ms, 500ms), 300ms);
  EXPECT_EQ(next_legacy_delay(t0, t0, 500ms), 500ms);
}

TEST(UserlistFrame, SameBytesAsTheProtocolSerializer) {
  const auto self = [](const std::string& name) -> const std::string& { return name; };
  for (const Strings& names : {Strings{}, Strings{"alice"}, Strings{"Bob_2.x-y", "alice", "zed"}}) {
    EXPECT_EQ(userlist_frame(names, self), clivrt::protocol::serialize(clivrt::protocol::make_userlist(names)));
  }
}
