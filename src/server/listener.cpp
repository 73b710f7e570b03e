#include "listener.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/ssl.hpp>

#include "clivrt/common/version.hpp"
#include "clivrt/server/route.hpp"
#include "web_gateway.hpp"

namespace clivrt::server {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;

namespace {

constexpr std::size_t kMaxRequestBody = 1024;  // upgrade and health requests have no body
constexpr int kAcceptBatch = 256;              // connections accepted per wake-up of the accept loop

template <class Stream>
net::awaitable<void> respond(Stream& stream, http::status status, unsigned version, std::string body) {
  http::response<http::string_body> response{status, version};
  response.set(http::field::server, std::string("clivrt-server/") + kVersion);
  response.set(http::field::content_type, "text/plain");
  response.keep_alive(false);
  response.body() = std::move(body);
  response.prepare_payload();
  beast::error_code ec;
  co_await http::async_write(stream, response, net::redirect_error(net::use_awaitable, ec));
  if constexpr (std::is_same_v<Stream, beast::tcp_stream>) {
    stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  } else {
    co_await stream.async_shutdown(net::redirect_error(net::use_awaitable, ec));
  }
}

template <class Stream>
net::awaitable<void> serve_http(Stream stream, const ListenerContext& context) {
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
  const auto route = route_request(request.target());
  if (co_await serve_web(stream, request, route, context)) co_return;  // files, MDN, origins
  switch (route.kind) {
    case RouteKind::health: co_await respond(stream, http::status::ok, request.version(), "ok\n"); co_return;
    case RouteKind::not_found:
      co_await respond(stream, http::status::not_found, request.version(), "not found\n");
      co_return;
    case RouteKind::chat:
      if (!beast::websocket::is_upgrade(request)) {
        co_await respond(stream, http::status::upgrade_required, request.version(),
                         "/chat/{username} is a WebSocket endpoint\n");
        co_return;
      }
      std::make_shared<WsSession<Stream>>(std::move(stream), *context.roster, context.limits, route.username,
                                          route.delta_presence, route.resume)
          ->start(std::move(request));
      co_return;
  }
}

net::awaitable<void> serve_connection(tcp::socket socket, const ListenerContext& context) {
  beast::tcp_stream stream(std::move(socket));
  if (context.tls == nullptr) {
    co_await serve_http(std::move(stream), context);
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
  co_await serve_http(std::move(tls), context);
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
  socket.set_option(tcp::no_delay(true), ec);
  const auto executor = socket.get_executor();
  net::co_spawn(executor, serve_connection(std::move(socket), context), log_failure);
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
