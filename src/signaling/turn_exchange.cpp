#include "clivrt/signaling/turn_exchange.hpp"

#include <stun/usages/turn.h>

#include <cstring>

namespace clivrt::signaling {

namespace {

constexpr auto kCompatibility = STUN_USAGE_TURN_COMPATIBILITY_RFC5766;
constexpr int kMaxChallenges = 3;  // the first 401 and a couple of stale nonces (438)

std::uint8_t* bytes(std::string& text) { return reinterpret_cast<std::uint8_t*>(text.data()); }

}  // namespace

std::string describe_stun_error(int code) {
  const char* name = stun_strerror(static_cast<StunError>(code));
  return std::to_string(code) + (name && *name ? std::string(" ") + name : std::string());
}

TurnExchange::TurnExchange(std::string username, std::string password)
    : username_(std::move(username)), password_(std::move(password)) {
  stun_agent_init(&agent_, STUN_ALL_KNOWN_ATTRIBUTES, STUN_COMPATIBILITY_RFC5389,
                  static_cast<StunAgentUsageFlags>(STUN_AGENT_USAGE_LONG_TERM_CREDENTIALS));
  send_allocate(false);
}

std::span<const std::uint8_t> TurnExchange::request() const { return {request_buffer_.data(), request_size_}; }

void TurnExchange::send_allocate(bool signed_request) {
  // Unsigned, the request carries no USERNAME and no MESSAGE-INTEGRITY: RFC 5389 10.2.1's first step.
  request_size_ = stun_usage_turn_create(
      &agent_, &request_, request_buffer_.data(), request_buffer_.size(), signed_request ? &challenge_ : nullptr,
      STUN_USAGE_TURN_REQUEST_PORT_NORMAL, -1, -1, signed_request ? bytes(username_) : nullptr,
      signed_request ? username_.size() : 0, signed_request ? bytes(password_) : nullptr,
      signed_request ? password_.size() : 0, kCompatibility);
}

TurnExchange::Step TurnExchange::receive(std::span<const std::uint8_t> message) {
  if (decided_ || request_size_ == 0) return Step::ignored;
  StunMessage reply;
  // Matches the transaction of a request we sent and, for a success, its MESSAGE-INTEGRITY.
  if (stun_agent_validate(&agent_, &reply, message.data(), message.size(), nullptr, nullptr) !=
      STUN_VALIDATION_SUCCESS) {
    return Step::ignored;
  }
  sockaddr_storage relayed{}, mapped{}, alternate{};
  socklen_t relayed_size = sizeof(relayed), mapped_size = sizeof(mapped), alternate_size = sizeof(alternate);
  std::uint32_t bandwidth = 0, lifetime = 0;
  switch (stun_usage_turn_process(&reply, &relayed, &relayed_size, &mapped, &mapped_size, &alternate, &alternate_size,
                                  &bandwidth, &lifetime, kCompatibility)) {
    case STUN_USAGE_TURN_RETURN_RELAY_SUCCESS:
    case STUN_USAGE_TURN_RETURN_MAPPED_SUCCESS: return decide(TurnVerdict::accepted, 0);
    case STUN_USAGE_TURN_RETURN_ALTERNATE_SERVER: return decide(TurnVerdict::failed, STUN_ERROR_TRY_ALTERNATE);
    case STUN_USAGE_TURN_RETURN_ERROR: break;
    default: return Step::ignored;
  }
  int code = 0;
  stun_message_find_error(&reply, &code);
  // A 401 to the unsigned request, or a stale nonce (438) at any time, is a challenge: sign with
  // its realm and nonce. A 401 to a signed request is a refusal of the credentials.
  const bool challenge = (code == STUN_ERROR_STALE_NONCE || (code == STUN_ERROR_UNAUTHORIZED && !have_challenge_)) &&
                         stun_message_has_attribute(&reply, STUN_ATTRIBUTE_NONCE) &&
                         stun_message_has_attribute(&reply, STUN_ATTRIBUTE_REALM);
  if (challenge && ++challenges_ <= kMaxChallenges && message.size() <= challenge_buffer_.size()) {
    std::memcpy(challenge_buffer_.data(), message.data(), message.size());
    challenge_ = reply;
    challenge_.buffer = challenge_buffer_.data();
    have_challenge_ = true;
    send_allocate(true);
    return request_size_ > 0 ? Step::send_next : decide(TurnVerdict::failed, 0);
  }
  return decide(code == STUN_ERROR_UNAUTHORIZED ? TurnVerdict::refused : TurnVerdict::failed, code);
}

TurnExchange::Step TurnExchange::decide(TurnVerdict verdict, int code) {
  decided_ = true;
  result_ = {verdict, code};
  request_size_ = 0;
  return Step::decided;
}

std::span<const std::uint8_t> TurnExchange::release_request() {
  if (result_.verdict != TurnVerdict::accepted) return {};
  request_size_ = stun_usage_turn_create_refresh(&agent_, &request_, request_buffer_.data(), request_buffer_.size(),
                                                 have_challenge_ ? &challenge_ : nullptr, 0, bytes(username_),
                                                 username_.size(), bytes(password_), password_.size(), kCompatibility);
  const std::span<const std::uint8_t> release{request_buffer_.data(), request_size_};
  request_size_ = 0;  // request() stays empty: the verdict is final
  return release;
}

}  // namespace clivrt::signaling
