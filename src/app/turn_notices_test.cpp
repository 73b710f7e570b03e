#include "turn_notices.hpp"

#include <gtest/gtest.h>

using clivrt::app::describe_turn_trouble;
using clivrt::app::TurnUri;
using clivrt::signaling::TurnVerdict;

namespace {
TurnUri server(bool from_config) {
  TurnUri turn;
  turn.host = "turn.example.org";
  turn.port = 3478;
  turn.from_config = from_config;
  return turn;
}
}  // namespace

TEST(TurnNotices, ARefusalNamesTheServerTheCodeAndWhomToAsk) {
  const auto given = describe_turn_trouble(server(false), {TurnVerdict::refused, 401});
  EXPECT_NE(given.find("the TURN server turn.example.org:3478 refused the credentials the chat server gave "
                       "(401 Unauthorized)"),
            std::string::npos)
      << given;
  EXPECT_NE(given.find("static-auth-secret"), std::string::npos);
  const auto configured = describe_turn_trouble(server(true), {TurnVerdict::refused, 401});
  EXPECT_NE(configured.find("refused the credentials in ice_servers"), std::string::npos) << configured;
}

TEST(TurnNotices, OtherErrorsAreNamedAndSilenceOrSuccessSaysNothing) {
  EXPECT_NE(describe_turn_trouble(server(false), {TurnVerdict::failed, 486}).find("486 Allocation Quota Reached"),
            std::string::npos);
  EXPECT_EQ(describe_turn_trouble(server(false), {TurnVerdict::failed, 0}), "");
  EXPECT_EQ(describe_turn_trouble(server(false), {TurnVerdict::accepted, 0}), "");
  EXPECT_EQ(describe_turn_trouble(server(false), {TurnVerdict::unreachable, 0}), "");
}
