#include "app/roster.hpp"

namespace clivrt::app {

void Roster::replace(const protocol::UserList& list) { users_ = {list.users.begin(), list.users.end()}; }

std::vector<std::string> Roster::apply(const protocol::Presence& delta) {
  std::vector<std::string> joined;
  for (const auto& name : delta.left) users_.erase(name);
  for (const auto& name : delta.joined) {
    if (users_.insert(name).second) joined.push_back(name);
  }
  return joined;
}

}  // namespace clivrt::app
