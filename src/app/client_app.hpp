#pragma once
// The client's state and behaviour: login, roster, chat, commands; calls are delegated to
// CallController. Owned by and used on the loop thread only; it never draws anything itself:
// everything shown goes through the Presenter.
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "call_host.hpp"
#include "clivrt/config/settings.hpp"
#include "clivrt/protocol/messages.hpp"
#include "clivrt/signaling/signaling_client.hpp"
#include "presenter.hpp"
#include "roster.hpp"

namespace boost::asio {
class io_context;
}

namespace clivrt::app {

class CallController;

class ClientApp final : private CallHost {
 public:
  ClientApp(boost::asio::io_context& io, config::Settings settings, Presenter& presenter,
            std::function<void()> on_quit);
  ~ClientApp();
  ClientApp(const ClientApp&) = delete;
  ClientApp& operator=(const ClientApp&) = delete;

  /// Greets, shows config warnings and logs in if a name is configured.
  void start();
  /// Runs one command line typed by the user.
  void handle_line(std::string_view line);
  /// Completion candidates for the word starting at `word_start`.
  std::vector<std::string> complete(std::string_view line, std::size_t word_start) const;
  /// Hangs up, logs out and calls on_quit once the close frame had a moment to leave.
  void quit();

  const config::Settings& settings() const override { return settings_; }

  // The commands (command_table.cpp's rows call these; the call commands are CallController's).
  void login(const std::vector<std::string>& args);
  void logout(const std::vector<std::string>& args);
  void lookup();
  void say(std::string_view text);
  void set(const std::vector<std::string>& args);
  void help(const std::vector<std::string>& args);
  CallController& calls() { return *calls_; }

 private:
  void run_command(const std::vector<std::string>& words, std::string_view line);

  void on_connection(const signaling::ConnectionStatus& status);
  void on_server_message(const protocol::Json& message);
  void on_incoming(protocol::Incoming message);
  void on_refused(std::string reason);

  void emit(EventKind kind, std::string type, std::string text,
            nlohmann::json data = nlohmann::json::object()) override;
  void update_status();
  bool logged_in() const { return !login_name_.empty(); }

  // CallHost
  boost::asio::io_context& io() override { return io_; }
  bool send(const protocol::Json& message) override;
  void status_changed() override { update_status(); }
  std::string online_as() const override;
  bool is_online(const std::string& user) const override { return roster_.contains(user); }
  void check_server_alive() override { signaling_.check_alive(); }
  Presenter& presenter() override { return presenter_; }

  boost::asio::io_context& io_;
  config::Settings settings_;
  Presenter& presenter_;
  std::function<void()> on_quit_;
  signaling::SignalingClient signaling_;
  std::unique_ptr<CallController> calls_;
  Roster roster_;
  std::string login_name_;  // non-empty from `login` until `logout`
  signaling::ConnectionStatus connection_;
  bool roster_announced_ = false;  // the first userlist after (re)connecting is announced once
  bool quitting_ = false;
  StatusModel last_status_;
};

}  // namespace clivrt::app
