#pragma once
// Per-connection rate limit: a token bucket refilled at `rate` tokens per second up to `burst`.
// Pure (time is passed in), so it is unit-tested without clocks. One owner; not thread-safe.
#include <chrono>

namespace clivrt::server {

class TokenBucket {
 public:
  using Clock = std::chrono::steady_clock;

  /// Starts full. rate <= 0 disables the limit (try_take always succeeds).
  TokenBucket(double rate_per_second, double burst, Clock::time_point now);

  /// Takes one token if available; false means the caller exceeded the limit.
  bool try_take(Clock::time_point now);

 private:
  double rate_;
  double burst_;
  double tokens_;
  Clock::time_point last_;
};

}  // namespace clivrt::server
