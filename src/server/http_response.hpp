#pragma once
// HTTP answers other than the WebSocket upgrade: the web client's static files (GET/HEAD only,
// with the security headers of docs/protocol.md) and the small text answers. Private header:
// Beast inside; send_response() works on ws:// and wss:// streams alike.
#include <boost/asio/awaitable.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <filesystem>
#include <string>
#include <type_traits>

namespace clivrt::server {

using HttpRequest = boost::beast::http::request<boost::beast::http::string_body>;
using HttpResponse = boost::beast::http::response<boost::beast::http::string_body>;

/// A plain-text answer (Server header, Connection: close).
HttpResponse text_response(boost::beast::http::status status, unsigned version, std::string body);

/// The answer to a request for a web file under `web_root` (empty root: 404 for everything):
/// 200 with the file (HEAD: headers only), 400 for a traversal attempt, 404, or 405 for methods
/// other than GET/HEAD. Every answer carries the security headers.
HttpResponse static_response(const HttpRequest& request, const std::filesystem::path& web_root);

/// Writes `response`, then ends the connection (TCP shutdown, or TLS close_notify).
template <class Stream>
boost::asio::awaitable<void> send_response(Stream& stream, HttpResponse response) {
  namespace net = boost::asio;
  boost::beast::error_code ec;
  co_await boost::beast::http::async_write(stream, response, net::redirect_error(net::use_awaitable, ec));
  if constexpr (std::is_same_v<Stream, boost::beast::tcp_stream>) {
    stream.socket().shutdown(net::ip::tcp::socket::shutdown_send, ec);
  } else {
    co_await stream.async_shutdown(net::redirect_error(net::use_awaitable, ec));
  }
}

}  // namespace clivrt::server
