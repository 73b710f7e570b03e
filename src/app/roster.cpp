#include "roster.hpp"

namespace clivrt::app {

void Roster::replace(const protocol::UserList& list) { users_ = {list.users.begin(), list.users.end()}; }

RosterChange Roster::apply(const protocol::Presence& delta) {
  RosterChange change;
  for (const auto& name : delta.left) {
    if (users_.erase(name) != 0) change.left.push_back(name);
  }
  for (const auto& name : delta.joined) {
    if (users_.insert(name).second) change.joined.push_back(name);
  }
  // Left and back within one delta: neither a departure nor news.
  std::erase_if(change.left, [&](const std::string& name) { return std::erase(change.joined, name) != 0; });
  return change;
}

}  // namespace clivrt::app
