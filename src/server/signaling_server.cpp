#include "clivrt/server/signaling_server.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/context.hpp>

#include <condition_variable>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>
#include <vector>

#include "listener.hpp"
#include "roster.hpp"

namespace clivrt::server {

namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {
constexpr auto kShutdownGrace = std::chrono::seconds(3);
constexpr unsigned short kGoingAway = 1001;

SessionLimits limits_from(const ServerOptions& o) {
  return SessionLimits{o.max_frame_bytes,
                       o.rate_per_second,
                       o.rate_burst,
                       o.ping_interval,
                       o.idle_timeout,
                       o.handshake_timeout,
                       o.max_queued_messages,
                       o.max_queued_bytes,
                       o.ice.empty() ? nullptr : std::make_shared<const IceServerConfig>(o.ice)};
}

std::unique_ptr<net::ssl::context> make_tls_context(const ServerOptions& o) {
  if (o.cert_file.empty() && o.key_file.empty()) return nullptr;
  if (o.cert_file.empty() || o.key_file.empty()) {
    throw std::runtime_error("TLS needs both a certificate (--cert) and a private key (--key)");
  }
  auto tls = std::make_unique<net::ssl::context>(net::ssl::context::tls_server);
  tls->set_options(net::ssl::context::default_workarounds | net::ssl::context::no_sslv2 | net::ssl::context::no_sslv3 |
                   net::ssl::context::no_tlsv1 | net::ssl::context::no_tlsv1_1);
  boost::system::error_code ec;
  tls->use_certificate_chain_file(o.cert_file, ec);
  if (ec) throw std::runtime_error("cannot load certificate '" + o.cert_file + "': " + ec.message());
  tls->use_private_key_file(o.key_file, net::ssl::context::pem, ec);
  if (ec) throw std::runtime_error("cannot load private key '" + o.key_file + "': " + ec.message());
  return tls;
}
}  // namespace

// Member order matters: the io_context outlives everything holding its I/O objects.
struct SignalingServer::Impl {
  explicit Impl(ServerOptions o)
      : options(std::move(o)),
        roster(ioc.get_executor(), RosterOptions{options.max_connections, options.presence_batch_window,
                                                 options.legacy_userlist_interval}) {}

  ServerOptions options;
  std::optional<AddressLimits> address_limits;  // before the io_context: handlers point at it
  std::unique_ptr<net::ssl::context> tls;
  net::io_context ioc;
  Roster roster;
  tcp::acceptor acceptor{ioc};
  ListenerContext context;
  std::optional<net::executor_work_guard<net::io_context::executor_type>> work;
  std::vector<std::thread> threads;
  std::mutex mutex;
  std::condition_variable idle;
  int running = 0;
  bool started = false;
  bool stopped = false;

  tcp::endpoint resolve() {
    boost::system::error_code ec;
    const auto address = net::ip::make_address(options.host, ec);
    if (!ec) return {address, options.port};
    tcp::resolver resolver(ioc);
    const auto results = resolver.resolve(options.host, std::to_string(options.port), ec);
    if (ec || results.empty()) {
      throw std::runtime_error("cannot resolve host '" + options.host + "': " + ec.message());
    }
    return *results.begin();
  }

  void listen() {
    const auto endpoint = resolve();
    boost::system::error_code ec;
    const auto fail = [&](const char* what) {
      throw std::runtime_error(std::string("cannot ") + what + " " + options.host + ":" + std::to_string(options.port) +
                               ": " + ec.message());
    };
    acceptor.open(endpoint.protocol(), ec);
    if (ec) fail("open a socket for");
    acceptor.set_option(net::socket_base::reuse_address(true), ec);
    if (ec) fail("configure");
    acceptor.bind(endpoint, ec);
    if (ec) fail("bind");
    acceptor.listen(net::socket_base::max_listen_connections, ec);
    if (ec) fail("listen on");
  }
};

SignalingServer::SignalingServer(ServerOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}

SignalingServer::~SignalingServer() { stop(); }

bool SignalingServer::tls() const { return impl_->tls != nullptr; }

std::uint16_t SignalingServer::start(int threads) {
  auto& s = *impl_;
  if (s.started) throw std::runtime_error("the signaling server was already started");
  s.tls = make_tls_context(s.options);
  try {
    s.address_limits.emplace(AddressLimitOptions{s.options.max_connections_per_address, s.options.logins_per_minute,
                                                 parse_addresses(s.options.trusted_proxies)});
  } catch (const std::invalid_argument& e) {
    throw std::runtime_error(std::string("bad trusted proxy: ") + e.what());
  }
  s.listen();
  s.context = ListenerContext{&s.roster,     &*s.address_limits,       limits_from(s.options),
                              s.tls.get(),   s.options.web_root,       s.options.allowed_origins};
  start_listener(s.acceptor, s.context);
  s.work.emplace(s.ioc.get_executor());
  s.started = true;
  const int count = std::max(threads, 1);
  s.running = count;
  for (int i = 0; i < count; ++i) {
    s.threads.emplace_back([&s] {
      try {
        s.ioc.run();
      } catch (const std::exception& e) {
        spdlog::critical("server thread failed: {}", e.what());
      }
      std::lock_guard lock(s.mutex);
      if (--s.running == 0) s.idle.notify_all();
    });
  }
  return s.acceptor.local_endpoint().port();
}

void SignalingServer::stop() {
  auto& s = *impl_;
  if (!s.started || s.stopped) return;
  s.stopped = true;
  net::post(s.ioc, [&s] {
    boost::system::error_code ec;
    s.acceptor.close(ec);
    s.roster.close_all(kGoingAway, "server shutting down");
  });
  s.work.reset();
  {
    // run() returns once every closing handshake is done; a peer that never answers is cut.
    std::unique_lock lock(s.mutex);
    if (!s.idle.wait_for(lock, kShutdownGrace, [&s] { return s.running == 0; })) s.ioc.stop();
  }
  for (auto& thread : s.threads) thread.join();
  s.threads.clear();
  s.roster.clear();
  spdlog::info("signaling server stopped");
}

}  // namespace clivrt::server
