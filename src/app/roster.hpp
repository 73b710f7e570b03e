#pragma once
// Who is online, from the server's full userlist and presence deltas. Loop thread only.
#include <set>
#include <string>
#include <vector>

#include "protocol/messages.hpp"

namespace clivrt::app {

class Roster {
 public:
  void replace(const protocol::UserList& list);
  /// Applies a delta; returns the names that really joined (not already known).
  std::vector<std::string> apply(const protocol::Presence& delta);
  void clear() { users_.clear(); }
  bool contains(const std::string& name) const { return users_.contains(name); }
  std::vector<std::string> users() const { return {users_.begin(), users_.end()}; }
  std::size_t size() const { return users_.size(); }

 private:
  std::set<std::string> users_;
};

}  // namespace clivrt::app
