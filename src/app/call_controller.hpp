#pragma once
// Calls: `call`, `answer`, `decline`, `hangup`, `stats`, and the signaling messages of a call
// (docs/protocol.md). Owns the one media session of the current call, made by the factory it is given; everything
// else it needs comes through CallHost. Loop thread only.
#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>

#include "call_host.hpp"
#include "call_texts.hpp"
#include "clivrt/media/call_session.hpp"
#include "clivrt/protocol/messages.hpp"
#include "clivrt/signaling/turn_check.hpp"
#include "ice_choice.hpp"

namespace clivrt::app {

class CallController {
 public:
  CallController(CallHost& host, media::MediaSessionFactory make_session);
  ~CallController();

  // The commands typed by the user (command_table.cpp).
  void place_call(const std::vector<std::string>& args);
  void answer();
  void decline();
  void hang_up_by_user();
  void show_stats();
  void show_devices();
  void set_muted(bool muted);
  void set_camera(const std::vector<std::string>& args);

  void handle(const protocol::VideoOffer& offer);
  void handle(const protocol::VideoAnswer& answer);
  void handle(const protocol::IceCandidate& candidate);
  void handle(const protocol::HangUp& hang_up);
  void handle(const protocol::CallReconnect& request);
  /// The server's STUN/TURN servers (at login, or asked for): used by every later call.
  void handle(const protocol::IceServers& servers);
  void server_error(const protocol::ServerError& error);
  void roster_changed();
  /// The server connection is back (a new login after a drop, resumed or not).
  void logged_in_again();
  void settings_changed();
  /// Ends any call, telling the peer why.
  void hang_up(const std::string& reason);

  bool busy() const { return phase_ != CallPhase::idle; }
  std::string status_text() const;
  bool connected() const { return phase_ == CallPhase::connected; }
  bool secure() const { return connected() && secure_; }
  /// The selected ICE pair goes through a TURN relay (ours or the peer's).
  bool relayed() const;
  std::string hint() const;
  /// "🎤 📷" / "🔇 🚫": what you send, shown on the right of the status bar.
  std::string devices_text() const;

 private:
  void start_session(bool audio_only);
  media::CallOptions media_options(bool audio_only);  // warns about what it had to choose instead
  void on_media_state(media::CallState state, const std::string& detail);
  void end_call(const std::string& message, bool error);
  /// The media path of a connected call broke: rebuild it, or end the call if the peer cannot.
  void media_lost(const std::string& detail);
  enum class TellPeer { no, yes };
  void begin_reconnect(TellPeer tell);
  void offer_again();
  /// Drops the media session (on the loop, never from inside its own callback).
  void drop_session();
  void arm_timeout(std::chrono::seconds after, const std::string& reason);
  void tick();
  bool send(const protocol::Json& message);
  void emit(EventKind kind, std::string type, std::string text, nlohmann::json data = nlohmann::json::object());
  /// Asks each TURN server over UDP whether it answers (keep_one_turn_transport) and accepts
  /// the credentials (the user is told when not).
  void check_turn_servers();
  void turn_checked(const TurnUri& turn, const signaling::TurnCheck& check);
  /// The latest warning about a TURN server still standing, or empty.
  std::string turn_trouble() const;

  CallHost& host_;
  media::MediaSessionFactory make_session_;
  CallPhase phase_ = CallPhase::idle;
  std::string peer_;
  bool audio_only_ = false;
  bool caller_ = false;              // we placed the call: we offer again when reconnecting
  bool peer_can_reconnect_ = false;  // the peer listed kFeatureReconnect
  std::chrono::steady_clock::time_point reconnect_started_;
  bool secure_ = false;
  bool muted_ = false;  // persists across calls, like a hardware switch
  bool camera_enabled_ = true;
  std::optional<protocol::SessionDescription> pending_offer_;  // incoming, until answered
  std::vector<protocol::IceCandidate> early_candidates_;       // arrived before the session exists
  std::unique_ptr<media::MediaSession> session_;
  std::optional<protocol::IceServers> server_ice_;         // latest list from the signaling server
  bool turn_in_use_ = false;                               // the current call may use a TURN relay
  std::map<std::string, bool> turn_udp_answered_;          // TURN host → it answered over UDP
  std::map<std::string, std::string> turn_trouble_;        // TURN host:port user → the warning given, if any
  std::shared_ptr<int> alive_ = std::make_shared<int>(0);  // probes outlive nothing they answer to
  std::chrono::steady_clock::time_point connected_at_;
  std::uint64_t frames_seen_ = 0;
  std::uint64_t session_id_ = 0;  // events of older sessions are ignored
  std::shared_ptr<const media::VideoFrame> last_self_frame_;
  std::optional<media::AudioLevels> levels_;  // latest meter reading of the call
  std::set<std::string> warnings_shown_;
  boost::asio::steady_timer timeout_;
  boost::asio::steady_timer ticker_;
  boost::asio::steady_timer ice_refresh_;      // asks for fresh TURN credentials before they expire
  boost::asio::thread_pool device_lister_{1};  // `devices` lists here; the answer is posted to the loop
};

}  // namespace clivrt::app
