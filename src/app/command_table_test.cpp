#include "command_table.hpp"

#include <gtest/gtest.h>

using namespace clivrt::app;
using Words = std::vector<std::string>;

TEST(Completion, CommandNames) {
  EXPECT_EQ(complete_command_line("lo", 0, {}), (Words{"login", "logout", "lookup"}));
  EXPECT_EQ(complete_command_line("sa", 0, {}), (Words{"say"}));
  EXPECT_EQ(complete_command_line("", 0, {}).size(), command_specs().size());
  EXPECT_EQ(complete_command_line("zz", 0, {}), Words{});
}

TEST(Completion, UsernamesForCall) {
  const Words users{"alice", "albert", "bob"};
  EXPECT_EQ(complete_command_line("call al", 5, users), (Words{"alice", "albert"}));
  EXPECT_EQ(complete_command_line("call --audio-only b", 18, users), (Words{"bob"}));
  EXPECT_EQ(complete_command_line("say al", 4, users), Words{});
}

TEST(Completion, OptionsAndHelpTopics) {
  EXPECT_EQ(complete_command_line("login --", 6, {}), (Words{"--user", "--server"}));
  EXPECT_EQ(complete_command_line("logout -", 7, {}), (Words{"-f", "-h"}));
  EXPECT_EQ(complete_command_line("help ca", 5, {}), (Words{"call", "camera"}));
  EXPECT_EQ(complete_command_line("camera o", 7, {}), (Words{"on", "off"}));
}

TEST(Completion, SettingsAndTheirValues) {
  EXPECT_EQ(complete_command_line("set vid", 4, {}), (Words{"videostyle"}));
  EXPECT_EQ(complete_command_line("set videostyle ha", 15, {}), (Words{"half-block"}));
  EXPECT_EQ(complete_command_line("set selfview o", 13, {}), (Words{"on", "off"}));
}

TEST(Help, ListsEveryCommandAndExplainsOne) {
  const std::string all = help_text();
  for (const auto& spec : command_specs()) EXPECT_NE(all.find(spec.usage), std::string::npos) << spec.name;
  EXPECT_EQ(help_text("logout"), "usage: logout [-f]\n  log out; -f also hangs up a call in progress");
  EXPECT_EQ(help_text("nope"), "no command 'nope'; type help for the list");
}

TEST(CommandTable, EveryRowRunsAndSaysWhetherItTakesArguments) {
  for (const CommandSpec& spec : command_specs()) {
    EXPECT_NE(spec.run, nullptr) << spec.name;
    EXPECT_TRUE(spec.usage.starts_with(spec.name)) << spec.usage;
  }
  EXPECT_FALSE(find_command("answer")->takes_arguments());
  EXPECT_TRUE(find_command("logout")->takes_arguments());
  EXPECT_TRUE(find_command("help")->takes_arguments());
}
