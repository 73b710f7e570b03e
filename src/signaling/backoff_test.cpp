#include "backoff.hpp"

#include <gtest/gtest.h>

using namespace std::chrono_literals;
using clivrt::signaling::Backoff;

TEST(Backoff, DoublesWithJitterUpToTheMaximum) {
  Backoff backoff(1000ms, 8000ms);
  for (const auto nominal : {1000, 2000, 4000, 8000, 8000}) {
    const auto delay = backoff.next().count();
    EXPECT_GE(delay, nominal * 0.8);
    EXPECT_LE(delay, nominal * 1.2);
  }
  backoff.reset();
  EXPECT_LE(backoff.next().count(), 1200);
}
