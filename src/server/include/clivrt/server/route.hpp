#pragma once
// Maps an HTTP request target to what the server does with it. Pure, unit-tested.
//   /healthz                      -> health check (200)
//   /chat/{username}[?query]      -> WebSocket chat; query "presence=delta" selects delta presence,
//                                    "resume=[TOKEN]" asks for a resume token (and presents one)
//   anything else                 -> 404
#include <optional>
#include <string>
#include <string_view>

namespace clivrt::server {

enum class RouteKind { health, chat, not_found };

struct Route {
  RouteKind kind = RouteKind::not_found;
  /// URL-decoded username (chat only); nullopt if the escape sequence was malformed. Not yet
  /// validated: the session answers invalid names with an error frame, so clients learn why.
  std::optional<std::string> username;
  bool delta_presence = false;
  /// "resume=" present: the client wants a resume token; its value (may be empty) is the token
  /// of its previous connection.
  std::optional<std::string> resume;
};

Route route_request(std::string_view target);

}  // namespace clivrt::server
