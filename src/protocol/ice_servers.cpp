#include "clivrt/protocol/ice_servers.hpp"

#include <algorithm>
#include <charconv>

#include "clivrt/protocol/username.hpp"

namespace clivrt::protocol {

namespace {

constexpr std::size_t kMaxServers = 16, kMaxUrls = 16, kMaxField = 512;

bool valid_host(std::string_view host) {
  if (host.empty() || host.size() > 253) return false;
  for (const char c : host) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                    c == '-' || c == ':' || c == '_';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

std::optional<IceUrl> parse_ice_url(std::string_view text, std::string& error) {
  IceUrl url;
  const auto fail = [&](std::string what) -> std::optional<IceUrl> {
    error = std::move(what);
    return std::nullopt;
  };
  if (text.starts_with("stun:")) {
    url.scheme = IceScheme::stun;
    text.remove_prefix(5);
  } else if (text.starts_with("turns:")) {
    url.scheme = IceScheme::turns;
    url.port = 5349;
    text.remove_prefix(6);
  } else if (text.starts_with("turn:")) {
    url.scheme = IceScheme::turn;
    text.remove_prefix(5);
  } else {
    return fail("must start with stun:, turn: or turns:");
  }
  if (const auto query = text.find('?'); query != std::string_view::npos) {
    const std::string_view parameter = text.substr(query + 1);
    text = text.substr(0, query);
    if (url.scheme == IceScheme::stun) return fail("stun: URLs take no ?transport=");
    if (parameter == "transport=udp") {
      url.transport = "udp";
    } else if (parameter == "transport=tcp") {
      url.transport = "tcp";
    } else {
      return fail("the only parameter is ?transport=udp or ?transport=tcp");
    }
    if (url.scheme == IceScheme::turns && url.transport == "udp") return fail("turns: runs over TLS, so over tcp");
  }
  if (const auto at = text.rfind('@'); at != std::string_view::npos) {
    if (url.scheme == IceScheme::stun) return fail("stun: URLs take no USER:PASSWORD@");
    const std::string_view user_info = text.substr(0, at);
    text = text.substr(at + 1);
    const auto colon = user_info.find(':');
    if (colon == std::string_view::npos || colon == 0) return fail("credentials must be USER:PASSWORD@");
    // Percent-escapes as in any URL's userinfo: TURN REST usernames hold a ':' (EXPIRY:USER).
    auto username = url_decode(user_info.substr(0, colon));
    auto credential = url_decode(user_info.substr(colon + 1));
    if (!username || !credential) return fail("a % in the credentials must start an escape like %3A");
    const auto control = [](const std::string& s) {
      return std::ranges::any_of(s, [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
    };
    if (control(*username) || control(*credential)) return fail("the credentials hold a control character");
    url.username = std::move(*username);
    url.credential = std::move(*credential);
  }
  std::string_view port;
  if (text.starts_with('[')) {  // [IPv6]:port
    const auto close = text.find(']');
    if (close == std::string_view::npos) return fail("unclosed [ in an IPv6 address");
    url.host = std::string(text.substr(1, close - 1));
    const std::string_view rest = text.substr(close + 1);
    if (!rest.empty() && !rest.starts_with(':')) return fail("unexpected text after the IPv6 address");
    if (!rest.empty()) port = rest.substr(1);
  } else {
    const auto colon = text.rfind(':');
    if (colon != std::string_view::npos && text.find(':') != colon) return fail("write IPv6 addresses in [brackets]");
    url.host = std::string(text.substr(0, colon));
    if (colon != std::string_view::npos) port = text.substr(colon + 1);
  }
  if (!valid_host(url.host) || (url.host.find(':') != std::string::npos && !text.starts_with('['))) {
    return fail("needs a host name or address");
  }
  if (!port.empty() || text.ends_with(':')) {
    int value = 0;
    const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (ec != std::errc{} || end != port.data() + port.size() || value < 1 || value > 65535) {
      return fail("the port must be a number from 1 to 65535");
    }
    url.port = value;
  }
  return url;
}

std::string host_port(const IceUrl& url) {
  const bool ipv6 = url.host.find(':') != std::string::npos;
  return (ipv6 ? "[" + url.host + "]" : url.host) + ":" + std::to_string(url.port);
}

std::string to_string(const IceUrl& url) {
  const char* scheme = url.scheme == IceScheme::stun ? "stun:" : url.scheme == IceScheme::turn ? "turn:" : "turns:";
  std::string text = scheme + host_port(url);
  if (!url.transport.empty()) text += "?transport=" + url.transport;
  return text;
}

Json encode_ice_servers(const IceServers& servers) {
  Json list = Json::array();
  for (const auto& server : servers.servers) {
    Json entry{{"urls", server.urls}};
    if (!server.username.empty()) entry["username"] = server.username;
    if (!server.credential.empty()) entry["credential"] = server.credential;
    list.push_back(std::move(entry));
  }
  Json message{{"type", "ice-servers"}, {"iceServers", std::move(list)}};
  if (servers.ttl_seconds > 0) message["ttl"] = servers.ttl_seconds;
  return message;
}

std::optional<IceServers> decode_ice_servers(const Json& message, std::string& error) {
  const auto fail = [&](const std::string& what) -> std::optional<IceServers> {
    error = "malformed \"ice-servers\" message: " + what;
    return std::nullopt;
  };
  IceServers out;
  const auto list = message.find("iceServers");
  if (list == message.end() || !list->is_array()) return fail("iceServers is not a list");
  if (list->size() > kMaxServers) return fail("more than 16 servers");
  for (const auto& entry : *list) {
    if (!entry.is_object()) return fail("a server is not an object");
    IceServer server;
    const auto urls = entry.find("urls");
    if (urls == entry.end()) return fail("a server has no urls");
    std::vector<Json> texts;
    if (urls->is_string()) {
      texts.push_back(*urls);  // RTCIceServer allows one URL as a plain string
    } else if (urls->is_array() && !urls->empty() && urls->size() <= kMaxUrls) {
      texts.assign(urls->begin(), urls->end());
    } else {
      return fail("urls must be a URL or a list of 1 to 16 URLs");
    }
    for (const auto& text : texts) {
      if (!text.is_string()) return fail("a URL is not a string");
      std::string why;
      if (!parse_ice_url(text.get<std::string>(), why)) return fail("bad URL: " + why);
      server.urls.push_back(text.get<std::string>());
    }
    for (const auto& [key, field] : {std::pair{"username", &server.username}, {"credential", &server.credential}}) {
      const auto it = entry.find(key);
      if (it == entry.end()) continue;
      if (!it->is_string() || it->get_ref<const std::string&>().size() > kMaxField) {
        return fail(std::string(key) + " must be a string of at most 512 bytes");
      }
      *field = it->get<std::string>();
    }
    out.servers.push_back(std::move(server));
  }
  if (const auto ttl = message.find("ttl"); ttl != message.end()) {
    if (!ttl->is_number_integer() || ttl->get<long>() < 0) return fail("ttl is not a whole number of seconds");
    out.ttl_seconds = ttl->get<long>();
  }
  return out;
}

Json encode_ice_servers_request() { return Json{{"type", "ice-servers"}}; }

}  // namespace clivrt::protocol
