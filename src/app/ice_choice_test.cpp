#include "ice_choice.hpp"

#include <gtest/gtest.h>

using namespace clivrt;
using clivrt::app::choose_ice_servers;

namespace {
protocol::IceServers from_server() {
  return {{{{"stun:10.0.0.1:3478"}, "", ""},
           {{"turn:10.0.0.1:3478?transport=udp", "turn:10.0.0.1:3478?transport=tcp"}, "1700000000:alice", "a+b/c="}},
          600};
}
}  // namespace

TEST(IceChoice, UsesTheServersListAsWebrtcbinUris) {
  config::Settings settings;
  const auto choice = choose_ice_servers(settings, from_server());
  EXPECT_EQ(choice.stun, std::vector<std::string>{"stun://10.0.0.1:3478"});
  EXPECT_EQ(choice.turn_uris(),
            (std::vector<std::string>{"turn://1700000000%3Aalice:a%2Bb%2Fc%3D@10.0.0.1:3478?transport=udp",
                                      "turn://1700000000%3Aalice:a%2Bb%2Fc%3D@10.0.0.1:3478?transport=tcp"}));
  EXPECT_FALSE(choice.relay_only);
  EXPECT_TRUE(choice.problem.empty());
}

TEST(IceChoice, ConfiguredServersComeFirstAndNoneMeansNone) {
  config::Settings settings;
  ASSERT_EQ(
      config::apply_setting(settings, "ice_servers", "turns:me:pw@turn.example.org?transport=tcp, stun:[fd00::2]"), "");
  auto choice = choose_ice_servers(settings, from_server());
  EXPECT_EQ(choice.stun.front(), "stun://[fd00::2]:3478");
  EXPECT_EQ(choice.turn.front().uri, "turns://me:pw@turn.example.org:5349?transport=tcp");
  EXPECT_TRUE(choice.turn.front().from_config);
  EXPECT_TRUE(choice.turn.front().over_tls);
  EXPECT_EQ(choice.turn.front().credential, "pw");
  EXPECT_EQ(choice.turn.size(), 3U);
  ASSERT_EQ(config::apply_setting(settings, "ice_servers", "none"), "");
  choice = choose_ice_servers(settings, from_server());
  EXPECT_TRUE(choice.stun.empty());
  EXPECT_TRUE(choice.turn.empty());
}

TEST(IceChoice, RelayWithoutTurnIsAProblemToTell) {
  config::Settings settings;
  ASSERT_EQ(config::apply_setting(settings, "ice_transport", "relay"), "");
  EXPECT_NE(choose_ice_servers(settings, std::nullopt).problem.find("no TURN server"), std::string::npos);
  const auto choice = choose_ice_servers(settings, from_server());
  EXPECT_TRUE(choice.relay_only);
  EXPECT_TRUE(choice.problem.empty());
}

TEST(IceChoice, BadConfigUrlsAreRefusedNamingTheProblem) {
  config::Settings settings;
  EXPECT_NE(config::apply_setting(settings, "ice_servers", "http://x").find("bad URL"), std::string::npos);
  EXPECT_NE(config::apply_setting(settings, "ice_servers", "turn:host").find("without credentials"), std::string::npos);
  EXPECT_NE(config::apply_setting(settings, "ice_transport", "tor").find("all relay"), std::string::npos);
}

TEST(IceChoice, AHostOfferedOverUdpAndTcpGetsOneTransportOnceUdpIsKnown) {
  config::Settings settings;
  ASSERT_EQ(config::apply_setting(settings, "ice_servers", "turns:me:pw@turn.example.org"), "");
  const auto both = choose_ice_servers(settings, from_server());
  // 10.0.0.1 once, with the server's credentials (UDP and TCP are one server); never TLS.
  const auto checked = app::turn_servers_to_check(both);
  ASSERT_EQ(checked.size(), 1U);
  EXPECT_EQ(checked[0].host, "10.0.0.1");
  EXPECT_EQ(checked[0].port, 3478);
  EXPECT_EQ(checked[0].username, "1700000000:alice");
  EXPECT_EQ(checked[0].credential, "a+b/c=");
  EXPECT_FALSE(checked[0].from_config);

  auto udp_works = both;
  app::keep_one_turn_transport(udp_works, {{"10.0.0.1", true}, {"turn.example.org", false}});
  ASSERT_EQ(udp_works.turn.size(), 2U);
  EXPECT_EQ(udp_works.turn[0].host, "turn.example.org");  // its only transport stays
  EXPECT_TRUE(udp_works.turn[1].over_udp);

  auto udp_blocked = both;
  app::keep_one_turn_transport(udp_blocked, {{"10.0.0.1", false}});
  ASSERT_EQ(udp_blocked.turn.size(), 2U);
  EXPECT_NE(udp_blocked.turn[1].uri.find("transport=tcp"), std::string::npos);

  auto unknown = both;
  app::keep_one_turn_transport(unknown, {});
  EXPECT_EQ(unknown.turn, both.turn);
}
