#include "app/roster.hpp"

#include <gtest/gtest.h>

using namespace clivrt;

TEST(Roster, FullListThenDeltas) {
  app::Roster roster;
  roster.replace(protocol::UserList{{"bob", "alice"}});
  EXPECT_EQ(roster.users(), (std::vector<std::string>{"alice", "bob"}));
  EXPECT_EQ(roster.apply(protocol::Presence{{"carol", "alice"}, {"bob"}}), std::vector<std::string>{"carol"});
  EXPECT_EQ(roster.users(), (std::vector<std::string>{"alice", "carol"}));
  EXPECT_TRUE(roster.contains("carol"));
  EXPECT_FALSE(roster.contains("bob"));
}
