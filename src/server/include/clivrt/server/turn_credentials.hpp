#pragma once
// Short-lived TURN credentials, the "TURN REST API" convention coturn implements with
// `use-auth-secret` / `static-auth-secret`: username = "EXPIRY:USER" (Unix seconds),
// credential = base64(HMAC-SHA1(secret, username)). coturn recomputes the credential from its
// copy of the secret and refuses it once EXPIRY has passed, so nothing is stored per user.
#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "clivrt/protocol/ice_servers.hpp"

namespace clivrt::server {

struct TurnCredential {
  std::string username;
  std::string credential;
};

/// The credential for `user`, valid until `expiry`.
TurnCredential turn_credential(std::string_view secret, std::string_view user,
                               std::chrono::system_clock::time_point expiry);

/// What the server tells clients: STUN URLs as they are, TURN URLs with per-user credentials.
struct IceServerConfig {
  std::vector<std::string> stun_urls;
  std::vector<std::string> turn_urls;
  std::string turn_secret;  // never logged, never sent
  std::chrono::seconds turn_ttl{86400};

  bool empty() const { return stun_urls.empty() && turn_urls.empty(); }
  /// Checks every URL (and that TURN URLs come with a secret); throws std::invalid_argument
  /// naming the flag and the URL.
  void validate() const;
  /// The `ice-servers` message for `user`, its TURN credentials valid from `now` for turn_ttl.
  protocol::IceServers for_user(std::string_view user, std::chrono::system_clock::time_point now) const;
};

/// Reads the secret from a file: its first line, without the line end. Throws std::runtime_error.
std::string read_turn_secret(const std::string& path);

}  // namespace clivrt::server
