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

TEST(OutputBudget, BackOffGoesBelowWhatWentThroughOncePerSpellAndRecovers) {
  OutputBudget budget(400'000);
  const auto t0 = Clock::time_point{} + 10s;
  budget.spend(t0, 300'000);
  budget.back_off(t0 + 500ms);
  EXPECT_EQ(budget.rate(), 240'000u);  // 0.8 x what went through
  EXPECT_EQ(budget.configured_rate(), 400'000u);
  budget.back_off(t0 + 900ms);  // the same slow spell: no second cut
  EXPECT_EQ(budget.rate(), 240'000u);
  budget.back_off(t0 + 3s);  // a new spell after a quiet second: at most halved
  EXPECT_EQ(budget.rate(), 120'000u);
  budget.recover(t0 + 4s);  // still within the 2 s calm
  EXPECT_EQ(budget.rate(), 120'000u);
  for (auto t = t0 + 5s; t < t0 + 30s; t += 100ms) budget.recover(t);
  EXPECT_GT(budget.rate(), 120'000u * 18 / 10);  // ~10% a second, compounded
  for (auto t = t0 + 30s; t < t0 + 60s; t += 100ms) budget.recover(t);
  EXPECT_EQ(budget.rate(), 400'000u);  // back to the configured rate, and no further
  budget.spend(t0 + 60s, 0);
  budget.back_off(t0 + 61s);  // nothing went through in the last second: still only halved
  EXPECT_EQ(budget.rate(), 200'000u);
  budget.set_rate(100'000);  // a new configured rate ends the back-off
  EXPECT_EQ(budget.rate(), 100'000u);
}
