#pragma once
// A token bucket refilled at `rate` tokens per second up to `burst`. The server uses it to close
// floods; the client uses the same rule to pace its own sends below the server's limit.
// Pure (time is passed in), so it is unit-tested without clocks. One owner; not thread-safe.
#include <chrono>

namespace clivrt {

class TokenBucket {
 public:
  using Clock = std::chrono::steady_clock;

  /// Starts full. rate <= 0 disables the limit (try_take always succeeds).
  TokenBucket(double rate_per_second, double burst, Clock::time_point now);

  /// Takes one token if available; false means the caller exceeded the limit.
  bool try_take(Clock::time_point now);

  /// How long from `now` until a token is available (zero if one is).
  Clock::duration wait_time(Clock::time_point now) const;

  /// True when the bucket has refilled to its burst (always, without a limit): forgetting it
  /// then loses nothing.
  bool full(Clock::time_point now) const;

 private:
  double available(Clock::time_point now) const;
  double rate_;
  double burst_;
  double tokens_;
  Clock::time_point last_;
};

}  // namespace clivrt
