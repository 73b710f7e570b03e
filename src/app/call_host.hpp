#pragma once
// What a CallController needs from the rest of the client: ClientApp in the product, a fake in
// call_controller_test. Loop thread only.
#include <string>

#include <nlohmann/json.hpp>

#include "clivrt/config/settings.hpp"
#include "clivrt/protocol/messages.hpp"
#include "presenter.hpp"

namespace boost::asio {
class io_context;
}

namespace clivrt::app {

class CallHost {
 public:
  /// The loop the controller's timers and probes run on.
  virtual boost::asio::io_context& io() = 0;
  virtual const config::Settings& settings() const = 0;
  /// To the signaling server; false (the user was told) when not connected.
  virtual bool send(const protocol::Json& message) = 0;
  virtual void emit(EventKind kind, std::string type, std::string text, nlohmann::json data) = 0;
  /// Something the status bar shows changed.
  virtual void status_changed() = 0;
  /// Our name while logged in and connected to the server, else empty.
  virtual std::string online_as() const = 0;
  virtual bool is_online(const std::string& user) const = 0;
  /// A call's media path broke: make sure the server connection is still alive, now.
  virtual void check_server_alive() = 0;
  virtual Presenter& presenter() = 0;

 protected:
  ~CallHost() = default;
};

}  // namespace clivrt::app
