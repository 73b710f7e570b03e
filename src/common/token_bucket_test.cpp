#include "common/token_bucket.hpp"

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

TEST(TokenBucket, ZeroRateDisablesTheLimit) {
  TokenBucket bucket(0, 1, {});
  for (int i = 0; i < 100; ++i) EXPECT_TRUE(bucket.try_take({}));
  EXPECT_EQ(bucket.wait_time({}), TokenBucket::Clock::duration::zero());
}
