#pragma once
// WebSocket client for clivrt-server: logs in as a user, delivers messages, and reconnects with
// backoff under the same name until disconnect(). Every login asks for a resume token and every
// reconnect presents it, so that after an address change the server hands the name straight back
// (docs/protocol.md, "Session resumption") instead of refusing it until the dead connection times
// out. wss:// verifies the server certificate
// against the system trust store (plus an optional CA file); a failed verification is an error,
// never a silent downgrade. Loop thread only: construct, call and destroy on the io_context's
// thread; events are delivered there too.
#include <functional>
#include <memory>
#include <string>

#include "clivrt/protocol/codec.hpp"

namespace boost::asio {
class io_context;
}

namespace clivrt::signaling {

enum class ConnectionState { disconnected, connecting, connected, waiting_to_retry };

struct ConnectionStatus {
  ConnectionState state = ConnectionState::disconnected;
  bool secure = false;       // connected over verified TLS
  std::string detail;        // human-readable reason or target, e.g. "Connection refused"
  int retry_in_seconds = 0;  // with waiting_to_retry
};

struct SignalingEvents {
  std::function<void(const ConnectionStatus&)> status;
  std::function<void(protocol::Json)> message;  // a well-formed frame from the server
  std::function<void(std::string)> problem;     // malformed frame etc.: shown, never fatal
  std::function<void(std::string)> fatal;       // refused login or bad certificate: no retry
};

class SignalingClient {
 public:
  SignalingClient(boost::asio::io_context& io, SignalingEvents events);
  ~SignalingClient();
  SignalingClient(const SignalingClient&) = delete;
  SignalingClient& operator=(const SignalingClient&) = delete;

  /// Starts connecting (any previous connection is closed). Returns an error message for a bad
  /// URL, else an empty string.
  std::string connect(const std::string& url, const std::string& username, const std::string& ca_file);
  /// Queues a message; false if not connected.
  bool send(const protocol::Json& message);
  /// Closes with a close frame and stops reconnecting.
  void disconnect();
  /// Pings the server now; a connection that has not answered within a few seconds is dropped
  /// and re-established. For when something else (a call's media path) says the network changed.
  void check_alive();

  bool connected() const;
  const std::string& username() const;

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace clivrt::signaling
