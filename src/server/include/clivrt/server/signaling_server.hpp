#pragma once
// clivrt's WebSocket signaling server (docs/protocol.md), usable in-process: the client's demo
// embeds it. Boost.Asio/Beast stay behind the pimpl.
//
// Threads: start() and stop() are called from the owner's thread (never from a server thread);
// the server itself runs on its own background thread(s).
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "clivrt/server/turn_credentials.hpp"

namespace clivrt::server {

struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;                // 0 = ephemeral; start() returns the bound port
  std::string cert_file, key_file;          // both set = wss:// (TLS); both empty = ws://
  std::size_t max_frame_bytes = 64 * 1024;  // larger frames close the connection with 1009
  double rate_per_second = 50;              // token bucket per connection; floods are closed with 1008
  double rate_burst = 200;
  std::chrono::seconds ping_interval{15};                   // 0 = no pings
  std::chrono::seconds idle_timeout{45};                    // nothing received for this long: closed; 0 = never
  std::size_t max_connections = 20000;                      // logged-in users; more are refused (server-full)
  std::size_t max_connections_per_address = 64;             // open at once from one client address; 0 = no cap
  double logins_per_minute = 60;                            // logins per client address and minute; 0 = no cap
  std::vector<std::string> trusted_proxies;                 // their X-Forwarded-For names the client
  std::chrono::milliseconds legacy_userlist_interval{500};  // at most one full userlist per this
  std::chrono::milliseconds presence_batch_window{50};      // delta presence batching window
  std::chrono::seconds handshake_timeout{10};               // TLS + HTTP + WebSocket handshake, and close
  std::size_t max_queued_messages = 1024;                   // per-connection send queue; beyond it the slow
  std::size_t max_queued_bytes = 4 * 1024 * 1024;           // reader is closed (1008)
  std::string web_root;                                     // web client files served over http(s); empty = none (404)
  std::vector<std::string> allowed_origins;                 // browser Origins allowed to connect; empty = same origin
  IceServerConfig ice;  // STUN/TURN servers handed to every client at login (ice-servers)
};

class SignalingServer {
 public:
  explicit SignalingServer(ServerOptions options);
  ~SignalingServer();  // stops
  SignalingServer(const SignalingServer&) = delete;
  SignalingServer& operator=(const SignalingServer&) = delete;

  /// Binds, starts serving on `threads` background threads and returns the bound port.
  /// Throws std::runtime_error with a one-line reason on bind, certificate or key failure.
  std::uint16_t start(int threads = 1);

  /// Graceful: stops accepting, sends a close frame (1001 going away) to every connection,
  /// waits briefly for the closing handshakes, then joins the threads. Idempotent.
  void stop();

  /// True when serving TLS (wss://).
  bool tls() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace clivrt::server
