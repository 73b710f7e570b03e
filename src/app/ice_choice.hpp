#pragma once
// Which STUN/TURN servers a call uses: the signaling server's `ice-servers` list plus the
// user's `ice_servers`, or none at all with `ice_servers = none`; written as the URIs webrtcbin
// takes. Pure: no I/O, unit-tested.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "config/settings.hpp"
#include "protocol/ice_servers.hpp"

namespace clivrt::app {

struct TurnUri {
  std::string uri;  // "turn://USER:PASSWORD@HOST:PORT?transport=udp", percent-encoded
  std::string host;
  int port = 3478;
  bool over_udp = true;  // turn: without ?transport=tcp; turns: and TCP are not
  bool operator==(const TurnUri&) const = default;
};

struct IceChoice {
  std::vector<std::string> stun;  // "stun://HOST:PORT"
  std::vector<TurnUri> turn;
  std::vector<std::string> turn_uris() const;
  bool relay_only = false;
  /// Non-empty when the choice cannot work as asked, e.g. relay without any TURN server.
  std::string problem;
};

IceChoice choose_ice_servers(const config::Settings& settings, const std::optional<protocol::IceServers>& from_server);

/// TURN hosts offered over UDP and over TCP/TLS alike, as host → the UDP port: the ones whose
/// UDP reachability decides which transport a call gets (see keep_one_turn_transport).
std::map<std::string, int> turn_hosts_to_probe(const IceChoice& choice);

/// libnice keeps one relay candidate per TURN server address, whichever allocation finishes
/// first, so a host offered both ways keeps only UDP where `udp_answered[host]` says UDP works
/// (TCP stalls media on any loss) and only TCP/TLS where it does not; both while unknown.
void keep_one_turn_transport(IceChoice& choice, const std::map<std::string, bool>& udp_answered);

}  // namespace clivrt::app
