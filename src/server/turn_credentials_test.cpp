#include "clivrt/server/turn_credentials.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <stdexcept>

using namespace clivrt::server;
using std::chrono::seconds;
using std::chrono::system_clock;

// The vector was computed independently of this code, with OpenSSL's command line:
//   echo -n 1700000000:alice | openssl dgst -sha1 -hmac north-pole -binary | base64
TEST(TurnCredential, MatchesTheRestApiConvention) {
  const auto credential = turn_credential("north-pole", "alice", system_clock::time_point(seconds(1700000000)));
  EXPECT_EQ(credential.username, "1700000000:alice");
  EXPECT_EQ(credential.credential, "CWwaYRIhbuC3ZK7lFbTBf6LnYOk=");
}

TEST(TurnCredential, DependsOnSecretUserAndExpiry) {
  const auto at = system_clock::time_point(seconds(1700000000));
  const auto base = turn_credential("north-pole", "alice", at).credential;
  EXPECT_NE(turn_credential("south-pole", "alice", at).credential, base);
  EXPECT_NE(turn_credential("north-pole", "bob", at).credential, base);
  EXPECT_NE(turn_credential("north-pole", "alice", at + seconds(1)).credential, base);
}

TEST(IceServerConfig, GivesEachUserCredentialsThatExpireAfterTheTtl) {
  IceServerConfig config{{"stun:10.0.0.1:3478"}, {"turn:10.0.0.1:3478?transport=udp"}, "north-pole", seconds(600)};
  config.validate();
  const auto now = system_clock::time_point(seconds(1699999400));
  const auto servers = config.for_user("alice", now);
  ASSERT_EQ(servers.servers.size(), 2U);
  EXPECT_TRUE(servers.servers[0].username.empty());
  EXPECT_EQ(servers.servers[1].username, "1700000000:alice");
  EXPECT_EQ(servers.servers[1].credential, "CWwaYRIhbuC3ZK7lFbTBf6LnYOk=");
  EXPECT_EQ(servers.ttl_seconds, 600);
  const std::string wire = clivrt::protocol::encode_ice_servers(servers).dump();
  EXPECT_EQ(wire.find("north-pole"), std::string::npos) << "the secret never leaves the server";
}

TEST(IceServerConfig, RefusesBadUrlsAndTurnWithoutSecret) {
  const auto refuses = [](IceServerConfig config, const std::string& needle) {
    try {
      config.validate();
      ADD_FAILURE() << "accepted; wanted " << needle;
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
    }
  };
  refuses({{"turn:h"}, {}, "", seconds(600)}, "--stun-url");
  refuses({{}, {"stun:h"}, "x", seconds(600)}, "--turn-url");
  refuses({{}, {"turn:h"}, "", seconds(600)}, "--turn-secret-file");
  refuses({{}, {"turn:u:p@h"}, "x", seconds(600)}, "no credentials");
  refuses({{"stun:h:70000"}, {}, "", seconds(600)}, "port");
  refuses({{}, {"turn:h"}, "x", seconds(5)}, "--turn-ttl");
}

TEST(TurnSecretFile, ReadsTheFirstLineAndRefusesEmptyOrMissingFiles) {
  const std::string path = testing::TempDir() + "/turn-secret";
  std::ofstream(path) << "north-pole\r\nignored\n";
  EXPECT_EQ(read_turn_secret(path), "north-pole");
  std::ofstream(path) << "\n";
  EXPECT_THROW(read_turn_secret(path), std::runtime_error);
  std::remove(path.c_str());
  EXPECT_THROW(read_turn_secret(path), std::runtime_error);
}
