#pragma once
// Accepts TCP connections and serves each on its own strand: optional TLS handshake, one HTTP
// request (/healthz, 404, or the WebSocket upgrade to /chat/{username}), then a WsSession.
// Every connection is counted against its client address's caps first (address_limits.hpp).
// Private header.
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "address_limits.hpp"
#include "roster.hpp"
#include "ws_session.hpp"

namespace clivrt::server {

struct ListenerContext {
  Roster* roster = nullptr;
  AddressLimits* address_limits = nullptr;
  SessionLimits limits;
  boost::asio::ssl::context* tls = nullptr;  // null: plain ws://
  std::filesystem::path web_root;            // web client files; empty: none (web_gateway.hpp)
  std::vector<std::string> allowed_origins;  // empty: same origin only (origin_policy.hpp)
};

/// Starts accepting on `acceptor` (already listening) until it is closed. `context` and the
/// acceptor must outlive the io_context's run().
void start_listener(boost::asio::ip::tcp::acceptor& acceptor, const ListenerContext& context);

}  // namespace clivrt::server
