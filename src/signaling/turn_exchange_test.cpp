// TurnExchange against a TURN server's answers built here with libnice's STUN library (the
// server side of RFC 5766's Allocate); the real coturn is in tests/integration/test_calls_turn.py.
#include "clivrt/signaling/turn_exchange.hpp"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <stun/stunmessage.h>

#include <array>
#include <cstring>
#include <string>
#include <vector>

namespace {

using clivrt::signaling::TurnExchange;
using clivrt::signaling::TurnVerdict;
using Step = TurnExchange::Step;
using Bytes = std::vector<std::uint8_t>;

constexpr const char* kRealm = "clivrt.test";

/// The server's view of one request, and the answers it can give to it.
class FakeTurnServer {
 public:
  FakeTurnServer() {
    stun_agent_init(
        &agent_, STUN_ALL_KNOWN_ATTRIBUTES, STUN_COMPATIBILITY_RFC5389,
        static_cast<StunAgentUsageFlags>(STUN_AGENT_USAGE_LONG_TERM_CREDENTIALS | STUN_AGENT_USAGE_IGNORE_CREDENTIALS));
  }

  /// Parses `request`; false when it is not a valid STUN request.
  bool take(std::span<const std::uint8_t> request) {
    request_.assign(request.begin(), request.end());
    return stun_agent_validate(&agent_, &message_, request_.data(), request_.size(), nullptr, nullptr) ==
               STUN_VALIDATION_SUCCESS &&
           stun_message_get_class(&message_) == STUN_REQUEST;
  }
  StunMethod method() const { return stun_message_get_method(&message_); }
  bool has(StunAttribute attribute) const { return stun_message_has_attribute(&message_, attribute); }
  std::string text(StunAttribute attribute) const {
    std::uint16_t size = 0;
    const void* value = stun_message_find(&message_, attribute, &size);
    return value ? std::string(static_cast<const char*>(value), size) : std::string();
  }

  /// 401 and 438 come unsigned with a realm and a fresh nonce.
  Bytes error(StunError code, const std::string& nonce) {
    StunMessage reply;
    std::array<std::uint8_t, 512> buffer{};
    stun_agent_init_error(&agent_, &reply, buffer.data(), buffer.size(), &message_, code);
    stun_message_append_string(&reply, STUN_ATTRIBUTE_REALM, kRealm);
    stun_message_append_string(&reply, STUN_ATTRIBUTE_NONCE, nonce.c_str());
    return finish(reply, buffer, nullptr);
  }

  /// Other errors to a signed request come signed (libnice ignores them unsigned, rightly:
  /// anyone on the path could forge them).
  Bytes signed_error(StunError code, const std::string& password) {
    StunMessage reply;
    std::array<std::uint8_t, 512> buffer{};
    stun_agent_init_error(&agent_, &reply, buffer.data(), buffer.size(), &message_, code);
    sign(reply);
    return finish(reply, buffer, &password);
  }

  /// A success signed with `password`, as a server that knows the user's password signs it.
  Bytes allocated(const std::string& password) {
    StunMessage reply;
    std::array<std::uint8_t, 512> buffer{};
    stun_agent_init_response(&agent_, &reply, buffer.data(), buffer.size(), &message_);
    sockaddr_in relayed{};
    relayed.sin_family = AF_INET;
    relayed.sin_port = htons(49160);
    relayed.sin_addr.s_addr = htonl(0xCB007101);  // 203.0.113.1
    sockaddr_storage address{};
    std::memcpy(&address, &relayed, sizeof relayed);
    stun_message_append_xor_addr(&reply, STUN_ATTRIBUTE_XOR_RELAYED_ADDRESS, &address, sizeof relayed);
    stun_message_append32(&reply, STUN_ATTRIBUTE_LIFETIME, 600);
    sign(reply);
    return finish(reply, buffer, &password);
  }

 private:
  /// The long-term key is MD5(username:realm:password): libnice's hash needs both in the message.
  void sign(StunMessage& reply) const {
    stun_message_append_string(&reply, STUN_ATTRIBUTE_USERNAME, text(STUN_ATTRIBUTE_USERNAME).c_str());
    stun_message_append_string(&reply, STUN_ATTRIBUTE_REALM, kRealm);
  }

  Bytes finish(StunMessage& reply, std::array<std::uint8_t, 512>& buffer, const std::string* password) {
    const auto* key = password ? reinterpret_cast<const std::uint8_t*>(password->data()) : nullptr;
    const std::size_t size = stun_agent_finish_message(&agent_, &reply, key, password ? password->size() : 0);
    return Bytes(buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(size));
  }

  StunAgent agent_{};
  StunMessage message_{};
  Bytes request_;
};

/// The first round: an unsigned Allocate, answered with a 401 challenge.
void challenge(TurnExchange& exchange, FakeTurnServer& server, const std::string& nonce = "n-1") {
  ASSERT_TRUE(server.take(exchange.request()));
  EXPECT_EQ(server.method(), STUN_ALLOCATE);
  EXPECT_TRUE(server.has(STUN_ATTRIBUTE_REQUESTED_TRANSPORT));
  EXPECT_FALSE(server.has(STUN_ATTRIBUTE_USERNAME));
  EXPECT_FALSE(server.has(STUN_ATTRIBUTE_MESSAGE_INTEGRITY));
  ASSERT_EQ(exchange.receive(server.error(STUN_ERROR_UNAUTHORIZED, nonce)), Step::send_next);
}

}  // namespace

TEST(TurnExchange, SignsAfterTheChallengeAcceptsTheAllocationAndGivesItBack) {
  TurnExchange exchange("1700000000:alice", "secret-credential");
  FakeTurnServer server;
  challenge(exchange, server);
  ASSERT_TRUE(server.take(exchange.request()));
  EXPECT_EQ(server.text(STUN_ATTRIBUTE_USERNAME), "1700000000:alice");
  EXPECT_EQ(server.text(STUN_ATTRIBUTE_REALM), kRealm);
  EXPECT_EQ(server.text(STUN_ATTRIBUTE_NONCE), "n-1");
  EXPECT_TRUE(server.has(STUN_ATTRIBUTE_MESSAGE_INTEGRITY));

  // A success signed with another password is not the server's answer: ignored.
  EXPECT_EQ(exchange.receive(server.allocated("not-the-credential")), Step::ignored);
  ASSERT_EQ(exchange.receive(server.allocated("secret-credential")), Step::decided);
  EXPECT_EQ(exchange.result().verdict, TurnVerdict::accepted);
  EXPECT_TRUE(exchange.request().empty());

  ASSERT_TRUE(server.take(exchange.release_request()));
  EXPECT_EQ(server.method(), STUN_REFRESH);
  EXPECT_EQ(server.text(STUN_ATTRIBUTE_NONCE), "n-1");
  EXPECT_EQ(server.text(STUN_ATTRIBUTE_LIFETIME), std::string(4, '\0'));  // 0: deallocate now
  EXPECT_TRUE(server.has(STUN_ATTRIBUTE_MESSAGE_INTEGRITY));
}

TEST(TurnExchange, A401ToTheSignedRequestIsARefusal) {
  TurnExchange exchange("bob", "forged");
  FakeTurnServer server;
  challenge(exchange, server);
  ASSERT_TRUE(server.take(exchange.request()));
  ASSERT_EQ(exchange.receive(server.error(STUN_ERROR_UNAUTHORIZED, "n-2")), Step::decided);
  EXPECT_EQ(exchange.result().verdict, TurnVerdict::refused);
  EXPECT_EQ(exchange.result().error_code, 401);
  EXPECT_TRUE(exchange.release_request().empty());  // nothing was allocated
}

TEST(TurnExchange, AStaleNonceIsSignedAgainAndOtherErrorsAreFailures) {
  TurnExchange exchange("carol", "pw");
  FakeTurnServer server;
  challenge(exchange, server);
  ASSERT_TRUE(server.take(exchange.request()));
  ASSERT_EQ(exchange.receive(server.error(STUN_ERROR_STALE_NONCE, "n-fresh")), Step::send_next);
  ASSERT_TRUE(server.take(exchange.request()));
  EXPECT_EQ(server.text(STUN_ATTRIBUTE_NONCE), "n-fresh");
  EXPECT_EQ(exchange.receive(server.signed_error(STUN_ERROR_ALLOCATION_QUOTA_REACHED, "wrong")), Step::ignored);
  ASSERT_EQ(exchange.receive(server.signed_error(STUN_ERROR_ALLOCATION_QUOTA_REACHED, "pw")), Step::decided);
  EXPECT_EQ(exchange.result().verdict, TurnVerdict::failed);
  EXPECT_EQ(exchange.result().error_code, 486);
  EXPECT_EQ(clivrt::signaling::describe_stun_error(486), "486 Allocation Quota Reached");
}

TEST(TurnExchange, AnswersToOtherTransactionsAndGarbageAreIgnored) {
  TurnExchange exchange("dave", "pw");
  TurnExchange other("dave", "pw");
  FakeTurnServer server;
  ASSERT_TRUE(server.take(other.request()));
  EXPECT_EQ(exchange.receive(server.error(STUN_ERROR_UNAUTHORIZED, "n")), Step::ignored);
  const Bytes garbage(64, 0x42);
  EXPECT_EQ(exchange.receive(garbage), Step::ignored);
  EXPECT_EQ(exchange.receive({}), Step::ignored);
  // Endless challenges end in a failure, not a loop.
  challenge(exchange, server);
  for (int round = 0; round < 2; ++round) {
    ASSERT_TRUE(server.take(exchange.request()));
    ASSERT_EQ(exchange.receive(server.error(STUN_ERROR_STALE_NONCE, "n" + std::to_string(round))), Step::send_next);
  }
  ASSERT_TRUE(server.take(exchange.request()));
  ASSERT_EQ(exchange.receive(server.error(STUN_ERROR_STALE_NONCE, "n-last")), Step::decided);
  EXPECT_EQ(exchange.result().verdict, TurnVerdict::failed);
  EXPECT_EQ(exchange.result().error_code, 438);
}
