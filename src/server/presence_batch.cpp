#include "presence_batch.hpp"

namespace clivrt::server {

void PresenceBatch::joined(const std::string& name) {
  // A leave then a join in one window: the user was present before and still is.
  if (left_.erase(name) == 0) joined_.insert(name);
}

void PresenceBatch::left(const std::string& name) {
  // A join then a leave in one window: nobody ever needed to hear about this user.
  if (joined_.erase(name) == 0) left_.insert(name);
}

PresenceDelta PresenceBatch::take() {
  PresenceDelta delta{{joined_.begin(), joined_.end()}, {left_.begin(), left_.end()}};
  joined_.clear();
  left_.clear();
  return delta;
}

std::chrono::steady_clock::duration next_legacy_delay(std::chrono::steady_clock::time_point last_sent,
                                                      std::chrono::steady_clock::time_point now,
                                                      std::chrono::steady_clock::duration interval) {
  const auto due = last_sent + interval;
  return due > now ? due - now : std::chrono::steady_clock::duration::zero();
}

}  // namespace clivrt::server
