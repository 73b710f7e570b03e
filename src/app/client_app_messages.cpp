// What the client does with the server connection's events and messages.
#include <spdlog/spdlog.h>

#include "call_controller.hpp"
#include "client_app.hpp"
#include "clivrt/protocol/username.hpp"

namespace clivrt::app {

namespace {
template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
}  // namespace

void ClientApp::on_connection(const signaling::ConnectionStatus& status) {
  const auto previous = connection_.state;
  connection_ = status;
  using signaling::ConnectionState;
  if (status.state == ConnectionState::connected) {
    // Not "logged in" yet: the server refuses a login (name taken) after the handshake. Its
    // first userlist is the acceptance; on_incoming announces the login then.
    roster_announced_ = false;
  } else if (status.state == ConnectionState::waiting_to_retry) {
    emit(EventKind::warning, "disconnected",
         status.detail + "; retrying in " + std::to_string(status.retry_in_seconds) + "s",
         {{"retry_in", status.retry_in_seconds}});
  } else if (status.state == ConnectionState::disconnected && previous == ConnectionState::connected && logged_in() &&
             !quitting_) {
    emit(EventKind::warning, "disconnected", status.detail);
  }
  update_status();
}

void ClientApp::on_refused(std::string reason) {
  emit(EventKind::error, "login-refused", std::move(reason));
  login_name_.clear();
  roster_.clear();
  connection_ = {};
  update_status();
}

void ClientApp::on_server_message(const protocol::Json& message) {
  std::string error;
  auto incoming = protocol::decode_incoming(message, error);
  if (!incoming) {
    emit(EventKind::warning, "problem", "ignored a malformed message: " + error);
    return;
  }
  on_incoming(std::move(*incoming));
  update_status();
}

void ClientApp::on_incoming(protocol::Incoming message) {
  std::visit(Overloaded{
                 [this](protocol::ChatMessage& chat) {
                   const bool from_server = chat.from == protocol::kServerName;
                   Event event{from_server ? EventKind::info
                                           : (chat.from == login_name_ ? EventKind::self_chat : EventKind::chat),
                               "chat",
                               chat.from,
                               chat.text,
                               {{"from", chat.from}},
                               std::chrono::system_clock::now()};
                   presenter_.show(event);
                 },
                 [this](protocol::UserList& list) {
                   roster_.replace(list);
                   const bool first_since_login = !roster_announced_;
                   if (first_since_login) {
                     roster_announced_ = true;
                     emit(EventKind::info, "connected",
                          std::string(connection_.secure ? "🔒 " : "🔓 ") + "logged in as " + connection_.detail +
                              (connection_.secure ? " (TLS verified)" : " (not encrypted)"),
                          {{"user", login_name_}, {"secure", connection_.secure}});
                     lookup();
                   }
                   calls_->roster_changed();
                   if (first_since_login) calls_->logged_in_again();
                 },
                 [this](protocol::Presence& delta) {
                   // Names are raw here like every network string; presenters sanitize at display.
                   const auto change = roster_.apply(delta);
                   for (const auto& name : change.left) {
                     if (name != login_name_) emit(EventKind::info, "left", name + " left", {{"user", name}});
                   }
                   for (const auto& name : change.joined) {
                     if (name != login_name_) emit(EventKind::info, "joined", name + " is online", {{"user", name}});
                   }
                   calls_->roster_changed();
                 },
                 [this](protocol::ServerError& error) {
                   // unknown-target only answers call signaling. Once the call has ended (at the first
                   // one), the rest answer frames already in flight, e.g. trickled candidates: not news.
                   if (error.code == "unknown-target" && !calls_->busy()) {
                     spdlog::debug("after the call: server: {}", error.message);
                     return;
                   }
                   emit(EventKind::error, "server-error", "server: " + error.message, {{"code", error.code}});
                   calls_->server_error(error);
                 },
                 [this](protocol::OtherMessage& other) {
                   spdlog::debug("unhandled message type '{}' from '{}'", other.type, other.from);
                   emit(EventKind::warning, "problem",
                        "ignored a '" + other.type + "' message from " +
                            (other.from.empty() ? std::string("the server") : other.from));
                 },
                 [this](auto& call_message) { calls_->handle(call_message); },
             },
             message);
}

}  // namespace clivrt::app
