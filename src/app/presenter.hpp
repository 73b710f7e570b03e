#pragma once
// What the application shows, independent of how: the full-screen UI and line mode both
// implement Presenter. Text here is raw and untrusted; presenters sanitize at display time.
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "clivrt/render/budgeted_encoder.hpp"
#include "clivrt/render/renderer.hpp"
#include "pixel_choice.hpp"

namespace clivrt::media {
struct VideoFrame;
}

namespace clivrt::app {

enum class EventKind { chat, self_chat, info, warning, error };

struct Event {
  EventKind kind = EventKind::info;
  std::string type;    // machine-readable tag for JSON lines: "chat", "login", "userlist", "call", …
  std::string sender;  // for chat
  std::string text;
  nlohmann::json data = nlohmann::json::object();  // extra fields for JSON lines
  std::chrono::system_clock::time_point time = std::chrono::system_clock::now();
};

struct StatusModel {
  bool server_connected = false;
  bool server_secure = false;
  std::string server_text = "not logged in";
  std::string peer_text = "none";
  bool peer_connected = false;  // media flowing
  bool peer_secure = false;     // DTLS-SRTP
  bool peer_relayed = false;    // media through a TURN relay
  std::string hint = "help: commands · Tab completes";
  std::string devices;  // microphone and camera state, e.g. "🎤 📷"
  bool operator==(const StatusModel&) const = default;
};

/// How call video is drawn: from the settings, changed by `set` during a call.
struct VideoSettings {
  render::RenderOptions render;
  PixelMode pixels = PixelMode::off;  // videostyle pixels / auto: pixels where the terminal shows them
  bool selfview = true;
  std::size_t max_output_rate = 0;  // video bytes per second to the terminal; 0 = unlimited
};

/// What drawing video costs, for `stats`.
struct RenderStats {
  std::uint64_t frames_drawn = 0;      // fully or in part
  double average_render_ms = 0;        // frame → cells → bytes
  double average_bytes_per_frame = 0;  // written to the terminal
  int columns = 0, rows = 0;           // video pane size in cells
  render::BudgetStats output;          // the byte budget and what it let through
  std::string pixels;                  // "kitty" or "sixel" when drawn as pixels, else ""
  int pixel_width = 0, pixel_height = 0;  // of the last picture sent, in pixels
};

class Presenter {
 public:
  virtual ~Presenter() = default;
  virtual void show(const Event& event) = 0;
  virtual void status(const StatusModel& status) = 0;
  /// The newest remote frame (and self view, may be null) to draw now; stale frames are never queued.
  virtual void video(std::shared_ptr<const media::VideoFrame> remote,
                     std::shared_ptr<const media::VideoFrame> self) = 0;
  /// The call ended: back to the idle picture.
  virtual void video_ended() = 0;
  /// Video style, colour, self view or output rate changed (`set`).
  virtual void video_settings(const VideoSettings& settings) = 0;
  virtual RenderStats render_stats() const = 0;
};

/// The lines to show for an event: the application's own multi-line texts (help, stats) are
/// split at their newlines; untrusted text (chat, anything with a sender) stays one line, so
/// that a peer cannot forge extra log lines.
std::vector<std::string> display_lines(const Event& event);

/// "HH:MM" in local time.
std::string format_clock(std::chrono::system_clock::time_point time);

}  // namespace clivrt::app
