#include "clivrt/render/output_budget.hpp"

#include <gtest/gtest.h>

#include <cstdint>

using namespace clivrt::render;
using namespace std::chrono_literals;
using Clock = OutputBudget::Clock;

TEST(OutputBudget, UnlimitedAllowsAnythingAndStillCounts) {
  OutputBudget budget;
  const auto t0 = Clock::time_point{} + 10s;
  EXPECT_EQ(budget.allowance(t0), SIZE_MAX);
  budget.spend(t0, 5000);
  budget.spend(t0 + 500ms, 7000);
  EXPECT_EQ(budget.bytes_last_second(t0 + 900ms), 12000u);
  EXPECT_EQ(budget.writes_last_second(t0 + 900ms), 2);
  EXPECT_EQ(budget.bytes_last_second(t0 + 1s), 7000u);  // a write counts for [t, t + 1 s)
  EXPECT_EQ(budget.bytes_last_second(t0 + 2s), 0u);
}

TEST(OutputBudget, PacesWritesAndKeepsTheWindow) {
  OutputBudget budget(4000);
  const auto t0 = Clock::time_point{} + 10s;
  EXPECT_EQ(budget.allowance(t0), 4000u);  // the whole second is free
  budget.spend(t0, 1500);                  // 500 B more than the quarter second saved up
  EXPECT_EQ(budget.allowance(t0), 0u);
  EXPECT_EQ(budget.allowance(t0 + 100ms), 0u);     // paying back the debt at 4000 B/s
  EXPECT_EQ(budget.allowance(t0 + 130ms), 2500u);  // paid: what the window has left
  budget.spend(t0 + 130ms, 2000);
  budget.spend(t0 + 900ms, 500);
  EXPECT_EQ(budget.bytes_last_second(t0 + 999ms), 4000u);
  EXPECT_EQ(budget.allowance(t0 + 999ms), 0u);  // the window is full
  EXPECT_EQ(budget.allowance(t0 + 1s), 1500u);  // its first write left it
}

TEST(OutputBudget, ANewRateKeepsWhatIsLeft) {
  OutputBudget budget(4000);
  const auto t0 = Clock::time_point{} + 10s;
  budget.spend(t0, 1400);  // 400 B of debt
  budget.set_rate(8000);
  EXPECT_EQ(budget.allowance(t0), 0u);  // no fresh burst from changing the rate
  EXPECT_EQ(budget.allowance(t0 + 40ms), 0u);
  EXPECT_EQ(budget.allowance(t0 + 60ms), 8000u - 1400u);
  budget.set_rate(0);
  EXPECT_TRUE(budget.unlimited());
  EXPECT_EQ(budget.allowance(t0 + 100ms), SIZE_MAX);
}
