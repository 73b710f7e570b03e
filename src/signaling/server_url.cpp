#include "server_url.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "clivrt/text/percent_encoding.hpp"

namespace clivrt::signaling {

std::string ServerUrl::authority() const {
  const bool ipv6 = host.find(':') != std::string::npos;
  return (ipv6 ? "[" + host + "]" : host) + ":" + port;
}

std::string ServerUrl::chat_target(std::string_view username) const {
  return base_path + "/chat/" + text::percent_encode(username) + "?presence=delta";
}

std::optional<ServerUrl> parse_server_url(std::string_view url, std::string& error) {
  ServerUrl parsed;
  if (url.starts_with("wss://")) {
    parsed.secure = true;
    url.remove_prefix(6);
  } else if (url.starts_with("ws://")) {
    url.remove_prefix(5);
  } else {
    error = "server URL must start with ws:// or wss://";
    return std::nullopt;
  }
  const std::size_t slash = url.find('/');
  std::string_view authority = url.substr(0, slash);
  if (slash != std::string_view::npos) {
    std::string_view path = url.substr(slash);
    while (path.ends_with('/')) path.remove_suffix(1);
    parsed.base_path = std::string(path);
  }
  std::string_view port;
  if (authority.starts_with('[')) {
    const std::size_t close = authority.find(']');
    if (close == std::string_view::npos) {
      error = "server URL has an unclosed '[' in its IPv6 address";
      return std::nullopt;
    }
    parsed.host = std::string(authority.substr(1, close - 1));
    const std::string_view rest = authority.substr(close + 1);
    if (!rest.empty() && !rest.starts_with(':')) {
      error = "server URL has text after its IPv6 address";
      return std::nullopt;
    }
    if (!rest.empty()) port = rest.substr(1);
  } else {
    const std::size_t colon = authority.rfind(':');
    parsed.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) {
      port = authority.substr(colon + 1);
      if (port.empty()) {
        error = "server URL has ':' but no port";
        return std::nullopt;
      }
    }
  }
  if (parsed.host.empty()) {
    error = "server URL has no host";
    return std::nullopt;
  }
  if (port.empty()) {
    parsed.port = parsed.secure ? "443" : "80";
  } else {
    unsigned number = 0;
    const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), number);
    if (ec != std::errc{} || end != port.data() + port.size() || number == 0 || number > 65535) {
      error = "server URL port must be a number from 1 to 65535";
      return std::nullopt;
    }
    parsed.port = std::string(port);
  }
  return parsed;
}

}  // namespace clivrt::signaling
