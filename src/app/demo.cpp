#include "demo.hpp"

#include "clivrt/server/signaling_server.hpp"
#include "echo_bot.hpp"

namespace clivrt::app {

Demo::Demo(boost::asio::io_context& io, config::Settings& settings) {
  server::ServerOptions options;
  options.host = "127.0.0.1";
  options.port = 0;
  server_ = std::make_unique<server::SignalingServer>(options);
  const auto port = server_->start(1);
  settings.signaling_url = "ws://127.0.0.1:" + std::to_string(port);
  // Everything runs on this machine: offer loopback to ICE (libnice never gathers it itself).
  settings.ice_addresses = {"127.0.0.1"};
  echo_ = std::make_unique<EchoBot>(io, settings);
  echo_->start(settings.signaling_url);
}

Demo::~Demo() {
  echo_.reset();
  server_->stop();
}

}  // namespace clivrt::app
