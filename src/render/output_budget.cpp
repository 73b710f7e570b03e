#include "clivrt/render/output_budget.hpp"

#include <algorithm>
#include <cstdint>

namespace clivrt::render {
namespace {
using namespace std::chrono_literals;
constexpr double kBurstSeconds = 0.25;
}  // namespace

void OutputBudget::set_rate(std::size_t bytes_per_second) {
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
