#include "mdn_compat.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

using namespace clivrt::server::mdn;
using nlohmann::json;

TEST(MdnCompat, SubprotocolToken) {
  EXPECT_TRUE(offers_json_subprotocol("json"));
  EXPECT_TRUE(offers_json_subprotocol("chat, json"));
  EXPECT_TRUE(offers_json_subprotocol(" json ,x"));
  EXPECT_FALSE(offers_json_subprotocol("jsonx"));
  EXPECT_FALSE(offers_json_subprotocol("JSON"));
  EXPECT_FALSE(offers_json_subprotocol(""));
}

TEST(MdnCompat, IdsAreFreshAndFramesHaveTheSampleShapes) {
  const auto a = next_id(), b = next_id();
  EXPECT_NE(a, b);
  EXPECT_EQ(json::parse(id_frame(7)), (json{{"type", "id"}, {"id", 7}}));
  EXPECT_EQ(json::parse(reject_username_frame(7, "bob2")),
            (json{{"type", "rejectusername"}, {"id", 7}, {"name", "bob2"}}));
}

TEST(MdnCompat, NamesAreMadeValidAndUnique) {
  EXPECT_EQ(base_name("alice"), "alice");
  EXPECT_EQ(base_name("Jane Doe<b>"), "Jane_Doe_b_");
  EXPECT_EQ(base_name(""), "user");
  EXPECT_EQ(base_name("SERVER"), "user");
  EXPECT_EQ(base_name(std::string(40, 'x')), std::string(32, 'x'));
  EXPECT_EQ(candidate_name("bob", 0), "bob");
  EXPECT_EQ(candidate_name("bob", 1), "bob1");
  EXPECT_EQ(candidate_name(std::string(32, 'x'), 12), std::string(30, 'x') + "12");
}

TEST(MdnCompat, ChatTextIsEscapedAndDated) {
  const auto adapted =
      adapt_outgoing(R"({"type":"message","name":"eve","text":"<img src=x onerror=alert(1)> & 'q'"})", 1234);
  ASSERT_TRUE(adapted);
  const auto message = json::parse(*adapted);
  EXPECT_EQ(message["text"], "&lt;img src=x onerror=alert(1)&gt; &amp; &#39;q&#39;");
  EXPECT_EQ(message["date"], 1234);
  EXPECT_EQ(message["name"], "eve");
  // A date the sender set is kept; other types pass untouched.
  EXPECT_EQ(json::parse(*adapt_outgoing(R"({"type":"message","text":"hi","date":5})", 9))["date"], 5);
  EXPECT_FALSE(adapt_outgoing(R"({"type":"video-offer","sdp":{"type":"offer","sdp":"message"}})", 1));
  EXPECT_FALSE(adapt_outgoing(R"({"type":"userlist","users":["message"]})", 1));
  EXPECT_FALSE(adapt_outgoing("not json \"message\"", 1));
}

TEST(MdnCompat, TargetlessHangUpGoesToTheRememberedCallPeer) {
  std::optional<std::string> peer;
  auto offer = json{{"type", "video-offer"}, {"target", "bob"}, {"sdp", {{"type", "offer"}, {"sdp", "v=0"}}}};
  EXPECT_EQ(fill_hang_up_target(offer, peer), HangUpRouting::as_sent);
  EXPECT_EQ(peer, "bob");
  auto candidate = json{{"type", "new-ice-candidate"}, {"target", "carol"}, {"candidate", json::object()}};
  EXPECT_EQ(fill_hang_up_target(candidate, peer), HangUpRouting::as_sent);
  EXPECT_EQ(peer, "carol");
  auto chat = json{{"type", "message"}, {"text", "hi"}};
  EXPECT_EQ(fill_hang_up_target(chat, peer), HangUpRouting::as_sent);
  EXPECT_EQ(chat, (json{{"type", "message"}, {"text", "hi"}}));

  // What the sample's hangUpCall() sends: its target is already null.
  auto hang_up = json{{"name", "webby"}, {"target", nullptr}, {"type", "hang-up"}};
  EXPECT_EQ(fill_hang_up_target(hang_up, peer), HangUpRouting::filled_in);
  EXPECT_EQ(hang_up, (json{{"name", "webby"}, {"target", "carol"}, {"type", "hang-up"}}));
  EXPECT_EQ(peer, std::nullopt);
  // Forgotten after one use: a second one has nobody to go to, and must not be broadcast.
  auto again = json{{"type", "hang-up"}};
  EXPECT_EQ(fill_hang_up_target(again, peer), HangUpRouting::drop);
  EXPECT_FALSE(again.contains("target"));
}

TEST(MdnCompat, HangUpsWithATargetAreLeftAloneAndForgetThePeer) {
  std::optional<std::string> peer;
  auto answer = json{{"type", "video-answer"}, {"target", "bob"}};
  EXPECT_EQ(fill_hang_up_target(answer, peer), HangUpRouting::as_sent);
  auto named = json{{"type", "hang-up"}, {"target", "bob"}};
  EXPECT_EQ(fill_hang_up_target(named, peer), HangUpRouting::as_sent);
  EXPECT_EQ(named["target"], "bob");
  EXPECT_EQ(peer, std::nullopt);
  // A target that is neither a name nor null stays an error for the normal routing to report.
  fill_hang_up_target(answer, peer);
  auto odd = json{{"type", "hang-up"}, {"target", 5}};
  EXPECT_EQ(fill_hang_up_target(odd, peer), HangUpRouting::as_sent);
  EXPECT_EQ(odd["target"], 5);
  // Signaling without a string target remembers nothing.
  auto untargeted = json{{"type", "video-offer"}, {"target", nullptr}};
  EXPECT_EQ(fill_hang_up_target(untargeted, peer), HangUpRouting::as_sent);
  EXPECT_EQ(peer, std::nullopt);
}
