#pragma once
// Who is online, from the server's full userlist and presence deltas. Loop thread only.
#include <set>
#include <string>
#include <vector>

#include "clivrt/protocol/messages.hpp"

namespace clivrt::app {

/// What a presence delta really changed (names sorted as the delta lists them).
struct RosterChange {
  std::vector<std::string> joined;  // not known before
  std::vector<std::string> left;    // known before
  bool operator==(const RosterChange&) const = default;
};

class Roster {
 public:
  void replace(const protocol::UserList& list);
  /// Applies a delta. A known name in both lists left and came back (it reconnected): it is in
  /// neither list of the result.
  RosterChange apply(const protocol::Presence& delta);
  void clear() { users_.clear(); }
  bool contains(const std::string& name) const { return users_.contains(name); }
  std::vector<std::string> users() const { return {users_.begin(), users_.end()}; }
  std::size_t size() const { return users_.size(); }

 private:
  std::set<std::string> users_;
};

}  // namespace clivrt::app
