#include "roster.hpp"

#include <gtest/gtest.h>

using namespace clivrt;

TEST(Roster, FullListThenDeltas) {
  app::Roster roster;
  roster.replace(protocol::UserList{{"bob", "alice"}});
  EXPECT_EQ(roster.users(), (std::vector<std::string>{"alice", "bob"}));
  EXPECT_EQ(roster.apply(protocol::Presence{{"carol", "alice"}, {"bob"}}), (app::RosterChange{{"carol"}, {"bob"}}));
  EXPECT_EQ(roster.users(), (std::vector<std::string>{"alice", "carol"}));
  EXPECT_TRUE(roster.contains("carol"));
  EXPECT_FALSE(roster.contains("bob"));
}

TEST(Roster, OnlyRealChangesAreReported) {
  app::Roster roster;
  roster.replace(protocol::UserList{{"alice", "bob"}});
  // Unknown leavers and known joiners are not news; a name that left and came back is neither.
  EXPECT_EQ(roster.apply(protocol::Presence{{"bob", "alice"}, {"dave", "alice"}}), app::RosterChange{});
  EXPECT_EQ(roster.users(), (std::vector<std::string>{"alice", "bob"}));
  EXPECT_EQ(roster.apply(protocol::Presence{{}, {"bob", "bob"}}), (app::RosterChange{{}, {"bob"}}));
  EXPECT_EQ(roster.apply(protocol::Presence{{}, {"bob"}}), app::RosterChange{});
  EXPECT_EQ(roster.users(), std::vector<std::string>{"alice"});
}
