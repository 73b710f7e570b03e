// The commands about the session with the server: login, logout, lookup, say, set, help.
#include <CLI/CLI.hpp>

#include <utility>

#include "anonymous_name.hpp"
#include "call_controller.hpp"
#include "client_app.hpp"
#include "clivrt/protocol/codec.hpp"
#include "clivrt/protocol/username.hpp"
#include "command_args.hpp"
#include "command_table.hpp"
#include "settings_commands.hpp"

namespace clivrt::app {

namespace {
// clivrt-server closes the connection on frames over 64 KiB (its default --max-frame-bytes):
// a long paste must be refused here, not cost the connection and vanish.
constexpr std::size_t kMaxChatFrameBytes = 32 * 1024;
}  // namespace

void ClientApp::login(const std::vector<std::string>& args) {
  CLI::App parser;
  std::string user = settings_.username;
  std::string server = settings_.signaling_url;
  parser.add_option("--user", user);
  parser.add_option("--server", server);
  std::string error;
  if (!parse_command_args(parser, args, std::string(find_command("login")->usage), error)) {
    emit(EventKind::error, "usage", "login: " + error);
    return;
  }
  if (logged_in()) {
    emit(EventKind::error, "login", "already logged in as " + login_name_ + "; logout first");
    return;
  }
  if (user.empty()) user = anonymous_name();
  if (!protocol::is_valid_username(user)) {
    emit(EventKind::error, "login", "invalid username '" + user + "': " + std::string(protocol::kUsernameRules));
    return;
  }
  if (const std::string problem = signaling_.connect(server, user, settings_.ca_file); !problem.empty()) {
    emit(EventKind::error, "login", "cannot log in: " + problem);
    return;
  }
  login_name_ = user;
  settings_.signaling_url = server;
  roster_.clear();
  roster_announced_ = false;
  emit(EventKind::info, "login", "logging in to " + server + " as " + user + "…", {{"user", user}, {"server", server}});
}

void ClientApp::logout(const std::vector<std::string>& args) {
  CLI::App parser;
  bool force = false;
  parser.add_flag("-f,--force", force);
  std::string error;
  if (!parse_command_args(parser, args, std::string(find_command("logout")->usage), error)) {
    emit(EventKind::error, "usage", "logout: " + error);
    return;
  }
  if (!logged_in()) {
    emit(EventKind::error, "logout", "not logged in");
    return;
  }
  if (calls_->busy()) {
    if (!force) {
      emit(EventKind::error, "logout", "you are in a call: hangup first, or logout -f");
      return;
    }
    calls_->hang_up("hangup");
  }
  // Forget the name first: the disconnect is ours, not a connection lost to report.
  const std::string name = std::exchange(login_name_, {});
  signaling_.disconnect();
  emit(EventKind::info, "logout", "logged out (was " + name + ")");
  roster_.clear();
  connection_ = {};
}

void ClientApp::lookup() {
  if (!logged_in()) {
    emit(EventKind::error, "lookup", "not logged in: login first");
    return;
  }
  if (connection_.state != signaling::ConnectionState::connected) {
    emit(EventKind::error, "lookup", "not connected to the server yet (" + connection_.detail + ")");
    return;
  }
  const auto users = roster_.users();
  std::string text = std::to_string(users.size()) + (users.size() == 1 ? " user" : " users") + " online:";
  for (const auto& user : users) text += " " + user + (user == login_name_ ? " (you)" : "");
  emit(EventKind::info, "userlist", text, {{"users", users}});
}

void ClientApp::say(std::string_view text) {
  if (text.empty()) {
    emit(EventKind::error, "usage", "say needs a message (usage: say <message>)");
    return;
  }
  if (!logged_in()) {
    emit(EventKind::error, "say", "not logged in: login first");
    return;
  }
  const auto message = protocol::encode_chat(text);
  if (const std::size_t size = protocol::serialize(message).size(); size > kMaxChatFrameBytes) {
    emit(EventKind::error, "say",
         "not sent: the message is too long (" + std::to_string(size / 1024) + " KiB; at most " +
             std::to_string(kMaxChatFrameBytes / 1024) + " KiB)");
    return;
  }
  if (!send(message)) {
    emit(EventKind::error, "say", "not sent: not connected to the server (reconnecting)");
  }
  // The server echoes broadcasts to the sender: the message is shown when it comes back.
}

void ClientApp::set(const std::vector<std::string>& args) {
  if (args.size() != 2) {
    emit(EventKind::error, "usage", "usage: set <key> <value>");
    return;
  }
  if (const std::string problem = apply_runtime_setting(settings_, args[0], args[1]); !problem.empty()) {
    emit(EventKind::error, "set", problem);
    return;
  }
  calls_->settings_changed();
  emit(EventKind::info, "set", args[0] + " = " + args[1]);
}

void ClientApp::help(const std::vector<std::string>& args) {
  if (args.size() > 1) {
    emit(EventKind::error, "usage", "usage: help [command]");
    return;
  }
  emit(EventKind::info, "help", help_text(args.empty() ? std::string_view{} : std::string_view(args[0])));
}

}  // namespace clivrt::app
