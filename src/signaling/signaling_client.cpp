#include "clivrt/signaling/signaling_client.hpp"

#include <openssl/ssl.h>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>

#include <algorithm>
#include <cctype>
#include <deque>
#include <optional>

#include "backoff.hpp"
#include "declined_upgrade.hpp"
#include "clivrt/common/token_bucket.hpp"
#include "clivrt/protocol/codec.hpp"
#include "server_url.hpp"

namespace clivrt::signaling {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = net::ip::tcp;
using net::awaitable;
using net::use_awaitable;

namespace {
constexpr auto kConnectTimeout = std::chrono::seconds(10);
constexpr std::size_t kMaxIncomingFrame = 1024 * 1024;
// Sends are paced below clivrt-server's default limit (50 msg/s, bursts of 200), so that a
// script piping many commands is slowed down instead of being disconnected as a flood.
constexpr double kSendRate = 40;
constexpr double kSendBurst = 150;
// How long check_alive() waits for a pong before it gives the connection up.
constexpr auto kPongDeadline = std::chrono::seconds(3);

// Close codes after which retrying would only fail the same way (see protocol/codec.hpp).
// kReplaced: another connection presented our resume token; two clients fighting over one
// session would take turns forever.
bool is_refusal(unsigned short code) {
  return code == protocol::close_code::kNameTaken || code == protocol::close_code::kInvalidUsername ||
         code == protocol::close_code::kReplaced;
}

// The server's resume token, if `message` is one: it belongs to this class, not to the app.
std::optional<std::string> resume_token_in(const protocol::Json& message) {
  if (!message.is_object() || message.value("type", std::string()) != protocol::kResumeTokenType) return std::nullopt;
  const auto token = message.find("token");
  if (token == message.end() || !token->is_string()) return std::string();
  // It goes into the next request line: only what the server issues (hex digits) is kept.
  auto value = token->get<std::string>();
  const bool hex =
      std::all_of(value.begin(), value.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); });
  if (!hex || value.size() > 64) return std::string();
  return value;
}
}  // namespace

struct SignalingClient::Impl : std::enable_shared_from_this<Impl> {
  net::io_context& io;
  SignalingEvents events;
  ServerUrl url;
  std::string username;
  std::string ca_file;
  unsigned generation = 0;  // bumped by connect()/disconnect(): older loops stop
  bool is_connected = false;
  bool is_secure = false;
  Backoff backoff;
  std::deque<std::string> outbox;
  std::string resume_token;             // from this login's server; presented when reconnecting
  std::function<void()> close_current;  // closes the live socket, if any
  std::function<void()> probe_current;  // pings the live socket, drops it without a pong
  net::steady_timer retry_timer;
  std::chrono::seconds server_retry_after{};  // from the last refused upgrade
  net::steady_timer outbox_signal;
  TokenBucket pacer{kSendRate, kSendBurst, TokenBucket::Clock::now()};

  Impl(net::io_context& context, SignalingEvents e)
      : io(context), events(std::move(e)), retry_timer(context), outbox_signal(context) {}

  void report(ConnectionState state, std::string detail, int retry = 0) {
    if (events.status) events.status({state, is_connected && is_secure, std::move(detail), retry});
  }

  awaitable<void> run(unsigned my_generation);
  template <class Ws>
  awaitable<bool> serve(std::shared_ptr<Ws> ws, unsigned my_generation);
  template <class Ws>
  awaitable<void> write_loop(std::shared_ptr<Ws> ws, unsigned my_generation);
  awaitable<std::string> connect_once(unsigned my_generation, bool& fatal);
  template <class Ws>
  awaitable<std::string> establish(std::shared_ptr<Ws> ws, const tcp::resolver::results_type& endpoints,
                                   unsigned my_generation, bool& fatal);
};

template <class Ws>
awaitable<void> SignalingClient::Impl::write_loop(std::shared_ptr<Ws> ws, unsigned my_generation) {
  auto self = shared_from_this();
  while (generation == my_generation && is_connected) {
    if (outbox.empty()) {
      beast::error_code ec;
      outbox_signal.expires_at(net::steady_timer::time_point::max());
      co_await outbox_signal.async_wait(net::redirect_error(use_awaitable, ec));
      continue;
    }
    beast::error_code ec;
    if (const auto wait = pacer.wait_time(TokenBucket::Clock::now()); wait > TokenBucket::Clock::duration::zero()) {
      net::steady_timer pause(io, wait);
      co_await pause.async_wait(net::redirect_error(use_awaitable, ec));
      continue;
    }
    pacer.try_take(TokenBucket::Clock::now());
    ws->text(true);
    co_await ws->async_write(net::buffer(outbox.front()), net::redirect_error(use_awaitable, ec));
    if (ec) co_return;  // the read side notices and reconnects
    outbox.pop_front();
  }
}

// Reads until the connection ends. Returns false if the server refused us (no retry).
template <class Ws>
awaitable<bool> SignalingClient::Impl::serve(std::shared_ptr<Ws> ws, unsigned my_generation) {
  auto self = shared_from_this();
  if (generation != my_generation) co_return false;  // disconnect() came during the handshake
  // disconnect() sends a close frame; the read below then ends with error::closed.
  close_current = [ws] { ws->async_close(websocket::close_code::normal, [ws](beast::error_code) {}); };
  auto pong_deadline = std::make_shared<net::steady_timer>(io);
  ws->control_callback([pong_deadline](websocket::frame_type kind, beast::string_view) {
    if (kind == websocket::frame_type::pong) pong_deadline->cancel();
  });
  probe_current = [ws, pong_deadline] {
    pong_deadline->expires_after(kPongDeadline);
    pong_deadline->async_wait([ws](beast::error_code ec) {
      if (!ec) beast::get_lowest_layer(*ws).socket().close(ec);  // the read fails: reconnect
    });
    ws->async_ping({}, [](beast::error_code) {});
  };
  is_connected = true;
  backoff.reset();
  report(ConnectionState::connected, username + " @ " + url.authority());
  net::co_spawn(io, write_loop(ws, my_generation), net::detached);
  beast::flat_buffer buffer;
  for (;;) {
    beast::error_code ec;
    co_await ws->async_read(buffer, net::redirect_error(use_awaitable, ec));
    if (generation != my_generation) co_return false;
    if (ec) {
      close_current = nullptr;
      probe_current = nullptr;
      pong_deadline->cancel();
      is_connected = false;
      outbox_signal.cancel();
      const auto reason = ws->reason();
      if (ec == websocket::error::closed && is_refusal(reason.code)) {
        if (events.fatal) events.fatal("login refused: " + std::string(reason.reason.c_str()));
        co_return false;
      }
      const std::string why =
          ec == websocket::error::closed
              ? "server closed the connection" +
                    (reason.reason.empty() ? std::string() : ": " + std::string(reason.reason.c_str()))
              : "connection lost: " + ec.message();
      report(ConnectionState::disconnected, why);
      co_return true;
    }
    const std::string frame = beast::buffers_to_string(buffer.data());
    buffer.consume(buffer.size());
    std::string error;
    auto message = protocol::parse_frame(frame, error);
    if (!message) {
      if (events.problem) events.problem("ignored a malformed message from the server: " + error);
      continue;
    }
    if (auto token = resume_token_in(*message)) {
      resume_token = std::move(*token);
      continue;
    }
    if (events.message) events.message(std::move(*message));
    if (generation != my_generation) co_return false;
  }
}

// TCP connect, TLS handshake when Ws is a TLS stream, WebSocket handshake, then serve().
// Returns an error message, or "" once a served connection ended.
template <class Ws>
awaitable<std::string> SignalingClient::Impl::establish(std::shared_ptr<Ws> ws,
                                                        const tcp::resolver::results_type& endpoints,
                                                        unsigned my_generation, bool& fatal) {
  auto self = shared_from_this();
  beast::error_code ec;
  beast::get_lowest_layer(*ws).expires_after(kConnectTimeout);
  co_await beast::get_lowest_layer(*ws).async_connect(endpoints, net::redirect_error(use_awaitable, ec));
  if (ec) co_return "server unreachable at " + url.authority() + ": " + ec.message();
  constexpr bool kTls = !std::is_same_v<typename Ws::next_layer_type, beast::tcp_stream>;
  if constexpr (kTls) {
    co_await ws->next_layer().async_handshake(net::ssl::stream_base::client, net::redirect_error(use_awaitable, ec));
    if (ec) {
      const long verify = SSL_get_verify_result(ws->next_layer().native_handle());
      if (verify != X509_V_OK) {
        fatal = true;  // retrying cannot fix a certificate; never fall back to ws://
        co_return "certificate of " + url.host + " not trusted: " + X509_verify_cert_error_string(verify);
      }
      co_return "TLS handshake with " + url.authority() + " failed: " + ec.message();
    }
  }
  beast::get_lowest_layer(*ws).expires_never();
  ws->read_message_max(kMaxIncomingFrame);
  websocket::stream_base::timeout timeouts{};
  timeouts.handshake_timeout = std::chrono::seconds(10);
  timeouts.idle_timeout = std::chrono::seconds(20);  // pings keep it alive; a dead server is noticed
  timeouts.keep_alive_pings = true;
  ws->set_option(timeouts);
  ws->set_option(websocket::stream_base::decorator(
      [](websocket::request_type& request) { request.set(beast::http::field::user_agent, "clivrt"); }));
  websocket::response_type response;
  co_await ws->async_handshake(response, url.authority(), url.chat_target(username) + "&resume=" + resume_token,
                               net::redirect_error(use_awaitable, ec));
  if (ec == websocket::error::upgrade_declined) {
    auto declined = describe_declined_upgrade(response.result_int(), response.reason(), response.body(),
                                              response[beast::http::field::retry_after]);
    server_retry_after = declined.retry_after;
    co_return declined.reason;
  }
  if (ec) co_return "WebSocket handshake with " + url.authority() + " failed: " + ec.message();
  is_secure = kTls;
  fatal = !co_await serve(ws, my_generation);
  co_return std::string();
}

awaitable<std::string> SignalingClient::Impl::connect_once(unsigned my_generation, bool& fatal) {
  auto self = shared_from_this();
  beast::error_code ec;
  tcp::resolver resolver(io);
  const auto endpoints = co_await resolver.async_resolve(url.host, url.port, net::redirect_error(use_awaitable, ec));
  if (ec) co_return "cannot resolve " + url.host + ": " + ec.message();
  if (!url.secure) {
    co_return co_await establish(std::make_shared<websocket::stream<beast::tcp_stream>>(io), endpoints, my_generation,
                                 fatal);
  }
  net::ssl::context tls(net::ssl::context::tls_client);
  tls.set_default_verify_paths();
  if (!ca_file.empty()) {
    tls.load_verify_file(ca_file, ec);
    if (ec) {
      fatal = true;
      co_return "cannot load CA file " + ca_file + ": " + ec.message();
    }
  }
  tls.set_verify_mode(net::ssl::verify_peer);
  auto ws = std::make_shared<websocket::stream<beast::ssl_stream<beast::tcp_stream>>>(io, tls);
  ws->next_layer().set_verify_callback(net::ssl::host_name_verification(url.host));
  // SNI, so that a server hosting several names presents the right certificate.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wold-style-cast"
  if (!SSL_set_tlsext_host_name(ws->next_layer().native_handle(), url.host.c_str())) {
    co_return "cannot set TLS server name";
  }
#pragma GCC diagnostic pop
  co_return co_await establish(ws, endpoints, my_generation, fatal);
}

awaitable<void> SignalingClient::Impl::run(unsigned my_generation) {
  auto self = shared_from_this();
  while (generation == my_generation) {
    report(ConnectionState::connecting, url.authority());
    bool fatal = false;
    const std::string error = co_await connect_once(my_generation, fatal);
    is_connected = false;
    if (generation != my_generation) co_return;
    if (fatal) {
      if (!error.empty() && events.fatal) events.fatal(error);
      report(ConnectionState::disconnected, error.empty() ? "login refused" : error);
      co_return;
    }
    // Never sooner than the server asked (Retry-After of a refused upgrade).
    const auto delay = std::max<std::chrono::milliseconds>(backoff.next(), std::exchange(server_retry_after, {}));
    const int seconds = static_cast<int>((delay.count() + 999) / 1000);
    report(ConnectionState::waiting_to_retry, error.empty() ? "connection lost" : error, seconds);
    retry_timer.expires_after(delay);
    beast::error_code ec;
    co_await retry_timer.async_wait(net::redirect_error(use_awaitable, ec));
  }
}

SignalingClient::SignalingClient(net::io_context& io, SignalingEvents events)
    : impl_(std::make_shared<Impl>(io, std::move(events))) {}

SignalingClient::~SignalingClient() {
  impl_->events = {};
  disconnect();
}

std::string SignalingClient::connect(const std::string& url, const std::string& username, const std::string& ca_file) {
  std::string error;
  auto parsed = parse_server_url(url, error);
  if (!parsed) return error;
  disconnect();
  impl_->url = std::move(*parsed);
  impl_->username = username;
  impl_->ca_file = ca_file;
  impl_->resume_token.clear();  // a fresh login, not a resumption
  impl_->backoff.reset();
  net::co_spawn(impl_->io, impl_->run(++impl_->generation), net::detached);
  return {};
}

bool SignalingClient::send(const protocol::Json& message) {
  if (!impl_->is_connected) return false;
  impl_->outbox.push_back(protocol::serialize(message));
  impl_->outbox_signal.cancel();
  return true;
}

void SignalingClient::disconnect() {
  ++impl_->generation;
  impl_->retry_timer.cancel();
  impl_->outbox_signal.cancel();
  impl_->outbox.clear();
  impl_->probe_current = nullptr;
  if (impl_->close_current) std::exchange(impl_->close_current, nullptr)();
  const bool was_connected = impl_->is_connected;
  impl_->is_connected = false;
  if (was_connected) impl_->report(ConnectionState::disconnected, "logged out");
}

void SignalingClient::check_alive() {
  if (impl_->probe_current) impl_->probe_current();
}

bool SignalingClient::connected() const { return impl_->is_connected; }
const std::string& SignalingClient::username() const { return impl_->username; }

}  // namespace clivrt::signaling
