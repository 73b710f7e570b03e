#pragma once
// One logged-in WebSocket connection (private header: Beast inside). NextLayer is
// beast::tcp_stream (ws://) or beast::ssl_stream<beast::tcp_stream> (wss://); both are
// explicitly instantiated in ws_session.cpp.
//
// Threads: everything runs on the connection's strand (the stream's executor); deliver() and
// close() may be called from any thread and post there. Async handlers hold shared_from_this().
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <nlohmann/json_fwd.hpp>

#include <chrono>
#include <deque>
#include <memory>
#include <optional>
#include <string>

#include "clivrt/common/token_bucket.hpp"
#include "address_limits.hpp"
#include "clivrt/server/turn_credentials.hpp"
#include "mdn_compat.hpp"
#include "peer.hpp"
#include "roster.hpp"

namespace clivrt::server {

struct SessionLimits {
  std::size_t max_frame_bytes = 64 * 1024;
  double rate_per_second = 50;
  double rate_burst = 200;
  std::chrono::seconds ping_interval{15};
  std::chrono::seconds idle_timeout{45};
  std::chrono::seconds handshake_timeout{10};
  std::size_t max_queued_messages = 1024;
  std::size_t max_queued_bytes = 4 * 1024 * 1024;
  std::shared_ptr<const IceServerConfig> ice;  // null: no STUN/TURN servers to hand out
};

template <class NextLayer>
class WsSession : public Peer, public std::enable_shared_from_this<WsSession<NextLayer>> {
 public:
  using Request = boost::beast::http::request<boost::beast::http::string_body>;

  /// `username` is nullopt when the URL escape was malformed; the session then refuses the
  /// login with an invalid-username error after the WebSocket handshake.
  /// `address_ticket` counts the connection against its client address until the session ends.
  WsSession(NextLayer&& stream, Roster& roster, const SessionLimits& limits, std::optional<std::string> username,
            bool delta_presence, std::optional<std::string> resume, AddressLimits::Ticket address_ticket);

  /// Accepts the upgrade request and runs the session until the connection ends.
  void start(Request request);
  /// Before start(): log in the way MDN's webrtc-from-chat sample does (mdn_compat.hpp): answer
  /// the subprotocol "json", send an id, take the name from a `username` message.
  void use_mdn_login() { mdn_id_ = mdn::next_id(); }

  /// Fixed before the session joins the roster (MDN sessions: when their `username` arrives).
  const std::string& name() const override { return name_; }
  bool wants_delta() const override { return delta_; }
  const std::string& resume_token() const override { return resume_token_; }
  void deliver(SharedFrame frame) override;
  void close(unsigned short code, std::string reason) override;

 private:
  using Clock = std::chrono::steady_clock;
  boost::asio::awaitable<void> run(Request request);
  boost::asio::awaitable<void> watchdog();
  bool login();
  void mdn_login(const nlohmann::json& message);
  void refuse(std::string_view code, std::string message, unsigned short close_code);
  void on_message(std::string_view text);
  void send_ice_servers();
  void send_error(std::string_view code, std::string message, const std::string* target = nullptr);
  void enqueue(SharedFrame frame);
  void write_next();
  void on_write(boost::beast::error_code ec);
  void begin_close(unsigned short code, std::string reason);

  boost::beast::websocket::stream<NextLayer> ws_;
  Roster& roster_;
  SessionLimits limits_;
  std::string name_;
  bool name_ok_;
  bool delta_;
  std::string presented_token_;               // the previous connection's, to take the name over with
  std::string resume_token_;                  // issued to this connection, if it asked (resume=)
  std::int64_t mdn_id_ = 0;                   // nonzero: an MDN-style session
  std::optional<std::string> mdn_call_peer_;  // for the sample's target-less hang-up
  TokenBucket bucket_;
  boost::asio::steady_timer timer_;
  std::deque<SharedFrame> queue_;
  std::size_t queued_bytes_ = 0;
  bool writing_ = false;
  bool joined_ = false;
  bool closing_ = false;  // close requested: ignore input, send nothing new
  bool close_sent_ = false;
  bool finished_ = false;  // read loop ended
  std::optional<std::pair<unsigned short, std::string>> pending_close_;
  Clock::time_point last_rx_;
  Clock::time_point close_started_;
  AddressLimits::Ticket address_ticket_;
};

}  // namespace clivrt::server
