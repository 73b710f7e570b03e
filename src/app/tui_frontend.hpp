#pragma once
// The full-screen front end: adapts the application's Presenter to tui::TerminalUi, draws call
// video into its video pane, and feeds typed lines and completion requests to the ClientApp.
// Loop thread only.
#include <memory>

#include "presenter.hpp"

namespace boost::asio {
class io_context;
}

namespace clivrt::app {

class ClientApp;

class TuiFrontend {
 public:
  TuiFrontend(boost::asio::io_context& io, const VideoSettings& video);
  ~TuiFrontend();
  /// Valid before attach(); events shown before it are kept and drawn once the screen exists.
  Presenter& presenter();
  /// Takes over the terminal and starts reading keys for `app`.
  void attach(ClientApp& app);

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace clivrt::app
