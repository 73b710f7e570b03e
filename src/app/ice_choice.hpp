#pragma once
// Which STUN/TURN servers a call uses: the signaling server's `ice-servers` list plus the
// user's `ice_servers`, or none at all with `ice_servers = none`; written as the URIs webrtcbin
// takes. Pure: no I/O, unit-tested.
#include <optional>
#include <string>
#include <vector>

#include "config/settings.hpp"
#include "protocol/ice_servers.hpp"

namespace clivrt::app {

struct IceChoice {
  std::vector<std::string> stun;  // "stun://HOST:PORT"
  std::vector<std::string> turn;  // "turn://USER:PASSWORD@HOST:PORT?transport=udp", percent-encoded
  bool relay_only = false;
  /// Non-empty when the choice cannot work as asked, e.g. relay without any TURN server.
  std::string problem;
};

IceChoice choose_ice_servers(const config::Settings& settings, const std::optional<protocol::IceServers>& from_server);

}  // namespace clivrt::app
