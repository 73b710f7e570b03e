#pragma once
// STUN/TURN servers for calls (RFC 7064 stun: URIs, RFC 7065 turn:/turns: URIs) and the
// `ice-servers` message the signaling server sends at login, in the shape of the browser's
// RTCIceServer (docs/protocol.md). Values only, no I/O.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "clivrt/protocol/codec.hpp"

namespace clivrt::protocol {

enum class IceScheme { stun, turn, turns };

/// One parsed ICE server URL. Credentials ride in `username`/`credential`, never in the URL text.
struct IceUrl {
  IceScheme scheme = IceScheme::stun;
  std::string host;                  // a name, an IPv4 address, or an IPv6 address without brackets
  int port = 3478;                   // 3478 for stun:/turn:, 5349 for turns: unless given
  std::string transport;             // "udp", "tcp" or empty (turn: defaults to udp, turns: to tcp)
  std::string username, credential;  // from USER:PASSWORD@ in config URLs (turn:/turns: only)
  bool operator==(const IceUrl&) const = default;
};

/// Parses `stun:HOST[:PORT]`, `turn[s]:[USER:PASSWORD@]HOST[:PORT][?transport=udp|tcp]`.
/// nullopt with `error` saying what is wrong otherwise.
std::optional<IceUrl> parse_ice_url(std::string_view text, std::string& error);

/// "HOST:PORT", an IPv6 host in brackets.
std::string host_port(const IceUrl& url);

/// The URL as browsers and coturn write it, without credentials: "turn:10.0.0.1:3478?transport=udp".
std::string to_string(const IceUrl& url);

/// RTCIceServer: urls that share one username/credential (empty for STUN).
struct IceServer {
  std::vector<std::string> urls;
  std::string username, credential;
  bool operator==(const IceServer&) const = default;
};

struct IceServers {  // {"type":"ice-servers","iceServers":[RTCIceServer...],"ttl":N}
  std::vector<IceServer> servers;
  long ttl_seconds = 0;  // how long the credentials stay valid; 0 = no expiry said
  bool operator==(const IceServers&) const = default;
};

Json encode_ice_servers(const IceServers& servers);
/// Decodes the body of an `ice-servers` message; nullopt with `error` if malformed. Every URL
/// must parse (parse_ice_url): a hostile server cannot hand us text that is not a server.
std::optional<IceServers> decode_ice_servers(const Json& message, std::string& error);

/// The request a client sends to get fresh credentials: {"type":"ice-servers"}.
Json encode_ice_servers_request();

}  // namespace clivrt::protocol
