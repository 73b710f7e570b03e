#include "backoff.hpp"

#include <algorithm>

namespace clivrt::signaling {

Backoff::Backoff(std::chrono::milliseconds first, std::chrono::milliseconds max)
    : first_(first), max_(max), current_(first), random_(std::random_device{}()) {}

std::chrono::milliseconds Backoff::next() {
  std::uniform_real_distribution<double> jitter(0.8, 1.2);
  const auto delay = std::chrono::milliseconds(static_cast<long>(current_.count() * jitter(random_)));
  current_ = std::min(max_, current_ * 2);
  return delay;
}

void Backoff::reset() { current_ = first_; }

}  // namespace clivrt::signaling
