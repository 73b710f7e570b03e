#include "listener.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/ssl.hpp>

#include <chrono>
#include <optional>

#include "clivrt/common/version.hpp"
#include "clivrt/server/route.hpp"
#include "http_response.hpp"
#include "web_gateway.hpp"

namespace clivrt::server {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;

namespace {

constexpr std::size_t kMaxRequestBody = 1024;  // upgrade and health requests have no body
constexpr int kAcceptBatch = 256;              // connections accepted per wake-up of the accept loop
constexpr std::chrono::seconds kConnectionRetry{5};  // Retry-After when too many are open at once

/// 429 with Retry-After: over a per-address cap (address_limits.hpp).
HttpResponse too_many(unsigned version, std::chrono::seconds retry_after, std::string body) {
  auto response = text_response(http::status::too_many_requests, version, std::move(body));
  response.set(http::field::retry_after, std::to_string(retry_after.count()));
  return response;
}

/// Counts the connection against its client's caps; false when it was answered 429 or dropped.
/// `ticket` is empty for a trusted proxy's connection: its client is the one the proxy names.
template <class Stream>
net::awaitable<bool> admit(Stream& stream, const HttpRequest& request, const AddressLimits::Address& peer,
                           std::optional<AddressLimits::Ticket>& ticket, const ListenerContext& context) {
  auto& limits = *context.address_limits;
  auto client = peer;
  if (!ticket) {
    client = limits.client_address(peer, request["X-Forwarded-For"]);
    ticket = limits.open(client);
    if (!ticket) co_return false;
  }
  const std::string who = AddressLimits::describe(client);
  if (!ticket->admitted()) {
    spdlog::info("refused a connection from {}: too many open (--max-connections-per-address)", who);
    co_await send_response(stream, too_many(request.version(), kConnectionRetry, "too many connections from " + who + "\n"));
    co_return false;
  }
  if (!beast::websocket::is_upgrade(request)) co_return true;  // health checks and files are no logins
  const auto wait = limits.login_wait(client, AddressLimits::Clock::now());
  if (wait == AddressLimits::Clock::duration::zero()) co_return true;
  const auto seconds = std::chrono::ceil<std::chrono::seconds>(wait);
  spdlog::info("refused a login from {}: too many per minute (--logins-per-minute)", who);
  co_await send_response(stream, too_many(request.version(), seconds,
                                          "too many logins from " + who + "; try again in " +
                                              std::to_string(seconds.count()) + " s\n"));
  co_return false;
}

template <class Stream>
net::awaitable<void> serve_http(Stream stream, AddressLimits::Address peer, std::optional<AddressLimits::Ticket> ticket,
                                const ListenerContext& context) {
  beast::flat_buffer buffer;
  http::request_parser<http::string_body> parser;
  parser.body_limit(kMaxRequestBody);
  beast::get_lowest_layer(stream).expires_after(context.limits.handshake_timeout);
  beast::error_code ec;
  co_await http::async_read(stream, buffer, parser, net::redirect_error(net::use_awaitable, ec));
  if (ec) {
    spdlog::debug("http request failed: {}", ec.message());
    co_return;
  }
  auto request = parser.release();
  if (!co_await admit(stream, request, peer, ticket, context)) co_return;
  const auto route = route_request(request.target());
  if (co_await serve_web(stream, request, route, *ticket, context)) co_return;  // files, MDN, origins
  switch (route.kind) {
    case RouteKind::health:
      co_await send_response(stream, text_response(http::status::ok, request.version(), "ok\n"));
      co_return;
    case RouteKind::not_found:
      co_await send_response(stream, text_response(http::status::not_found, request.version(), "not found\n"));
      co_return;
    case RouteKind::chat:
      if (!beast::websocket::is_upgrade(request)) {
        co_await send_response(stream, text_response(http::status::upgrade_required, request.version(),
                                                     "/chat/{username} is a WebSocket endpoint\n"));
        co_return;
      }
      std::make_shared<WsSession<Stream>>(std::move(stream), *context.roster, context.limits, route.username,
                                          route.delta_presence, route.resume, std::move(*ticket))
          ->start(std::move(request));
      co_return;
  }
}

net::awaitable<void> serve_connection(tcp::socket socket, AddressLimits::Address peer,
                                      std::optional<AddressLimits::Ticket> ticket, const ListenerContext& context) {
  beast::tcp_stream stream(std::move(socket));
  if (context.tls == nullptr) {
    co_await serve_http(std::move(stream), peer, std::move(ticket), context);
    co_return;
  }
  beast::ssl_stream<beast::tcp_stream> tls(std::move(stream), *context.tls);
  beast::get_lowest_layer(tls).expires_after(context.limits.handshake_timeout);
  beast::error_code ec;
  co_await tls.async_handshake(net::ssl::stream_base::server, net::redirect_error(net::use_awaitable, ec));
  if (ec) {
    spdlog::debug("TLS handshake failed: {}", ec.message());
    co_return;
  }
  co_await serve_http(std::move(tls), peer, std::move(ticket), context);
}

void log_failure(const std::exception_ptr& error) {
  if (!error) return;
  try {
    std::rethrow_exception(error);
  } catch (const std::exception& e) {
    spdlog::error("connection failed: {}", e.what());
  }
}

void serve(tcp::socket socket, const ListenerContext& context) {
  beast::error_code ec;
  const auto peer = socket.remote_endpoint(ec).address();
  if (ec) return;  // gone already
  // Counted from the first byte, so that one host cannot hold every descriptor in handshakes.
  // A trusted proxy's connections are counted once its request names the client.
  std::optional<AddressLimits::Ticket> ticket;
  if (!context.address_limits->trusts(peer)) {
    ticket = context.address_limits->open(peer);
    if (!ticket) {
      spdlog::debug("dropped a connection from {}: twice --max-connections-per-address open",
                    AddressLimits::describe(peer));
      return;
    }
  }
  socket.set_option(tcp::no_delay(true), ec);
  const auto executor = socket.get_executor();
  net::co_spawn(executor, serve_connection(std::move(socket), peer, std::move(ticket), context), log_failure);
}

net::awaitable<void> accept_loop(tcp::acceptor& acceptor, const ListenerContext& context) {
  acceptor.non_blocking(true);  // the batch below must never block the event loop
  for (;;) {
    beast::error_code ec;
    tcp::socket socket = co_await acceptor.async_accept(net::make_strand(acceptor.get_executor()),
                                                        net::redirect_error(net::use_awaitable, ec));
    if (ec == net::error::operation_aborted || !acceptor.is_open()) co_return;
    if (ec) {
      // Typically EMFILE: back off briefly instead of spinning.
      spdlog::warn("accept failed: {}", ec.message());
      net::steady_timer pause(acceptor.get_executor(), std::chrono::milliseconds(50));
      co_await pause.async_wait(net::redirect_error(net::use_awaitable, ec));
      continue;
    }
    serve(std::move(socket), context);
    // Drain the accept queue now: under load the reactor runs rarely, and one accept per run
    // would starve new logins behind the presence traffic of those already in.
    for (int i = 0; i < kAcceptBatch; ++i) {
      tcp::socket more(net::make_strand(acceptor.get_executor()));
      acceptor.accept(more, ec);
      if (ec) break;
      serve(std::move(more), context);
    }
  }
}

}  // namespace

void start_listener(tcp::acceptor& acceptor, const ListenerContext& context) {
  net::co_spawn(acceptor.get_executor(), accept_loop(acceptor, context), [](std::exception_ptr error) {
    if (error) log_failure(error);
    spdlog::info("no longer accepting connections");
  });
}

}  // namespace clivrt::server
