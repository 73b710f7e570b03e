#include "call_controller.hpp"

#include <algorithm>

#include <spdlog/spdlog.h>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include <CLI/CLI.hpp>

#include "call_stats_text.hpp"
#include "call_texts.hpp"
#include "video_view.hpp"
#include "clivrt/media/media_devices.hpp"
#include "clivrt/signaling/turn_check.hpp"
#include "command_args.hpp"
#include "command_table.hpp"
#include "ice_choice.hpp"
#include "media_source.hpp"
#include "turn_notices.hpp"

namespace clivrt::app {

CallController::CallController(CallHost& host, media::MediaSessionFactory make_session)
    : host_(host),
      make_session_(std::move(make_session)),
      timeout_(host.io()),
      ticker_(host.io()),
      ice_refresh_(host.io()) {}

void CallController::emit(EventKind kind, std::string type, std::string text, nlohmann::json data) {
  host_.emit(kind, std::move(type), std::move(text), std::move(data));
}

CallController::~CallController() { device_lister_.join(); }

bool CallController::send(const protocol::Json& message) { return host_.send(message); }

void CallController::hang_up_by_user() {
  if (!busy()) {
    emit(EventKind::error, "hangup", "no call to hang up");
    return;
  }
  const std::string peer = peer_;
  hang_up("hangup");
  emit(EventKind::info, "call-ended", "call with " + peer + " ended", {{"peer", peer}, {"reason", "hangup"}});
}

void CallController::show_devices() {
  // The device monitor probes PulseAudio, ALSA and V4L2 (up to seconds): off the loop thread.
  boost::asio::post(device_lister_, [this, alive = std::weak_ptr<int>(alive_)] {
    auto devices = media::list_media_devices();
    boost::asio::post(host_.io(), [this, alive, devices = std::move(devices)] {
      if (alive.expired()) return;
      Report report = device_report(devices);
      emit(EventKind::info, "devices", std::move(report.text), std::move(report.data));
    });
  });
}

void CallController::set_muted(bool muted) {
  muted_ = muted;
  if (session_) session_->set_microphone_muted(muted);
  emit(EventKind::info, muted ? "muted" : "unmuted",
       muted ? "🔇 microphone muted: the peer hears silence" : "🎤 microphone on", {{"muted", muted}});
}

void CallController::set_camera(const std::vector<std::string>& args) {
  if (args.size() != 1 || (args[0] != "on" && args[0] != "off")) {
    emit(EventKind::error, "usage", "usage: camera on|off");
    return;
  }
  camera_enabled_ = args[0] == "on";
  if (session_) session_->set_camera_enabled(camera_enabled_);
  emit(EventKind::info, "camera", camera_enabled_ ? "📷 camera on" : "🚫 camera off: the peer sees black",
       {{"camera", camera_enabled_}});
}

std::string CallController::devices_text() const { return sending_text(muted_, camera_enabled_, levels_); }

void CallController::place_call(const std::vector<std::string>& args) {
  CLI::App parser;
  std::string target;
  bool audio_only = false;
  parser.add_flag("--audio-only", audio_only);
  parser.add_option("user", target)->required();
  std::string error;
  if (!parse_command_args(parser, args, std::string(find_command("call")->usage), error)) {
    emit(EventKind::error, "usage", "call: " + error);
    return;
  }
  if (host_.online_as().empty()) {
    emit(EventKind::error, "call", "not logged in: login first");
    return;
  }
  if (target == host_.online_as()) {
    emit(EventKind::error, "call", "you cannot call yourself");
    return;
  }
  if (!host_.is_online(target)) {
    emit(EventKind::error, "call", target + " is not online; lookup lists who is");
    return;
  }
  if (busy()) {
    emit(EventKind::error, "call", "already in a call with " + peer_ + "; hangup first");
    return;
  }
  peer_ = target;
  caller_ = true;
  peer_can_reconnect_ = false;  // until the answer says so
  audio_only_ = audio_only;
  phase_ = CallPhase::outgoing;
  start_session(audio_only);
  session_->start_offer();
  arm_timeout(std::chrono::seconds(host_.settings().ring_timeout), "no-answer");
  emit(EventKind::info, "calling", "calling " + target + "…", {{"peer", target}, {"audio_only", audio_only}});
}

namespace {
bool lists(const std::vector<std::string>& features, const char* feature) {
  return std::ranges::find(features, feature) != features.end();
}
}  // namespace

void CallController::handle(const protocol::VideoOffer& offer) {
  const bool in_this_call = busy() && offer.from == peer_;
  if (in_this_call && offer.reconnect && peer_can_reconnect_ &&
      (phase_ == CallPhase::connected || phase_ == CallPhase::reconnecting)) {
    // The caller rebuilds the broken connection: a fresh session answers its fresh offer.
    if (phase_ == CallPhase::connected) begin_reconnect(TellPeer::no);
    drop_session();
    early_candidates_.clear();
    start_session(audio_only_);
    session_->accept_offer(offer.sdp);
    return;
  }
  if (in_this_call && session_ && phase_ != CallPhase::outgoing && phase_ != CallPhase::reconnecting) {
    session_->accept_offer(offer.sdp);  // renegotiation within the call
    return;
  }
  if (busy()) {
    send(protocol::encode_hang_up(offer.from, "busy"));
    emit(EventKind::info, "busy", offer.from + " called while you were busy; told them so", {{"peer", offer.from}});
    return;
  }
  peer_ = offer.from;
  caller_ = false;
  peer_can_reconnect_ = lists(offer.features, protocol::kFeatureReconnect);
  pending_offer_ = offer.sdp;
  audio_only_ = !offer.media.empty() && std::ranges::find(offer.media, "video") == offer.media.end();
  early_candidates_.clear();
  phase_ = CallPhase::incoming;
  arm_timeout(std::chrono::seconds(host_.settings().ring_timeout), "no-answer");
  if (host_.settings().autoanswer) {
    emit(EventKind::info, "ringing", offer.from + " is calling: answering (autoanswer is on)", {{"peer", offer.from}});
    answer();
    return;
  }
  emit(EventKind::info, "ringing", "📞 " + offer.from + " is calling you: answer or decline", {{"peer", offer.from}});
}

void CallController::answer() {
  if (phase_ != CallPhase::incoming || !pending_offer_) {
    emit(EventKind::error, "answer", "nobody is calling");
    return;
  }
  phase_ = CallPhase::connecting;
  start_session(audio_only_);
  session_->accept_offer(*pending_offer_);
  pending_offer_.reset();
  for (const auto& candidate : early_candidates_) session_->add_remote_candidate(candidate);
  early_candidates_.clear();
  emit(EventKind::info, "answered", "answered " + peer_ + ": connecting…", {{"peer", peer_}});
}

void CallController::decline() {
  if (phase_ != CallPhase::incoming) {
    emit(EventKind::error, "decline", "nobody is calling");
    return;
  }
  const std::string peer = peer_;
  hang_up("declined");
  emit(EventKind::info, "declined", "declined the call from " + peer, {{"peer", peer}});
}

void CallController::handle(const protocol::VideoAnswer& answer) {
  if (phase_ == CallPhase::reconnecting && answer.from == peer_ && session_ && caller_) {
    session_->set_answer(answer.sdp);  // the answer to our fresh offer
    return;
  }
  if (phase_ != CallPhase::outgoing || answer.from != peer_ || !session_) {
    spdlog::debug("ignoring an answer from {}", answer.from);
    return;
  }
  peer_can_reconnect_ = lists(answer.features, protocol::kFeatureReconnect);
  phase_ = CallPhase::connecting;
  timeout_.cancel();
  session_->set_answer(answer.sdp);
  emit(EventKind::info, "answered", peer_ + " answered: connecting…", {{"peer", peer_}});
}

void CallController::handle(const protocol::IceCandidate& candidate) {
  if (!busy() || candidate.from != peer_) return;  // a stale call's candidates
  if (session_)
    session_->add_remote_candidate(candidate);
  else
    early_candidates_.push_back(candidate);
}

void CallController::handle(const protocol::HangUp& hang_up) {
  if (!busy() || hang_up.from != peer_) return;
  const std::string reason = hang_up.reason.empty() ? "hangup" : hang_up.reason;
  const std::string peer = peer_;
  if (phase_ == CallPhase::incoming) {
    end_call(peer + " stopped calling", false);
  } else {
    // The peer's media failed before ours did: if nothing ever connected, it is the same story.
    const bool no_path = reason == "failed" && (phase_ == CallPhase::outgoing || phase_ == CallPhase::connecting);
    end_call(no_path ? describe_no_path(peer, turn_in_use_, turn_trouble()) : hang_up_message(peer, reason),
             reason == "busy" || reason == "declined");
  }
}

void CallController::handle(const protocol::IceServers& servers) {
  server_ice_ = servers;
  spdlog::info("the server gave {} STUN/TURN server entries, valid {} s", servers.servers.size(), servers.ttl_seconds);
  check_turn_servers();
  // Fresh credentials at half their lifetime: a call started at any moment keeps a relay it may
  // refresh for at least ttl/2, and a lost request has time to be asked again.
  if (servers.servers.empty() || servers.ttl_seconds <= 0) return;
  ice_refresh_.expires_after(std::chrono::seconds(std::max(servers.ttl_seconds / 2, 10L)));
  ice_refresh_.async_wait([this](const boost::system::error_code& ec) {
    if (!ec) send(protocol::encode_ice_servers_request());
  });
}

void CallController::check_turn_servers() {
  // 3 s: two round trips; a lost answer costs only the transport choice (both race, as without
  // checking) and a warning not given.
  constexpr auto timeout = std::chrono::seconds(3);
  for (const TurnUri& turn : turn_servers_to_check(choose_ice_servers(host_.settings(), server_ice_))) {
    signaling::check_turn_server_over_udp(
        host_.io(), {turn.host, std::to_string(turn.port), turn.username, turn.credential}, timeout,
        [this, alive = std::weak_ptr<int>(alive_), turn](signaling::TurnCheck check) {
          if (!alive.expired()) turn_checked(turn, check);
        });
  }
}

void CallController::turn_checked(const TurnUri& turn, const signaling::TurnCheck& check) {
  using signaling::TurnVerdict;
  const std::string where = turn.host + ":" + std::to_string(turn.port);
  spdlog::info("TURN server {}: {}", where,
               check.verdict == TurnVerdict::accepted ? "accepts the credentials"
               : check.verdict == TurnVerdict::unreachable
                   ? "no answer over UDP (calls relay over TCP if offered)"
                   : "error " + signaling::describe_stun_error(check.error_code));
  turn_udp_answered_[turn.host] = check.verdict != TurnVerdict::unreachable;
  // Said once per change, not at every credential refresh.
  std::string trouble = describe_turn_trouble(turn, check);
  auto& said = turn_trouble_[where + " " + turn.username];
  if (trouble == said) return;
  if (!trouble.empty()) {
    emit(EventKind::warning, "ice", trouble);
  } else if (check.verdict == TurnVerdict::accepted) {
    emit(EventKind::info, "ice", "the TURN server " + where + " accepts the credentials again");
  } else {
    return;  // no answer this time: the last word stands
  }
  said = std::move(trouble);
}

std::string CallController::turn_trouble() const {
  for (const auto& [where, trouble] : turn_trouble_) {
    if (!trouble.empty()) return trouble;
  }
  return {};
}

void CallController::server_error(const protocol::ServerError& error) {
  if (busy() && error.code == "unknown-target") end_call(peer_ + " is no longer online", true);
}

void CallController::roster_changed() {
  if (busy() && !host_.is_online(peer_)) end_call(peer_ + " left the server", true);
}

void CallController::settings_changed() {
  host_.presenter().video_settings(video_settings_from(host_.settings()));
}

void CallController::hang_up(const std::string& reason) {
  if (!busy()) return;
  send(protocol::encode_hang_up(peer_, reason));
  end_call({}, false);
}

void CallController::end_call(const std::string& message, bool error) {
  const std::string peer = peer_;
  phase_ = CallPhase::idle;
  peer_.clear();
  secure_ = false;
  pending_offer_.reset();
  early_candidates_.clear();
  levels_.reset();
  timeout_.cancel();
  ticker_.cancel();
  drop_session();
  peer_can_reconnect_ = false;
  host_.presenter().video_ended();
  if (!message.empty()) {
    emit(error ? EventKind::warning : EventKind::info, "call-ended", message, {{"peer", peer}});
  }
  host_.status_changed();
}

void CallController::arm_timeout(std::chrono::seconds after, const std::string& reason) {
  timeout_.expires_after(after);
  timeout_.async_wait([this, reason](const boost::system::error_code& ec) {
    if (ec || !busy()) return;
    const std::string peer = peer_;
    const bool outgoing = phase_ == CallPhase::outgoing;
    send(protocol::encode_hang_up(peer, reason));
    end_call(outgoing ? "no answer from " + peer + " in " + std::to_string(host_.settings().ring_timeout) + " s"
                      : "missed call from " + peer,
             true);
  });
}

void CallController::tick() {
  ticker_.expires_after(std::chrono::seconds(1));
  ticker_.async_wait([this](const boost::system::error_code& ec) {
    if (ec || phase_ != CallPhase::connected) return;
    host_.status_changed();
    tick();
  });
}

std::string CallController::status_text() const {
  return call_status_text(phase_, peer_, std::chrono::steady_clock::now() - connected_at_);
}

std::string CallController::hint() const { return call_hint(phase_); }

}  // namespace clivrt::app
