// CallController's recovery of a broken call: when the media path of a connected call dies
// (the peer's router lost its mappings, an address changed, consent failed), both sides drop the
// peer connection and the caller negotiates a fresh one through the server, within
// kReconnectDeadline. Only between peers that both announced kFeatureReconnect; with any other
// peer (a browser, aiortc) the call ends with a clean hang-up as before.
#include <spdlog/spdlog.h>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include "call_controller.hpp"

namespace clivrt::app {

namespace {
constexpr std::chrono::seconds kReconnectDeadline{20};
}  // namespace

void CallController::media_lost(const std::string& detail) {
  // A path that died with the network may have taken the server connection along without either
  // end noticing yet; the recovery's signaling needs it now, not at the next keep-alive.
  host_.check_server_alive();
  if (phase_ == CallPhase::reconnecting) {
    // A fresh connection failed too: the caller tries another while the deadline allows.
    spdlog::info("reconnecting to {}: attempt failed ({})", peer_, detail);
    drop_session();
    if (caller_) offer_again();
    return;
  }
  if (!peer_can_reconnect_) {
    const std::string peer = peer_;
    send(protocol::encode_hang_up(peer, "failed"));
    end_call("call with " + peer + " failed: " + detail, true);
    return;
  }
  spdlog::info("call with {}: media path lost ({}), reconnecting", peer_, detail);
  begin_reconnect(TellPeer::yes);
}

void CallController::begin_reconnect(TellPeer tell) {
  phase_ = CallPhase::reconnecting;
  secure_ = false;
  reconnect_started_ = std::chrono::steady_clock::now();
  drop_session();
  if (tell == TellPeer::yes) send(protocol::encode_call_reconnect(peer_));
  emit(EventKind::warning, "reconnecting", "⟳ connection to " + peer_ + " lost: reconnecting…", {{"peer", peer_}});
  timeout_.expires_after(kReconnectDeadline);
  timeout_.async_wait([this](const boost::system::error_code& ec) {
    if (ec || phase_ != CallPhase::reconnecting) return;
    const std::string peer = peer_;
    send(protocol::encode_hang_up(peer, "failed"));
    end_call("lost the connection to " + peer + " and could not reconnect within " +
                 std::to_string(kReconnectDeadline.count()) + " s",
             true);
  });
  if (caller_) offer_again();
  host_.status_changed();
}

void CallController::offer_again() {
  drop_session();
  early_candidates_.clear();
  start_session(audio_only_);
  session_->start_offer();  // sent with "reconnect": true while phase_ is reconnecting
}

void CallController::handle(const protocol::CallReconnect& request) {
  if (request.from != peer_ || !peer_can_reconnect_) return;
  if (phase_ == CallPhase::connected) {
    begin_reconnect(TellPeer::no);
  } else if (phase_ == CallPhase::reconnecting && caller_) {
    // The callee was away from the server (it just logged in again): offers sent meanwhile
    // went to its dead connection.
    offer_again();
  }
}

void CallController::logged_in_again() {
  if (phase_ != CallPhase::reconnecting) return;
  // Whatever was sent while the server connection was down is lost; start the exchange again.
  if (caller_)
    offer_again();
  else
    send(protocol::encode_call_reconnect(peer_));
}

void CallController::drop_session() {
  ++session_id_;  // events the dropped session still has in the loop's queue are ignored
  if (session_) {
    boost::asio::post(host_.io(), [session = std::shared_ptr<media::MediaSession>(std::move(session_))] {});
  }
}

}  // namespace clivrt::app
