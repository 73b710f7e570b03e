#pragma once
// Which STUN/TURN servers a call uses: the signaling server's `ice-servers` list plus the
// user's `ice_servers`, or none at all with `ice_servers = none`; written as the URIs webrtcbin
// takes. Pure: no I/O, unit-tested.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "clivrt/config/settings.hpp"
#include "clivrt/protocol/ice_servers.hpp"

namespace clivrt::app {

struct TurnUri {
  std::string uri;  // "turn://USER:PASSWORD@HOST:PORT?transport=udp", percent-encoded
  std::string host;
  int port = 3478;
  bool over_udp = true;              // turn: without ?transport=tcp; turns: and TCP are not
  bool over_tls = false;             // turns:
  std::string username, credential;  // as given, not encoded
  bool from_config = false;          // ice_servers, not the signaling server's list
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

/// The TURN servers to check over UDP before calls (signaling/turn_check.hpp): each plain
/// (not TLS) host, port and username once. Their answers decide which transport a call gets
/// (keep_one_turn_transport) and tell the user of refused credentials.
std::vector<TurnUri> turn_servers_to_check(const IceChoice& choice);

/// libnice keeps one relay candidate per TURN server address, whichever allocation finishes
/// first, so a host offered both ways keeps only UDP where `udp_answered[host]` says UDP works
/// (TCP stalls media on any loss) and only TCP/TLS where it does not; both while unknown.
void keep_one_turn_transport(IceChoice& choice, const std::map<std::string, bool>& udp_answered);

}  // namespace clivrt::app
