#pragma once
// Reconnect delays: 1 s, doubling to at most 30 s, with ±20% jitter so that a restarted server
// is not hit by every client in the same instant.
#include <chrono>
#include <random>

namespace clivrt::signaling {

class Backoff {
 public:
  explicit Backoff(std::chrono::milliseconds first = std::chrono::seconds(1),
                   std::chrono::milliseconds max = std::chrono::seconds(30));
  /// The delay before the next attempt; grows after each call.
  std::chrono::milliseconds next();
  /// Back to the first delay (after a successful connection).
  void reset();

 private:
  std::chrono::milliseconds first_, max_, current_;
  std::minstd_rand random_;
};

}  // namespace clivrt::signaling
