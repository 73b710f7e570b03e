#include "clivrt/render/output_budget.hpp"

#include <algorithm>
#include <cstdint>

namespace clivrt::render {
namespace {
using namespace std::chrono_literals;
constexpr double kBurstSeconds = 0.25;
constexpr double kRecoverPerSecond = 0.1;  // a backed-off rate grows by this share each second
constexpr auto kCalmBeforeRecovery = 2s;
constexpr auto kCongestionSpell = 1s;
constexpr double kUnlimitedAgain = 64.0 * 1024 * 1024;  // a backed-off "unlimited" is unlimited again here
}  // namespace

void OutputBudget::set_rate(std::size_t bytes_per_second) {
  configured_rate_ = bytes_per_second;
  backed_off_rate_ = 0;
  apply_rate(bytes_per_second);
}

void OutputBudget::back_off(Clock::time_point now) {
  // One slow spell often blocks several writes in a row: lower the rate once for it.
  if (backed_off_rate_ > 0 && now - last_congestion_ < kCongestionSpell) {
    last_congestion_ = last_recovery_ = now;
    return;
  }
  // What went through in the last second is about what the link carries: go a little below it,
  // but never more than halve at once (a stall right after a quiet second says little).
  const auto through = static_cast<double>(bytes_last_second(now));
  const double current = unlimited() ? through : static_cast<double>(rate_);
  backed_off_rate_ = std::max(static_cast<double>(kMinRate), std::min(current, std::max(current / 2, 0.8 * through)));
  last_congestion_ = last_recovery_ = now;
  apply_rate(static_cast<std::size_t>(backed_off_rate_));
}

void OutputBudget::recover(Clock::time_point now) {
  if (backed_off_rate_ <= 0) return;
  if (now - last_congestion_ < kCalmBeforeRecovery) {  // growth counts from the end of the calm
    last_recovery_ = now;
    return;
  }
  const double dt = std::chrono::duration<double>(now - last_recovery_).count();
  last_recovery_ = now;
  backed_off_rate_ *= 1 + kRecoverPerSecond * dt;
  const bool done = configured_rate_ > 0 ? backed_off_rate_ >= static_cast<double>(configured_rate_)
                                         : backed_off_rate_ >= kUnlimitedAgain;
  if (done) backed_off_rate_ = 0;
  apply_rate(done ? configured_rate_ : static_cast<std::size_t>(backed_off_rate_));
}

void OutputBudget::apply_rate(std::size_t bytes_per_second) {
  // From no limit the pacing starts full; a new limit keeps what is left (capped on refill),
  // so that changing the rate every frame does not hand out fresh bursts.
  if (rate_ == 0) {
    tokens_ = static_cast<double>(bytes_per_second) * kBurstSeconds;
    refilled_ = {};
  }
  rate_ = bytes_per_second;
}

void OutputBudget::expire(Clock::time_point now) {
  // A write at t belongs to the windows [t, t + 1 s): it no longer counts from t + 1 s on.
  while (!window_.empty() && window_.front().at + 1s <= now) {
    window_bytes_ -= window_.front().bytes;
    window_.pop_front();
  }
}

void OutputBudget::refill(Clock::time_point now) {
  const double burst = static_cast<double>(rate_) * kBurstSeconds;
  if (refilled_ != Clock::time_point{} && now > refilled_) {
    tokens_ += std::chrono::duration<double>(now - refilled_).count() * static_cast<double>(rate_);
  }
  tokens_ = std::min(tokens_, burst);
  if (refilled_ == Clock::time_point{} || now > refilled_) refilled_ = now;
}

std::size_t OutputBudget::allowance(Clock::time_point now) {
  expire(now);
  if (unlimited()) return SIZE_MAX;
  refill(now);
  // Pacing may go into debt (a write bigger than the tokens left), paid back before the next
  // one: a frame is never refused for being bigger than a quarter second's worth.
  if (tokens_ <= 0) return 0;
  return rate_ > window_bytes_ ? rate_ - window_bytes_ : 0;
}

void OutputBudget::spend(Clock::time_point now, std::size_t bytes) {
  expire(now);
  window_.push_back({now, bytes});
  window_bytes_ += bytes;
  if (!unlimited()) {
    refill(now);
    tokens_ -= static_cast<double>(bytes);
  }
}

std::size_t OutputBudget::bytes_last_second(Clock::time_point now) const {
  std::size_t bytes = 0;
  for (const Write& write : window_) bytes += write.at + 1s > now ? write.bytes : 0;
  return bytes;
}

int OutputBudget::writes_last_second(Clock::time_point now) const {
  return static_cast<int>(std::ranges::count_if(window_, [now](const Write& write) { return write.at + 1s > now; }));
}

}  // namespace clivrt::render
