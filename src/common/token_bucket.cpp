#include "clivrt/common/token_bucket.hpp"

#include <algorithm>

namespace clivrt {

TokenBucket::TokenBucket(double rate_per_second, double burst, Clock::time_point now)
    : rate_(rate_per_second), burst_(std::max(burst, 1.0)), tokens_(burst_), last_(now) {}

double TokenBucket::available(Clock::time_point now) const {
  if (now <= last_) return tokens_;
  const std::chrono::duration<double> elapsed = now - last_;
  return std::min(burst_, tokens_ + elapsed.count() * rate_);
}

bool TokenBucket::try_take(Clock::time_point now) {
  if (rate_ <= 0) return true;
  tokens_ = available(now);
  last_ = std::max(last_, now);
  if (tokens_ < 1.0) return false;
  tokens_ -= 1.0;
  return true;
}

TokenBucket::Clock::duration TokenBucket::wait_time(Clock::time_point now) const {
  if (rate_ <= 0) return Clock::duration::zero();
  const double missing = 1.0 - available(now);
  if (missing <= 0) return Clock::duration::zero();
  return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(missing / rate_));
}

bool TokenBucket::full(Clock::time_point now) const { return rate_ <= 0 || available(now) >= burst_; }

}  // namespace clivrt
