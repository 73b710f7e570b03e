#pragma once
// `clivrt --demo`: an embedded signaling server on loopback and the `echo` peer, so a newcomer
// sees a working client within seconds, without a server or a friend.
#include <memory>
#include <string>

#include "clivrt/config/settings.hpp"

namespace boost::asio {
class io_context;
}

namespace clivrt::server {
class SignalingServer;
}

namespace clivrt::app {

class EchoBot;

class Demo {
 public:
  /// Starts the server on 127.0.0.1 (ephemeral port) and points `settings` at it.
  Demo(boost::asio::io_context& io, config::Settings& settings);
  ~Demo();

 private:
  std::unique_ptr<server::SignalingServer> server_;
  std::unique_ptr<EchoBot> echo_;
};

}  // namespace clivrt::app
