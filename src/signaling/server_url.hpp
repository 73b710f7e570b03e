#pragma once
// ws:// and wss:// server URLs, and the chat endpoint built from them.
#include <optional>
#include <string>
#include <string_view>

namespace clivrt::signaling {

struct ServerUrl {
  bool secure = false;    // wss://
  std::string host;       // without brackets for IPv6
  std::string port;       // "80"/"443" when not given
  std::string base_path;  // path before /chat, without a trailing slash ("" for none)
  bool operator==(const ServerUrl&) const = default;

  /// "host:port" for display (IPv6 in brackets).
  std::string authority() const;
  /// Request target for a user: {base}/chat/{percent-encoded name}?presence=delta
  std::string chat_target(std::string_view username) const;
};

/// Parses "ws://host[:port][/path]" or "wss://…"; nullopt with `error` set otherwise.
std::optional<ServerUrl> parse_server_url(std::string_view url, std::string& error);

}  // namespace clivrt::signaling
