#pragma once
// What the listener does for browsers before its own routing (private header, Beast inside):
//  - a WebSocket upgrade whose Origin is not allowed gets 403 (origin_policy.hpp);
//  - an upgrade offering the subprotocol "json" to a path other than /chat/ or /healthz starts an
//    MDN-compatible session (mdn_compat.hpp);
//  - any other request outside /chat/ and /healthz is a web file (http_response.hpp).
#include <spdlog/spdlog.h>
#include <boost/asio/awaitable.hpp>
#include <boost/beast/websocket.hpp>

#include <memory>
#include <optional>

#include "clivrt/server/route.hpp"
#include "http_response.hpp"
#include "listener.hpp"
#include "mdn_compat.hpp"
#include "origin_policy.hpp"
#include "ws_session.hpp"

namespace clivrt::server {

/// True when the request was answered here (the stream and the ticket may then have been moved
/// into a session).
template <class Stream>
boost::asio::awaitable<bool> serve_web(Stream& stream, HttpRequest& request, const Route& route,
                                       AddressLimits::Ticket& ticket, const ListenerContext& context) {
  namespace http = boost::beast::http;
  const bool upgrade = boost::beast::websocket::is_upgrade(request);
  if (upgrade) {
    const auto origin_field = request.find(http::field::origin);
    std::optional<std::string_view> origin;
    if (origin_field != request.end()) origin = origin_field->value();
    if (!origin_allowed(context.allowed_origins, origin, request[http::field::host], context.tls != nullptr)) {
      spdlog::info("WebSocket upgrade from origin '{}' refused (see --allow-origin)", origin.value_or(""));
      co_await send_response(stream, text_response(http::status::forbidden, request.version(), "origin not allowed\n"));
      co_return true;
    }
  }
  if (route.kind != RouteKind::not_found) co_return false;
  if (upgrade && mdn::offers_json_subprotocol(request[http::field::sec_websocket_protocol])) {
    auto session = std::make_shared<WsSession<Stream>>(std::move(stream), *context.roster, context.limits, std::nullopt,
                                                       false, std::nullopt, std::move(ticket));
    session->use_mdn_login();
    session->start(std::move(request));
    co_return true;
  }
  co_await send_response(stream, static_response(request, context.web_root));
  co_return true;
}

}  // namespace clivrt::server
