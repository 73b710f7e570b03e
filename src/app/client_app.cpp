#include "client_app.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "call_controller.hpp"
#include "clivrt/common/version.hpp"
#include "command_line_words.hpp"
#include "command_table.hpp"
#include "media_event_loop.hpp"

namespace clivrt::app {

ClientApp::ClientApp(boost::asio::io_context& io, config::Settings settings, Presenter& presenter,
                     std::function<void()> on_quit)
    : io_(io),
      settings_(std::move(settings)),
      presenter_(presenter),
      on_quit_(std::move(on_quit)),
      signaling_(io, signaling::SignalingEvents{
                         [this](const signaling::ConnectionStatus& status) { on_connection(status); },
                         [this](const protocol::Json& message) { on_server_message(message); },
                         [this](std::string problem) { emit(EventKind::warning, "problem", std::move(problem)); },
                         [this](std::string reason) { on_refused(std::move(reason)); }}),
      calls_(std::make_unique<CallController>(
          static_cast<CallHost&>(*this),
          [&io](media::CallOptions options, media::CallEvents events) -> std::unique_ptr<media::MediaSession> {
            return std::make_unique<media::CallSession>(media_event_loop(io), std::move(options), std::move(events));
          })) {}

ClientApp::~ClientApp() = default;

void ClientApp::start() {
  emit(EventKind::info, "hello", std::string("clivrt ") + kVersion + ": type help for commands, Tab completes");
  if (!settings_.config_path.empty()) emit(EventKind::info, "config", "config: " + settings_.config_path);
  for (const auto& warning : settings_.warnings) emit(EventKind::warning, "config", warning);
  update_status();
  if (!settings_.username.empty() || settings_.demo) login({});
}

void ClientApp::emit(EventKind kind, std::string type, std::string text, nlohmann::json data) {
  if (kind == EventKind::error)
    spdlog::warn("{}", text);
  else
    spdlog::info("{}", text);
  presenter_.show(Event{kind, std::move(type), {}, std::move(text), std::move(data), std::chrono::system_clock::now()});
}

void ClientApp::update_status() {
  StatusModel status;
  status.server_connected = connection_.state == signaling::ConnectionState::connected;
  status.server_secure = connection_.secure;
  switch (connection_.state) {
    case signaling::ConnectionState::connected: status.server_text = connection_.detail; break;
    case signaling::ConnectionState::connecting: status.server_text = "connecting to " + connection_.detail; break;
    case signaling::ConnectionState::waiting_to_retry:
      status.server_text = "offline, retrying in " + std::to_string(connection_.retry_in_seconds) + "s";
      break;
    case signaling::ConnectionState::disconnected:
      status.server_text = logged_in() ? "offline" : "not logged in";
      break;
  }
  status.peer_text = calls_->status_text();
  status.peer_connected = calls_->connected();
  status.peer_secure = calls_->secure();
  status.peer_relayed = calls_->relayed();
  status.hint = calls_->hint();
  status.devices = calls_->devices_text();
  if (status == last_status_) return;
  last_status_ = status;
  presenter_.status(status);
}

void ClientApp::handle_line(std::string_view line) {
  std::string error;
  const auto words = split_words(line, error);
  if (!words) {
    emit(EventKind::error, "usage", error);
    return;
  }
  if (words->empty()) return;
  run_command(*words, line);
  update_status();
}

void ClientApp::run_command(const std::vector<std::string>& words, std::string_view line) {
  const std::string& name = words[0];
  const std::vector<std::string> args(words.begin() + 1, words.end());
  const bool wants_help = args.size() == 1 && (args[0] == "-h" || args[0] == "--help");
  const CommandSpec* spec = find_command(name);
  if (!spec) {
    emit(EventKind::error, "usage", "unknown command '" + name + "'; type help for the list");
    return;
  }
  if (wants_help && name != "say") {
    emit(EventKind::info, "help", help_text(name));
    return;
  }
  if (!spec->takes_arguments() && !args.empty()) {
    emit(EventKind::error, "usage", name + " takes no arguments");
    return;
  }
  spec->run(*this, {args, rest_after_first_word(line)});
}

std::vector<std::string> ClientApp::complete(std::string_view line, std::size_t word_start) const {
  // You cannot call yourself: offering your own name would make "call <Tab>" ambiguous.
  auto others = roster_.users();
  std::erase(others, login_name_);
  return complete_command_line(line, word_start, others);
}

void ClientApp::quit() {
  if (quitting_) return;
  quitting_ = true;
  calls_->hang_up("hangup");
  signaling_.disconnect();
  // Give the close frame and hang-up a moment to leave before the loop stops.
  auto timer = std::make_shared<boost::asio::steady_timer>(io_, std::chrono::milliseconds(150));
  timer->async_wait([this, timer](const boost::system::error_code&) { on_quit_(); });
}

bool ClientApp::send(const protocol::Json& message) { return signaling_.send(message); }

std::string ClientApp::online_as() const {
  return connection_.state == signaling::ConnectionState::connected ? login_name_ : std::string();
}

}  // namespace clivrt::app
