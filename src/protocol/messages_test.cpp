#include "clivrt/protocol/messages.hpp"

#include <gtest/gtest.h>

using namespace clivrt::protocol;

namespace {
Incoming decode(std::string_view frame) {
  std::string error;
  const auto json = parse_frame(frame, error);
  EXPECT_TRUE(json) << error;
  const auto message = decode_incoming(*json, error);
  EXPECT_TRUE(message) << error;
  return *message;
}
std::string decode_error(std::string_view frame) {
  std::string error;
  const auto json = parse_frame(frame, error);
  EXPECT_TRUE(json) << error;
  EXPECT_FALSE(decode_incoming(*json, error));
  return error;
}
}  // namespace

TEST(DecodeIncoming, ChatAndRoster) {
  EXPECT_EQ(decode(R"({"type":"message","name":"bob","text":"hi"})"), Incoming(ChatMessage{"bob", "hi"}));
  EXPECT_EQ(decode(R"({"type":"userlist","users":["a","b"]})"), Incoming(UserList{{"a", "b"}}));
  EXPECT_EQ(decode(R"({"type":"presence","joined":["c"],"left":["a"]})"), Incoming(Presence{{"c"}, {"a"}}));
  EXPECT_EQ(decode(R"({"type":"error","code":"unknown-target","message":"no bob"})"),
            Incoming(ServerError{"unknown-target", "no bob"}));
}

TEST(DecodeIncoming, CallSignaling) {
  EXPECT_EQ(decode(R"({"type":"video-offer","name":"a","sdp":{"type":"offer","sdp":"v=0"}})"),
            Incoming(VideoOffer{"a", {"offer", "v=0"}, {}, {}, false}));
  EXPECT_EQ(decode(R"({"type":"video-offer","name":"a","sdp":{"type":"offer","sdp":"v=0"},)"
                   R"("features":["reconnect","x"],"reconnect":true})"),
            Incoming(VideoOffer{"a", {"offer", "v=0"}, {}, {"reconnect", "x"}, true}));
  // Optional extras that are malformed are ignored, not fatal: the call still works without them.
  EXPECT_EQ(decode(R"({"type":"video-answer","name":"a","sdp":{"type":"answer","sdp":"v=0"},"features":["ok",7]})"),
            Incoming(VideoAnswer{"a", {"answer", "v=0"}, {}}));
  EXPECT_EQ(decode(R"({"type":"video-offer","name":"a","sdp":{"type":"offer","sdp":"v=0"},"reconnect":"yes"})"),
            Incoming(VideoOffer{"a", {"offer", "v=0"}, {}, {}, false}));
  EXPECT_EQ(decode(R"({"type":"call-reconnect","name":"a"})"), Incoming(CallReconnect{"a"}));
  EXPECT_EQ(
      decode(
          R"({"type":"new-ice-candidate","name":"a","candidate":{"candidate":"candidate:1","sdpMid":"0","sdpMLineIndex":0}})"),
      Incoming(IceCandidate{"a", "candidate:1", "0", 0}));
  // End-of-candidates: empty candidate string, or no candidate at all.
  EXPECT_EQ(decode(R"({"type":"new-ice-candidate","name":"a","candidate":{"candidate":"","sdpMid":null}})"),
            Incoming(IceCandidate{"a", "", std::nullopt, std::nullopt}));
  EXPECT_EQ(decode(R"({"type":"hang-up","name":"a","reason":"busy"})"), Incoming(HangUp{"a", "busy"}));
  EXPECT_EQ(decode(R"({"type":"hang-up","name":"a"})"), Incoming(HangUp{"a", ""}));
}

TEST(DecodeIncoming, UnknownTypesAreKept) {
  const auto message = decode(R"({"type":"custom","name":"a","x":1})");
  ASSERT_TRUE(std::holds_alternative<OtherMessage>(message));
  EXPECT_EQ(std::get<OtherMessage>(message).type, "custom");
}

TEST(DecodeIncoming, MalformedBodiesAreErrors) {
  EXPECT_NE(decode_error(R"({"type":"message","text":5})"), "");
  EXPECT_NE(decode_error(R"({"type":"userlist","users":"a"})"), "");
  EXPECT_NE(decode_error(R"({"type":"userlist","users":[1]})"), "");
  EXPECT_NE(decode_error(R"({"type":"video-offer","sdp":"v=0"})"), "");
  EXPECT_NE(decode_error(R"({"type":"new-ice-candidate","candidate":5})"), "");
  EXPECT_NE(decode_error(R"({"type":"message","name":{},"text":"x"})"), "");
}

TEST(Encode, RoundTripsThroughDecode) {
  Json offer = encode_offer("bob", VideoOffer{"", {"offer", "v=0\r\n"}, {"audio"}, {"reconnect"}, true});
  EXPECT_EQ(offer["target"], "bob");
  offer["name"] = "alice";
  std::string error;
  EXPECT_EQ(*decode_incoming(offer, error),
            Incoming(VideoOffer{"alice", {"offer", "v=0\r\n"}, {"audio"}, {"reconnect"}, true}));
  Json plain = encode_offer("bob", VideoOffer{"", {"offer", "v=0\r\n"}, {}, {}, false});
  EXPECT_FALSE(plain.contains("features") || plain.contains("reconnect") || plain.contains("media"));  // MDN shape
  Json answer = encode_answer("alice", VideoAnswer{"", {"answer", "v=0\r\n"}, {"reconnect"}});
  answer["name"] = "bob";
  EXPECT_EQ(*decode_incoming(answer, error), Incoming(VideoAnswer{"bob", {"answer", "v=0\r\n"}, {"reconnect"}}));
  EXPECT_EQ(encode_call_reconnect("bob"), Json::parse(R"({"type":"call-reconnect","target":"bob"})"));

  Json candidate = encode_candidate("bob", {"", "candidate:1 1 UDP 1 127.0.0.1 5000 typ host", "0", 0});
  candidate["name"] = "alice";
  EXPECT_EQ(*decode_incoming(candidate, error),
            Incoming(IceCandidate{"alice", "candidate:1 1 UDP 1 127.0.0.1 5000 typ host", "0", 0}));
  EXPECT_FALSE(encode_chat("hi").contains("target"));
  EXPECT_EQ(encode_hang_up("bob", "busy")["reason"], "busy");
}

TEST(Messages, IceServersComeOnlyFromTheServer) {
  const auto servers = decode(R"({"type":"ice-servers","iceServers":[{"urls":["stun:10.0.0.1"]}],"ttl":60})");
  ASSERT_TRUE(std::holds_alternative<IceServers>(servers));
  EXPECT_EQ(std::get<IceServers>(servers).ttl_seconds, 60);
  // Relayed from a peer (the server stamps "name"): a peer cannot hand us its own TURN server.
  EXPECT_NE(decode_error(R"({"type":"ice-servers","name":"mallory","iceServers":[]})").find("only the server"),
            std::string::npos);
}
