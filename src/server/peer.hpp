#pragma once
// What the roster knows about a logged-in connection. Implemented by WsSession; the roster
// never sees the socket type (plain or TLS).
#include <memory>
#include <string>

namespace clivrt::server {

/// A serialized frame, built once and shared by every recipient of a broadcast.
using SharedFrame = std::shared_ptr<const std::string>;

inline SharedFrame make_frame(std::string text) { return std::make_shared<const std::string>(std::move(text)); }

class Peer {
 public:
  virtual ~Peer() = default;
  /// Fixed at construction; any thread.
  virtual const std::string& name() const = 0;
  virtual bool wants_delta() const = 0;
  /// The token this connection was issued (resume_token.hpp); empty if it asked for none.
  /// Fixed at construction; any thread.
  virtual const std::string& resume_token() const = 0;
  /// Any thread. Queues a text frame; a full send queue closes the peer (slow reader).
  virtual void deliver(SharedFrame frame) = 0;
  /// Any thread. Starts the closing handshake with `code` (RFC 6455 §7.4).
  virtual void close(unsigned short code, std::string reason) = 0;
};

}  // namespace clivrt::server
