#include "clivrt/common/token_bucket.hpp"

#include <gtest/gtest.h>

using clivrt::TokenBucket;
using namespace std::chrono_literals;

TEST(TokenBucket, AllowsABurstThenTheRate) {
  const auto start = TokenBucket::Clock::time_point{};
  TokenBucket bucket(10, 3, start);
  EXPECT_TRUE(bucket.try_take(start));
  EXPECT_TRUE(bucket.try_take(start));
  EXPECT_TRUE(bucket.try_take(start));
  EXPECT_FALSE(bucket.try_take(start));
  EXPECT_FALSE(bucket.try_take(start + 50ms));
  EXPECT_TRUE(bucket.try_take(start + 100ms));
}

TEST(TokenBucket, WaitTimeSaysWhenTheNextTokenComes) {
  const auto start = TokenBucket::Clock::time_point{};
  TokenBucket bucket(10, 1, start);
  EXPECT_EQ(bucket.wait_time(start), TokenBucket::Clock::duration::zero());
  ASSERT_TRUE(bucket.try_take(start));
  EXPECT_NEAR(std::chrono::duration<double>(bucket.wait_time(start)).count(), 0.1, 1e-6);
  EXPECT_NEAR(std::chrono::duration<double>(bucket.wait_time(start + 40ms)).count(), 0.06, 1e-6);
  EXPECT_EQ(bucket.wait_time(start + 100ms), TokenBucket::Clock::duration::zero());
}

TEST(TokenBucket, AllowsBurstThenRefuses) {
  const auto t0 = TokenBucket::Clock::time_point{};
  TokenBucket bucket(50, 200, t0);
  for (int i = 0; i < 200; ++i) EXPECT_TRUE(bucket.try_take(t0)) << i;
  EXPECT_FALSE(bucket.try_take(t0));
}

TEST(TokenBucket, RefillsAtRate) {
  const auto t0 = TokenBucket::Clock::time_point{};
  TokenBucket bucket(50, 200, t0);
  for (int i = 0; i < 200; ++i) bucket.try_take(t0);
  // 100 ms at 50/s gives 5 tokens.
  const auto t1 = t0 + 100ms;
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(bucket.try_take(t1)) << i;
  EXPECT_FALSE(bucket.try_take(t1));
}

TEST(TokenBucket, NeverExceedsBurst) {
  const auto t0 = TokenBucket::Clock::time_point{};
  TokenBucket bucket(50, 10, t0);
  const auto later = t0 + 1h;
  int taken = 0;
  while (bucket.try_take(later)) ++taken;
  EXPECT_EQ(taken, 10);
}

TEST(TokenBucket, SteadyRateBelowLimitIsAllowed) {
  auto t = TokenBucket::Clock::time_point{};
  TokenBucket bucket(50, 1, t);
  for (int i = 0; i < 1000; ++i) {
    EXPECT_TRUE(bucket.try_take(t)) << i;
    t += 25ms;  // 40 msg/s
  }
}

TEST(TokenBucket, ZeroRateDisablesLimit) {
  const auto t0 = TokenBucket::Clock::time_point{};
  TokenBucket bucket(0, 1, t0);
  for (int i = 0; i < 10000; ++i) EXPECT_TRUE(bucket.try_take(t0));
}

TEST(TokenBucket, ClockGoingBackwardsDoesNotAddTokens) {
  const auto t0 = TokenBucket::Clock::time_point{} + 1h;
  TokenBucket bucket(50, 2, t0);
  EXPECT_TRUE(bucket.try_take(t0));
  EXPECT_TRUE(bucket.try_take(t0));
  EXPECT_FALSE(bucket.try_take(t0 - 10s));
}

TEST(TokenBucket, IsFullOnceRefilledToItsBurst) {
  const auto t0 = TokenBucket::Clock::now();
  TokenBucket bucket(2.0, 4.0, t0);
  EXPECT_TRUE(bucket.full(t0));
  ASSERT_TRUE(bucket.try_take(t0));
  EXPECT_FALSE(bucket.full(t0));
  EXPECT_FALSE(bucket.full(t0 + std::chrono::milliseconds(400)));  // 0.8 of the 1 token back
  EXPECT_TRUE(bucket.full(t0 + std::chrono::milliseconds(500)));
  EXPECT_TRUE(TokenBucket(0, 1, t0).full(t0));  // no limit: nothing to remember
}
