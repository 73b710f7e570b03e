#include "app/ice_choice.hpp"

#include <algorithm>

#include "text/percent_encoding.hpp"

namespace clivrt::app {

namespace {

using text::percent_encode;

void add_unique(std::vector<std::string>& list, std::string uri) {
  if (std::ranges::find(list, uri) == list.end()) list.push_back(std::move(uri));
}

/// Adds `text` as webrtcbin's URI; `username`/`credential` empty: the URL's own (config URLs).
void add(IceChoice& choice, const std::string& text, std::string username, std::string credential) {
  std::string error;
  const auto url = protocol::parse_ice_url(text, error);
  if (!url) return;  // config and server URLs were checked when they arrived
  if (username.empty()) {
    username = url->username;
    credential = url->credential;
  }
  const std::string host = protocol::host_port(*url);
  if (url->scheme == protocol::IceScheme::stun) return add_unique(choice.stun, "stun://" + host);
  if (username.empty()) return;  // TURN needs credentials; the server always sends them
  std::string uri = (url->scheme == protocol::IceScheme::turns ? "turns://" : "turn://") + percent_encode(username) +
                    ":" + percent_encode(credential) + "@" + host;
  if (!url->transport.empty()) uri += "?transport=" + url->transport;
  add_unique(choice.turn, std::move(uri));
}

}  // namespace

IceChoice choose_ice_servers(const config::Settings& settings, const std::optional<protocol::IceServers>& from_server) {
  IceChoice choice;
  choice.relay_only = settings.ice_transport == "relay";
  if (!settings.ice_servers_none) {
    for (const auto& text : settings.ice_servers) add(choice, text, {}, {});
    static const std::vector<protocol::IceServer> no_servers;
    const auto& servers = from_server ? from_server->servers : no_servers;
    for (const auto& server : servers) {
      for (const auto& text : server.urls) add(choice, text, server.username, server.credential);
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
