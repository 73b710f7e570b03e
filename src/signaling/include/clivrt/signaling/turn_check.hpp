#pragma once
// Asks a TURN server over UDP whether it answers and accepts our credentials (TurnExchange),
// before any call. Two uses: webrtcbin 1.22 never says why a relay failed, so the user hears of
// refused credentials from this; and the client gives a call one TURN transport per server:
// libnice keeps only one relay candidate per TURN server address (RFC 8445 redundancy pruning),
// so given UDP and TCP it keeps whichever allocation finished first, often TCP, whose
// head-of-line blocking stalls video on any loss. Loop thread only.
#include <chrono>
#include <functional>
#include <string>

namespace boost::asio {
class io_context;
}

namespace clivrt::signaling {

enum class TurnVerdict {
  unreachable,  // nothing answered
  accepted,     // the server made an allocation with the credentials
  refused,      // 401 to the signed request: wrong, forged or expired credentials
  failed,       // another error (quota, capacity, forbidden…) or no answer to the signed request
};

struct TurnCheck {
  TurnVerdict verdict = TurnVerdict::unreachable;
  int error_code = 0;  // the STUN ERROR-CODE, 0 when none came
};

/// "401 Unauthorized": the code and libnice's name for it, never the server's own words (they
/// would reach the terminal).
std::string describe_stun_error(int code);

struct TurnServerLogin {
  std::string host, port, username, password;
};

/// Calls `done` once with the verdict, within `timeout` (unreachable when nothing answered or
/// the name does not resolve), on `io`'s thread. An allocation made is given back at once.
void check_turn_server_over_udp(boost::asio::io_context& io, const TurnServerLogin& server,
                                std::chrono::milliseconds timeout, std::function<void(TurnCheck)> done);

}  // namespace clivrt::signaling
