// CallController's side of the media session: options, events, state and stats.
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include <cstdio>

#include "call_controller.hpp"
#include "call_stats_text.hpp"
#include "ice_choice.hpp"
#include "media_source.hpp"

namespace clivrt::app {

media::CallOptions CallController::media_options(bool audio_only) {
  const config::Settings& settings = host_.settings();
  media::CallOptions options;
  std::string notice;
  options.video_source = resolve_video_source(settings.webcam, notice);
  if (!notice.empty() && warnings_shown_.insert(notice).second) emit(EventKind::info, "media", notice);
  options.width = settings.video_size.width;
  options.height = settings.video_size.height;
  options.framerate = settings.framerate;
  options.send_video = !audio_only && options.video_source != "none";
  options.send_audio = settings.microphone != "none";
  options.microphone = settings.microphone;
  options.speaker = settings.speaker;
  options.local_addresses = settings.ice_addresses;
  IceChoice ice = choose_ice_servers(settings, server_ice_);
  keep_one_turn_transport(ice, turn_udp_answered_);
  options.stun_servers = ice.stun;
  options.turn_servers = ice.turn_uris();
  options.relay_only = ice.relay_only;
  if (!ice.problem.empty()) emit(EventKind::warning, "ice", ice.problem);
  options.echo_cancellation = settings.echo_cancellation;
  options.polite = !caller_;  // perfect negotiation: on glare the callee yields to the caller's offer
  return options;
}

void CallController::start_session(bool audio_only) {
  const std::uint64_t id = ++session_id_;
  frames_seen_ = 0;
  last_self_frame_.reset();
  levels_.reset();
  media::CallEvents events;
  // Each event checks `id`: a session being torn down may still have events in the queue.
  events.local_description = [this, id](const protocol::SessionDescription& sdp) {
    if (id != session_id_) return;
    const std::vector<std::string> features{protocol::kFeatureReconnect};
    if (sdp.type == "offer") {
      const std::vector<std::string> media =
          audio_only_ ? std::vector<std::string>{"audio"} : std::vector<std::string>{"audio", "video"};
      send(protocol::encode_offer(peer_, {{}, sdp, media, features, phase_ == CallPhase::reconnecting}));
    } else {
      send(protocol::encode_answer(peer_, {{}, sdp, features}));
    }
  };
  events.local_candidate = [this, id](const protocol::IceCandidate& candidate) {
    if (id == session_id_) send(protocol::encode_candidate(peer_, candidate));
  };
  events.state = [this, id](media::CallState state, const std::string& detail) {
    if (id == session_id_) on_media_state(state, detail);
  };
  events.remote_frame = [this, id](std::shared_ptr<const media::VideoFrame> frame) {
    if (id != session_id_) return;
    const int interval = std::max(1, host_.settings().frame_interval);
    if (frames_seen_++ % static_cast<std::uint64_t>(interval) != 0) return;
    host_.presenter().video(std::move(frame), host_.settings().selfview ? last_self_frame_ : nullptr);
  };
  events.local_frame = [this, id](std::shared_ptr<const media::VideoFrame> frame) {
    if (id == session_id_) last_self_frame_ = std::move(frame);
  };
  events.levels = [this, id](media::AudioLevels levels) {
    if (id != session_id_) return;
    levels_ = levels;
    host_.status_changed();
  };
  events.warning = [this, id](const std::string& warning) {
    // Said once per run: a machine without a sound card should not be told at every call.
    if (id == session_id_ && warnings_shown_.insert(warning).second) emit(EventKind::warning, "media", warning);
  };
  media::CallOptions options = media_options(audio_only);
  turn_in_use_ = !options.turn_servers.empty();
  check_turn_servers();  // networks change: the next call decides on fresh answers
  session_ = make_session_(std::move(options), std::move(events));
  if (muted_) session_->set_microphone_muted(true);
  if (!camera_enabled_) session_->set_camera_enabled(false);
}

void CallController::on_media_state(media::CallState state, const std::string& detail) {
  switch (state) {
    case media::CallState::connected: {
      if (phase_ == CallPhase::connected) return;
      const bool recovered = phase_ == CallPhase::reconnecting;
      phase_ = CallPhase::connected;
      secure_ = true;  // webrtcbin reports connected only after the DTLS handshake
      timeout_.cancel();
      tick();
      if (recovered) {
        const auto took = std::chrono::duration<double>(std::chrono::steady_clock::now() - reconnect_started_);
        char seconds[32];
        std::snprintf(seconds, sizeof seconds, "%.1f", took.count());
        emit(EventKind::info, "reconnected", "🔒 back in call with " + peer_ + " (reconnected in " + seconds + " s)",
             {{"peer", peer_}, {"seconds", took.count()}});
        break;
      }
      connected_at_ = std::chrono::steady_clock::now();
      emit(EventKind::info, "connected-call", "🔒 in call with " + peer_ + " (DTLS-SRTP encrypted)",
           {{"peer", peer_}, {"secure", true}});
      break;
    }
    case media::CallState::failed: {
      if (phase_ == CallPhase::connected || phase_ == CallPhase::reconnecting) {
        media_lost(detail);
        break;
      }
      const std::string peer = peer_;
      send(protocol::encode_hang_up(peer, "failed"));
      // Never connected: ICE found no pair (or the connect timeout hit). Say what would help.
      end_call(describe_no_path(peer, turn_in_use_, turn_trouble()) + " (" + detail + ")", true);
      break;
    }
    case media::CallState::closed:
      if (busy()) end_call("call with " + peer_ + " closed", false);
      break;
    default: break;
  }
  host_.status_changed();
}

bool CallController::relayed() const { return connected() && session_ && session_->stats().path.relayed(); }

void CallController::show_stats() {
  if (!session_) {
    emit(EventKind::error, "stats", "no call in progress");
    return;
  }
  Report report = stats_report(peer_, session_->stats(), host_.presenter().render_stats(), levels_);
  emit(EventKind::info, "stats", std::move(report.text), std::move(report.data));
}

}  // namespace clivrt::app
