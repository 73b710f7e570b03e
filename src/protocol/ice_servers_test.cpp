#include "clivrt/protocol/ice_servers.hpp"

#include <gtest/gtest.h>

using namespace clivrt::protocol;

namespace {
IceUrl parse(std::string_view text) {
  std::string error;
  const auto url = parse_ice_url(text, error);
  EXPECT_TRUE(url) << text << ": " << error;
  return url.value_or(IceUrl{});
}
std::string parse_error(std::string_view text) {
  std::string error;
  EXPECT_FALSE(parse_ice_url(text, error)) << text;
  return error;
}
}  // namespace

TEST(IceUrl, ParsesEachSchemeWithDefaultPorts) {
  EXPECT_EQ(parse("stun:stun.example.org"), (IceUrl{IceScheme::stun, "stun.example.org", 3478, "", "", ""}));
  EXPECT_EQ(parse("turn:10.0.0.1"), (IceUrl{IceScheme::turn, "10.0.0.1", 3478, "", "", ""}));
  EXPECT_EQ(parse("turns:turn.example.org?transport=tcp"),
            (IceUrl{IceScheme::turns, "turn.example.org", 5349, "tcp", "", ""}));
}

TEST(IceUrl, CredentialsMayBePercentEscapedLikeAnyUrlUserinfo) {
  EXPECT_EQ(parse("turn:1700000000%3Aalice:a%2Bb%2fc%3D@10.0.0.1"),
            (IceUrl{IceScheme::turn, "10.0.0.1", 3478, "", "1700000000:alice", "a+b/c="}));
  EXPECT_NE(parse_error("turn:al%3ice:pw@h").find("%3A"), std::string::npos);
  EXPECT_NE(parse_error("turn:alice:pw%4@h").find("escape"), std::string::npos);
  EXPECT_NE(parse_error("turn:alice:pw%1B@h").find("control character"), std::string::npos);
}

TEST(IceUrl, ParsesPortTransportCredentialsAndIpv6) {
  EXPECT_EQ(parse("turn:alice:s3cr:et@10.0.0.1:3479?transport=tcp"),
            (IceUrl{IceScheme::turn, "10.0.0.1", 3479, "tcp", "alice", "s3cr:et"}));
  EXPECT_EQ(parse("stun:[fd00::1]:19302"), (IceUrl{IceScheme::stun, "fd00::1", 19302, "", "", ""}));
}

TEST(IceUrl, PrintsWithoutCredentials) {
  EXPECT_EQ(to_string(parse("turn:u:p@10.0.0.1?transport=udp")), "turn:10.0.0.1:3478?transport=udp");
  EXPECT_EQ(to_string(parse("stun:[fd00::1]")), "stun:[fd00::1]:3478");
}

TEST(IceUrl, RefusesWhatIsNotAServer) {
  EXPECT_NE(parse_error("http://x").find("stun:, turn: or turns:"), std::string::npos);
  EXPECT_NE(parse_error("stun:").find("host"), std::string::npos);
  EXPECT_NE(parse_error("turn:h:0").find("port"), std::string::npos);
  EXPECT_NE(parse_error("turn:h:99999").find("port"), std::string::npos);
  EXPECT_NE(parse_error("turn:h:").find("port"), std::string::npos);
  EXPECT_NE(parse_error("turn:h?transport=sctp").find("transport"), std::string::npos);
  EXPECT_NE(parse_error("turns:h?transport=udp").find("tcp"), std::string::npos);
  EXPECT_NE(parse_error("stun:u:p@h").find("no USER"), std::string::npos);
  EXPECT_NE(parse_error("turn:fd00::1").find("brackets"), std::string::npos);
  EXPECT_NE(parse_error("turn:h\x1b[2J").find("host"), std::string::npos);
  EXPECT_NE(parse_error("turn:@h").find("USER:PASSWORD"), std::string::npos);
}

TEST(IceServersMessage, RoundTrips) {
  const IceServers servers{{{{"stun:10.0.0.1:3478"}, "", ""},
                            {{"turn:10.0.0.1:3478?transport=udp", "turn:10.0.0.1:3478?transport=tcp"},
                             "1700000000:alice",
                             "CWwaYRIhbuC3ZK7lFbTBf6LnYOk="}},
                           86400};
  const Json message = encode_ice_servers(servers);
  EXPECT_EQ(message.at("type"), "ice-servers");
  EXPECT_FALSE(message.at("iceServers").at(0).contains("username"));  // RTCIceServer shape: STUN has none
  std::string error;
  const auto decoded = decode_ice_servers(message, error);
  ASSERT_TRUE(decoded) << error;
  EXPECT_EQ(*decoded, servers);
}

TEST(IceServersMessage, AcceptsASingleUrlString) {
  std::string error;
  const auto decoded = decode_ice_servers(Json::parse(R"({"iceServers":[{"urls":"stun:h"}]})"), error);
  ASSERT_TRUE(decoded) << error;
  EXPECT_EQ(decoded->servers.at(0).urls, std::vector<std::string>{"stun:h"});
  EXPECT_EQ(decoded->ttl_seconds, 0);
}

TEST(IceServersMessage, RefusesHostileOrMalformedBodies) {
  for (const char* body :
       {R"({})", R"({"iceServers":{}})", R"({"iceServers":[1]})", R"({"iceServers":[{}]})",
        R"({"iceServers":[{"urls":[]}]})", R"({"iceServers":[{"urls":["http://evil"]}]})",
        R"({"iceServers":[{"urls":"stun:h","username":7}]})", R"({"iceServers":[{"urls":"stun:h"}],"ttl":-1})",
        R"({"iceServers":[{"urls":"stun:h"}],"ttl":"soon"})"}) {
    std::string error;
    EXPECT_FALSE(decode_ice_servers(Json::parse(body), error)) << body;
    EXPECT_NE(error.find("ice-servers"), std::string::npos) << body;
  }
}
