#include "turn_notices.hpp"

#include "clivrt/protocol/ice_servers.hpp"

namespace clivrt::app {

std::string describe_turn_trouble(const TurnUri& server, const signaling::TurnCheck& check) {
  protocol::IceUrl url;
  url.host = server.host;
  url.port = server.port;
  const std::string name = "the TURN server " + protocol::host_port(url);
  const std::string answer = signaling::describe_stun_error(check.error_code);
  switch (check.verdict) {
    case signaling::TurnVerdict::refused:
      if (server.from_config) {
        return name + " refused the credentials in ice_servers (" + answer +
               "): calls that need a relay will fail; check USER:PASSWORD in its URL";
      }
      return name + " refused the credentials the chat server gave (" + answer +
             "): calls that need a relay will fail. Tell the server's admin: clivrt-server's --turn-secret-file "
             "must hold coturn's static-auth-secret, and both machines' clocks must be right";
    case signaling::TurnVerdict::failed:
      if (check.error_code == 0) return {};  // answered, then went quiet: nothing certain to say
      return name + " refused an allocation (" + answer + "): calls that need a relay may fail";
    case signaling::TurnVerdict::accepted:
    case signaling::TurnVerdict::unreachable: return {};
  }
  return {};
}

}  // namespace clivrt::app
