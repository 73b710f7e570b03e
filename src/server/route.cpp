#include "clivrt/server/route.hpp"

#include "clivrt/protocol/username.hpp"

namespace clivrt::server {

namespace {
constexpr std::string_view kChatPrefix = "/chat/";

// The value of `key=` in the query (empty for "key="), or nullopt when the key is absent.
std::optional<std::string_view> query_value(std::string_view query, std::string_view key) {
  while (!query.empty()) {
    const auto amp = query.find('&');
    const std::string_view item = query.substr(0, amp);
    if (item.size() > key.size() && item.starts_with(key) && item[key.size()] == '=')
      return item.substr(key.size() + 1);
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return std::nullopt;
}
}  // namespace

Route route_request(std::string_view target) {
  const auto question = target.find('?');
  const std::string_view path = target.substr(0, question);
  const std::string_view query = question == std::string_view::npos ? std::string_view{} : target.substr(question + 1);
  Route route;
  if (path == "/healthz") {
    route.kind = RouteKind::health;
  } else if (path.starts_with(kChatPrefix)) {
    route.kind = RouteKind::chat;
    route.username = protocol::url_decode(path.substr(kChatPrefix.size()));
    route.delta_presence = query_value(query, "presence") == "delta";
    if (const auto token = query_value(query, "resume")) route.resume = std::string(token->substr(0, 64));
  }
  return route;
}

}  // namespace clivrt::server
