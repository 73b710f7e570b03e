#pragma once
// The demo's built-in peer "echo": always online, answers chat, and answers calls by sending
// the caller's own picture and sound back, so a newcomer sees a working call alone.
// Loop thread only.
#include <memory>
#include <string>

#include "clivrt/config/settings.hpp"

namespace boost::asio {
class io_context;
}

namespace clivrt::app {

class EchoBot {
 public:
  EchoBot(boost::asio::io_context& io, const config::Settings& settings);
  ~EchoBot();
  EchoBot(const EchoBot&) = delete;
  EchoBot& operator=(const EchoBot&) = delete;

  /// Logs in as "echo" at `server_url`.
  void start(const std::string& server_url);

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace clivrt::app
