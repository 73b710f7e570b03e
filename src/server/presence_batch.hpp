#pragma once
// Pure presence bookkeeping for the roster (no I/O, no clocks of its own):
//  - PresenceBatch collects joins/leaves within a batch window into one delta; a user who
//    joins and leaves inside the same window (or leaves and rejoins) cancels out.
//  - next_legacy_delay() coalesces full userlists for legacy clients to one per interval.
// Not thread-safe: the roster calls it under its lock.
#include <chrono>
#include <set>
#include <string>
#include <vector>

namespace clivrt::server {

struct PresenceDelta {
  std::vector<std::string> joined;  // sorted
  std::vector<std::string> left;    // sorted
  bool empty() const { return joined.empty() && left.empty(); }
};

class PresenceBatch {
 public:
  void joined(const std::string& name);
  void left(const std::string& name);
  bool empty() const { return joined_.empty() && left_.empty(); }
  /// Returns the delta since the last take() and starts a new window.
  PresenceDelta take();

 private:
  std::set<std::string> joined_;
  std::set<std::string> left_;
};

/// How long to wait before sending the next coalesced userlist, given when the last one went
/// out: zero if at least `interval` has passed, otherwise the remainder.
std::chrono::steady_clock::duration next_legacy_delay(std::chrono::steady_clock::time_point last_sent,
                                                      std::chrono::steady_clock::time_point now,
                                                      std::chrono::steady_clock::duration interval);

}  // namespace clivrt::server
