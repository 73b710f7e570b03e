#include "server/route.hpp"

#include "protocol/username.hpp"

namespace clivrt::server {

namespace {
constexpr std::string_view kChatPrefix = "/chat/";

bool query_has(std::string_view query, std::string_view wanted) {
  while (!query.empty()) {
    const auto amp = query.find('&');
    if (query.substr(0, amp) == wanted) return true;
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return false;
}
}  // namespace

Route route_request(std::string_view target) {
  const auto question = target.find('?');
  const std::string_view path = target.substr(0, question);
  const std::string_view query =
      question == std::string_view::npos ? std::string_view{} : target.substr(question + 1);
  Route route;
  if (path == "/healthz") {
    route.kind = RouteKind::health;
  } else if (path.starts_with(kChatPrefix)) {
    route.kind = RouteKind::chat;
    route.username = protocol::url_decode(path.substr(kChatPrefix.size()));
    route.delta_presence = query_has(query, "presence=delta");
  }
  return route;
}

}  // namespace clivrt::server
