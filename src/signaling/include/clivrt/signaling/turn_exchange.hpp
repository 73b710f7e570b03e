#pragma once
// Private to clivrt_signaling (libnice headers). Does this TURN server accept these credentials? The messages of RFC
// 5766's Allocate with long-term credentials, built and checked by libnice's STUN library (the one webrtcbin's ICE
// uses), without any I/O: an unauthenticated Allocate, the 401 challenge with its realm and
// nonce, the signed Allocate, its verdict; then a Refresh with lifetime 0 that gives the
// allocation back at once. webrtcbin 1.22 never reports why a TURN allocation failed, so the
// client asks this itself and can tell its user that the server refused the credentials.
#include <stun/stunagent.h>

#include <array>
#include <cstdint>
#include <span>
#include <string>

#include "clivrt/signaling/turn_check.hpp"

namespace clivrt::signaling {

class TurnExchange {
 public:
  TurnExchange(std::string username, std::string password);
  TurnExchange(const TurnExchange&) = delete;
  TurnExchange& operator=(const TurnExchange&) = delete;

  /// The request to send now (and to resend unchanged while unanswered); empty once decided.
  std::span<const std::uint8_t> request() const;
  enum class Step { ignored, send_next, decided };
  /// Feeds one message from the server: not an answer to our request (ignored), a challenge
  /// that makes a new request() to send, or the verdict (result()).
  Step receive(std::span<const std::uint8_t> message);
  const TurnCheck& result() const { return result_; }
  /// After `accepted`: the Refresh (lifetime 0) that releases the allocation; empty otherwise.
  std::span<const std::uint8_t> release_request();

 private:
  void send_allocate(bool signed_request);
  Step decide(TurnVerdict verdict, int code);

  std::string username_, password_;
  StunAgent agent_{};
  StunMessage request_{}, challenge_{};
  std::array<std::uint8_t, 512> request_buffer_{};
  std::size_t request_size_ = 0;
  std::array<std::uint8_t, 1500> challenge_buffer_{};  // the 401: its realm and nonce sign requests
  bool have_challenge_ = false;
  int challenges_ = 0;  // 401/438 answers to unsigned or stale requests; bounded
  bool decided_ = false;
  TurnCheck result_;
};

}  // namespace clivrt::signaling
