#include "ice_choice.hpp"

#include <algorithm>

#include "clivrt/text/percent_encoding.hpp"

namespace clivrt::app {

namespace {

using text::percent_encode;

template <typename Entry>
void add_unique(std::vector<Entry>& list, Entry entry) {
  if (std::ranges::find(list, entry) == list.end()) list.push_back(std::move(entry));
}

/// Adds `text` as webrtcbin's URI; `username`/`credential` empty: the URL's own (config URLs).
void add(IceChoice& choice, const std::string& text, std::string username, std::string credential) {
  std::string error;
  const auto url = protocol::parse_ice_url(text, error);
  if (!url) return;  // config and server URLs were checked when they arrived
  const bool from_config = username.empty();
  if (from_config) {
    username = url->username;
    credential = url->credential;
  }
  const std::string host = protocol::host_port(*url);
  if (url->scheme == protocol::IceScheme::stun) return add_unique(choice.stun, std::string("stun://" + host));
  if (username.empty()) return;  // TURN needs credentials; the server always sends them
  std::string uri = (url->scheme == protocol::IceScheme::turns ? "turns://" : "turn://") + percent_encode(username) +
                    ":" + percent_encode(credential) + "@" + host;
  if (!url->transport.empty()) uri += "?transport=" + url->transport;
  const bool over_udp = url->scheme == protocol::IceScheme::turn && url->transport != "tcp";
  const bool over_tls = url->scheme == protocol::IceScheme::turns;
  add_unique(choice.turn, TurnUri{std::move(uri), url->host, url->port, over_udp, over_tls, std::move(username),
                                  std::move(credential), from_config});
}

bool offered_both_ways(const IceChoice& choice, const std::string& host) {
  const auto on_host = [&](bool udp) {
    return std::ranges::any_of(choice.turn,
                               [&](const TurnUri& turn) { return turn.host == host && turn.over_udp == udp; });
  };
  return on_host(true) && on_host(false);
}

}  // namespace

std::vector<std::string> IceChoice::turn_uris() const {
  std::vector<std::string> uris;
  for (const auto& entry : turn) uris.push_back(entry.uri);
  return uris;
}

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
    choice.problem =
        "ice_transport is relay but no TURN server is known (the server sent none and ice_servers "
        "names none): calls cannot connect; add ice_servers = turn:USER:PASSWORD@HOST or set "
        "ice_transport all";
  }
  return choice;
}

std::vector<TurnUri> turn_servers_to_check(const IceChoice& choice) {
  std::vector<TurnUri> servers;
  for (const auto& turn : choice.turn) {
    const bool seen = std::ranges::any_of(servers, [&](const TurnUri& other) {
      return other.host == turn.host && other.port == turn.port && other.username == turn.username;
    });
    if (!turn.over_tls && !seen) servers.push_back(turn);
  }
  return servers;
}

void keep_one_turn_transport(IceChoice& choice, const std::map<std::string, bool>& udp_answered) {
  std::map<std::string, bool> decided;  // host → keep UDP; computed before erasing anything
  for (const auto& [host, answered] : udp_answered) {
    if (offered_both_ways(choice, host)) decided.emplace(host, answered);
  }
  std::erase_if(choice.turn, [&](const TurnUri& turn) {
    const auto keep_udp = decided.find(turn.host);
    return keep_udp != decided.end() && turn.over_udp != keep_udp->second;
  });
}

}  // namespace clivrt::app
