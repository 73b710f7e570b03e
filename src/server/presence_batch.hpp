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

/// {"type":"userlist","users":[...]} from sorted names that need no JSON escaping (validated
/// usernames), appended straight into one string: every login costs one of these, O(n), so it
/// must stay cheap. Byte-identical to protocol::serialize(protocol::make_userlist(names)).
/// `name_of` maps an element of `names` to its std::string.
template <class Range, class NameOf>
std::string userlist_frame(const Range& names, NameOf name_of) {
  std::string out = R"({"type":"userlist","users":[)";
  bool first = true;
  for (const auto& element : names) {
    const std::string& name = name_of(element);
    out.reserve(out.size() + name.size() + 3);
    if (!first) out += ',';
    first = false;
    out += '"';
    out += name;
    out += '"';
  }
  out += "]}";
  return out;
}

/// How long to wait before sending the next coalesced userlist, given when the last one went
/// out: zero if at least `interval` has passed, otherwise the remainder.
std::chrono::steady_clock::duration next_legacy_delay(std::chrono::steady_clock::time_point last_sent,
                                                      std::chrono::steady_clock::time_point now,
                                                      std::chrono::steady_clock::duration interval);

}  // namespace clivrt::server
