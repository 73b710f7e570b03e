#pragma once
// Does UDP reach a STUN/TURN server and come back? One RFC 5389 Binding request (coturn answers
// them on its TURN port), built and checked by libnice's STUN library, resent with backoff until
// an answer or the deadline. The client asks before calls so that webrtcbin gets one TURN
// transport per server: libnice keeps only one relay candidate per TURN server address (RFC 8445
// redundancy pruning), so given UDP and TCP it keeps whichever allocation finished first, often
// TCP, whose head-of-line blocking stalls video on any loss. Loop thread only.
#include <chrono>
#include <functional>
#include <string>

namespace boost::asio {
class io_context;
}

namespace clivrt::signaling {

/// Calls `done(true)` on the first valid Binding response from `host`:`port`, `done(false)` when
/// none came within `timeout` (or the name does not resolve); `done` runs on `io`'s thread.
void probe_stun_over_udp(boost::asio::io_context& io, const std::string& host, const std::string& port,
                         std::chrono::milliseconds timeout, std::function<void(bool)> done);

}  // namespace clivrt::signaling
