#include "ws_session.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/ssl.hpp>

#include "clivrt/common/version.hpp"
#include "clivrt/protocol/codec.hpp"
#include "clivrt/protocol/ice_servers.hpp"
#include "clivrt/protocol/username.hpp"
#include "resume_token.hpp"

namespace clivrt::server {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace proto = clivrt::protocol;

namespace {
// Close reasons are limited to 123 bytes (RFC 6455 §5.5: control frame payload <= 125).
websocket::close_reason make_close_reason(unsigned short code, std::string_view reason) {
  websocket::close_reason result(code);
  result.reason.assign(reason.data(), std::min<std::size_t>(reason.size(), result.reason.max_size()));
  return result;
}
}  // namespace

template <class NextLayer>
WsSession<NextLayer>::WsSession(NextLayer&& stream, Roster& roster, const SessionLimits& limits,
                                std::optional<std::string> username, bool delta_presence,
                                std::optional<std::string> resume, AddressLimits::Ticket address_ticket)
    : ws_(std::move(stream)),
      roster_(roster),
      limits_(limits),
      name_ok_(username && proto::is_valid_username(*username)),
      delta_(delta_presence),
      bucket_(limits.rate_per_second, limits.rate_burst, Clock::now()),
      timer_(ws_.get_executor()),
      address_ticket_(std::move(address_ticket)) {
  if (name_ok_) name_ = std::move(*username);
  if (resume) {
    presented_token_ = std::move(*resume);
    resume_token_ = new_resume_token();
  }
}

template <class NextLayer>
void WsSession<NextLayer>::start(Request request) {
  net::co_spawn(ws_.get_executor(), run(std::move(request)),
                [self = this->shared_from_this()](std::exception_ptr error) {
                  if (!error) return;
                  try {
                    std::rethrow_exception(error);
                  } catch (const std::exception& e) {
                    spdlog::error("session {}: {}", self->name_, e.what());
                  }
                });
}

template <class NextLayer>
net::awaitable<void> WsSession<NextLayer>::run(Request request) {
  ws_.set_option(websocket::stream_base::timeout{limits_.handshake_timeout, websocket::stream_base::none(), false});
  ws_.set_option(websocket::stream_base::decorator([mdn = mdn_id_ != 0](websocket::response_type& response) {
    response.set(beast::http::field::server, std::string("clivrt-server/") + kVersion);
    if (mdn) response.set(beast::http::field::sec_websocket_protocol, mdn::kSubprotocol);
  }));
  ws_.read_message_max(limits_.max_frame_bytes);
  // Pongs (answers to our pings) and peer pings count as life signs for the idle timeout.
  ws_.control_callback([this](websocket::frame_type, std::string_view) { last_rx_ = Clock::now(); });
  beast::get_lowest_layer(ws_).expires_never();  // the WebSocket timeouts take over

  beast::error_code ec;
  co_await ws_.async_accept(request, net::redirect_error(net::use_awaitable, ec));
  if (ec) {
    spdlog::debug("websocket handshake failed: {}", ec.message());
    co_return;
  }
  last_rx_ = Clock::now();
  if (mdn_id_ != 0) {
    enqueue(make_frame(mdn::id_frame(mdn_id_)));  // joins when its `username` arrives
  } else {
    joined_ = login();
    if (joined_ && limits_.ice) send_ice_servers();  // servers that have none say nothing new
  }
  net::co_spawn(ws_.get_executor(), watchdog(), [self = this->shared_from_this()](std::exception_ptr) {});

  beast::flat_buffer buffer;
  for (;;) {
    co_await ws_.async_read(buffer, net::redirect_error(net::use_awaitable, ec));
    if (ec) break;
    const auto now = Clock::now();
    last_rx_ = now;
    if (!closing_) {
      if (!bucket_.try_take(now)) {
        spdlog::info("{}: rate limit exceeded, closing", name_);
        begin_close(static_cast<unsigned short>(websocket::close_code::policy_error), "rate limit exceeded");
      } else if (!ws_.got_text()) {
        send_error(proto::error_code::kMalformed, "binary frames are not supported: send JSON text frames");
      } else {
        on_message({static_cast<const char*>(buffer.data().data()), buffer.size()});
      }
    }
    buffer.consume(buffer.size());
    if (buffer.capacity() > 16 * 1024) buffer.shrink_to_fit();  // idle sessions stay small
  }
  if (ec == websocket::error::message_too_big) {
    spdlog::info("{}: frame over {} bytes, closed with 1009", name_, limits_.max_frame_bytes);
  } else {
    spdlog::debug("{}: connection ended: {}", name_, ec.message());
  }
  finished_ = true;
  timer_.cancel();
  queue_.clear();
  if (joined_) {
    roster_.leave(*this);
    spdlog::info("{} left", name_);
  }
}

template <class NextLayer>
bool WsSession<NextLayer>::login() {
  if (!name_ok_) {
    refuse(proto::error_code::kInvalidUsername, "invalid username: " + std::string(proto::kUsernameRules),
           proto::close_code::kInvalidUsername);
    return false;
  }
  const auto result = roster_.join(this->shared_from_this(), presented_token_);
  switch (result) {
    case Roster::JoinResult::joined:
    case Roster::JoinResult::resumed:
      spdlog::info("{} {} ({} presence)", name_,
                   result == Roster::JoinResult::resumed ? "resumed its session" : "joined",
                   delta_ ? "delta" : "legacy");
      if (!resume_token_.empty()) enqueue(make_frame(proto::serialize(proto::make_resume_token(resume_token_))));
      return true;
    case Roster::JoinResult::name_taken:
      refuse(proto::error_code::kNameTaken, "the name \"" + name_ + "\" is already taken",
             proto::close_code::kNameTaken);
      return false;
    case Roster::JoinResult::full:
      refuse(proto::error_code::kServerFull, "the server is full, try again later", proto::close_code::kServerFull);
      return false;
  }
  return false;
}

// The MDN sample's server makes a taken name unique by appending a number and says so with
// `rejectusername`; the client then goes by the granted name. Invalid characters are replaced.
template <class NextLayer>
void WsSession<NextLayer>::mdn_login(const nlohmann::json& message) {
  const auto requested = message.find("name");
  if (message.value("type", "") != "username" || requested == message.end() || !requested->is_string()) {
    send_error(mdn::kLoginRequired, "send {\"type\":\"username\",\"name\":...} first");
    return;
  }
  const auto wanted = requested->template get<std::string>();
  const auto base = mdn::base_name(wanted);
  for (int attempt = 0; attempt < 1000; ++attempt) {
    name_ = mdn::candidate_name(base, attempt);
    switch (roster_.join(this->shared_from_this())) {
      case Roster::JoinResult::joined:
      case Roster::JoinResult::resumed:  // MDN sessions present no token: never happens
        joined_ = true;
        spdlog::info("{} joined (MDN client, id {})", name_, mdn_id_);
        if (name_ != wanted) enqueue(make_frame(mdn::reject_username_frame(mdn_id_, name_)));
        return;
      case Roster::JoinResult::name_taken: continue;
      case Roster::JoinResult::full:
        refuse(proto::error_code::kServerFull, "the server is full, try again later", proto::close_code::kServerFull);
        return;
    }
  }
  refuse(proto::error_code::kNameTaken, "no free variant of the name \"" + base + "\"", proto::close_code::kNameTaken);
}

template <class NextLayer>
void WsSession<NextLayer>::refuse(std::string_view code, std::string message, unsigned short close_code) {
  spdlog::info("login refused: {}", code);
  send_error(code, std::move(message));
  begin_close(close_code, std::string(code));
}

template <class NextLayer>
void WsSession<NextLayer>::on_message(std::string_view text) {
  std::string error;
  auto message = proto::parse_frame(text, error);
  if (!message) {
    send_error(proto::error_code::kMalformed, error);
    return;
  }
  if (mdn_id_ != 0 && !joined_) {
    mdn_login(*message);
    return;
  }
  if (message->value("type", "") == "ice-servers" && !message->contains("target")) {
    send_ice_servers();  // a request for fresh TURN credentials, answered to the asker only
    return;
  }
  (*message)["name"] = name_;  // nobody can speak for someone else
  auto hang_up = mdn::HangUpRouting::as_sent;
  if (mdn_id_ != 0) {
    hang_up = mdn::fill_hang_up_target(*message, mdn_call_peer_);
    if (hang_up == mdn::HangUpRouting::drop) {
      spdlog::debug("{}: hang-up without a target and no call peer to end: dropped", name_);
      return;
    }
  }
  const auto target = message->find("target");
  if (target == message->end()) {
    roster_.broadcast(make_frame(proto::serialize(*message)));
    return;
  }
  if (!target->is_string()) {
    send_error(proto::error_code::kMalformed, "\"target\" must be a string naming a user");
    return;
  }
  const auto target_name = target->template get<std::string>();
  const auto peer = roster_.find(target_name);
  if (!peer) {
    if (hang_up == mdn::HangUpRouting::filled_in) {  // the call ended when the peer left
      spdlog::debug("{}: hang-up for {}, who has left: dropped", name_, target_name);
      return;
    }
    send_error(proto::error_code::kUnknownTarget, "user \"" + target_name + "\" is not online", &target_name);
    return;
  }
  peer->deliver(make_frame(proto::serialize(*message)));
}

// MDN-sample clients never get it: they do not know the message (they may still ask for it).
template <class NextLayer>
void WsSession<NextLayer>::send_ice_servers() {
  const auto servers =
      limits_.ice ? limits_.ice->for_user(name_, std::chrono::system_clock::now()) : proto::IceServers{};
  enqueue(make_frame(proto::serialize(proto::encode_ice_servers(servers))));
}

template <class NextLayer>
void WsSession<NextLayer>::send_error(std::string_view code, std::string message, const std::string* target) {
  auto error = proto::make_error(code, message);
  if (target) error["target"] = *target;
  enqueue(make_frame(proto::serialize(error)));
}

// --- Sending: one outstanding write, a bounded queue, and the closing handshake. ---

template <class NextLayer>
void WsSession<NextLayer>::deliver(SharedFrame frame) {
  if (mdn_id_ != 0) {  // the sample renders chat text as HTML
    const auto now = std::chrono::system_clock::now().time_since_epoch();
    if (auto adapted =
            mdn::adapt_outgoing(*frame, std::chrono::duration_cast<std::chrono::milliseconds>(now).count())) {
      frame = make_frame(std::move(*adapted));
    }
  }
  net::post(ws_.get_executor(),
            [self = this->shared_from_this(), frame = std::move(frame)]() mutable { self->enqueue(std::move(frame)); });
}

template <class NextLayer>
void WsSession<NextLayer>::close(unsigned short code, std::string reason) {
  net::post(ws_.get_executor(), [self = this->shared_from_this(), code, reason = std::move(reason)]() mutable {
    self->begin_close(code, std::move(reason));
  });
}

template <class NextLayer>
void WsSession<NextLayer>::enqueue(SharedFrame frame) {
  if (closing_ || finished_) return;
  if (queue_.size() >= limits_.max_queued_messages || queued_bytes_ + frame->size() > limits_.max_queued_bytes) {
    spdlog::warn("{}: send queue full ({} frames, {} bytes), closing slow reader", name_, queue_.size(), queued_bytes_);
    while (queue_.size() > (writing_ ? 1U : 0U)) {  // keep the frame being written
      queued_bytes_ -= queue_.back()->size();
      queue_.pop_back();
    }
    begin_close(static_cast<unsigned short>(websocket::close_code::policy_error), "send queue full");
    return;
  }
  queued_bytes_ += frame->size();
  queue_.push_back(std::move(frame));
  if (!writing_) write_next();
}

template <class NextLayer>
void WsSession<NextLayer>::write_next() {
  writing_ = true;
  ws_.text(true);
  ws_.async_write(net::buffer(*queue_.front()),
                  [self = this->shared_from_this()](beast::error_code ec, std::size_t) { self->on_write(ec); });
}

template <class NextLayer>
void WsSession<NextLayer>::on_write(beast::error_code ec) {
  writing_ = false;
  if (ec) {  // the connection is gone; the read loop sees it too and ends the session
    queue_.clear();
    queued_bytes_ = 0;
    return;
  }
  queued_bytes_ -= queue_.front()->size();
  queue_.pop_front();
  if (!queue_.empty()) {
    write_next();
  } else if (pending_close_ && !finished_) {
    auto [code, reason] = std::move(*pending_close_);
    pending_close_.reset();
    ws_.async_close(make_close_reason(code, reason), [self = this->shared_from_this()](beast::error_code) {});
  }
}

template <class NextLayer>
void WsSession<NextLayer>::begin_close(unsigned short code, std::string reason) {
  if (closing_ || finished_) return;
  closing_ = true;
  close_started_ = Clock::now();
  timer_.cancel();  // the watchdog re-arms at the close deadline
  if (writing_) {
    pending_close_.emplace(code, std::move(reason));  // sent when the queue has drained
    return;
  }
  ws_.async_close(make_close_reason(code, reason), [self = this->shared_from_this()](beast::error_code) {});
}

// Keep-alive pings, idle timeout, and a deadline for the closing handshake (a reader that never
// reads would otherwise keep its socket forever).
template <class NextLayer>
net::awaitable<void> WsSession<NextLayer>::watchdog() {
  using std::chrono::seconds;
  const auto tick = limits_.ping_interval > seconds::zero()  ? limits_.ping_interval
                    : limits_.idle_timeout > seconds::zero() ? limits_.idle_timeout
                                                             : seconds(3600);
  for (;;) {
    timer_.expires_at(closing_ ? close_started_ + limits_.handshake_timeout : Clock::now() + tick);
    beast::error_code ec;
    co_await timer_.async_wait(net::redirect_error(net::use_awaitable, ec));
    if (finished_) co_return;
    const auto now = Clock::now();
    if (closing_) {
      if (now >= close_started_ + limits_.handshake_timeout) {
        spdlog::info("{}: closing handshake timed out, dropping the connection", name_);
        beast::get_lowest_layer(ws_).close();
        co_return;
      }
      continue;
    }
    if (ec) continue;  // cancelled by a state change
    if (limits_.idle_timeout > seconds::zero() && now - last_rx_ >= limits_.idle_timeout) {
      spdlog::info("{}: idle for {} s, closing", name_, limits_.idle_timeout.count());
      begin_close(static_cast<unsigned short>(websocket::close_code::going_away), "idle timeout");
      continue;
    }
    if (limits_.ping_interval > seconds::zero()) {
      ws_.async_ping({}, [self = this->shared_from_this()](beast::error_code) {});
    }
  }
}

template class WsSession<beast::tcp_stream>;
template class WsSession<beast::ssl_stream<beast::tcp_stream>>;

}  // namespace clivrt::server
