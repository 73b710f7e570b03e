#include "app/ice_choice.hpp"

#include <algorithm>

#include "text/percent_encoding.hpp"

namespace clivrt::app {

namespace {

using text::percent_encode;

void add(IceChoice& choice, const protocol::IceUrl& url, const std::string& username, const std::string& credential) {
  const bool ipv6 = url.host.find(':') != std::string::npos;
  const std::string host = (ipv6 ? "[" + url.host + "]" : url.host) + ":" + std::to_string(url.port);
  std::string uri;
  if (url.scheme == protocol::IceScheme::stun) {
    uri = "stun://" + host;
    if (std::ranges::find(choice.stun, uri) == choice.stun.end()) choice.stun.push_back(uri);
    return;
  }
  if (username.empty()) return;  // TURN needs credentials; the server always sends them
  uri = (url.scheme == protocol::IceScheme::turns ? "turns://" : "turn://") + percent_encode(username) + ":" +
        percent_encode(credential) + "@" + host;
  if (!url.transport.empty()) uri += "?transport=" + url.transport;
  if (std::ranges::find(choice.turn, uri) == choice.turn.end()) choice.turn.push_back(uri);
}

}  // namespace

IceChoice choose_ice_servers(const config::Settings& settings, const std::optional<protocol::IceServers>& from_server) {
  IceChoice choice;
  choice.relay_only = settings.ice_transport == "relay";
  if (!settings.ice_servers_none) {
    for (const auto& text : settings.ice_servers) {
      std::string error;
      if (const auto url = protocol::parse_ice_url(text, error)) add(choice, *url, url->username, url->credential);
    }
    if (from_server) {
      for (const auto& server : from_server->servers) {
        for (const auto& text : server.urls) {
          std::string error;
          if (const auto url = protocol::parse_ice_url(text, error)) add(choice, *url, server.username, server.credential);
        }
      }
    }
  }
  if (choice.relay_only && choice.turn.empty()) {
    choice.problem = "ice_transport is relay but no TURN server is known (the server sent none and ice_servers "
                     "names none): calls cannot connect; add ice_servers = turn:USER:PASSWORD@HOST or set "
                     "ice_transport all";
  }
  return choice;
}

}  // namespace clivrt::app
