#pragma once
// What a server's refusal of the WebSocket upgrade says (an HTTP answer other than 101, e.g.
// clivrt-server's 429 over a per-address cap, a proxy's 502), in words fit for the terminal:
// the body comes from the network, so it is sanitized and cut to one short line.
#include <chrono>
#include <string>
#include <string_view>

namespace clivrt::signaling {

struct DeclinedUpgrade {
  std::string reason;                 // "server refused the connection (429 Too Many Requests): …"
  std::chrono::seconds retry_after{};  // from Retry-After (delta-seconds, at most an hour); 0 if none
};

DeclinedUpgrade describe_declined_upgrade(unsigned status, std::string_view reason_phrase, std::string_view body,
                                          std::string_view retry_after);

}  // namespace clivrt::signaling
