#pragma once
// Values the application hands to the terminal UI. Every string in them is untrusted: the UI
// sanitizes it (clivrt::text::sanitize_for_terminal) before anything reaches the terminal.
#include <string>

namespace clivrt::tui {

enum class LogKind { chat, info, warning, error, self };

/// One entry of the chat/event log, drawn as `HH:MM sender: text` (no `sender: ` when empty).
struct LogLine {
  std::string time;  ///< supplied by the caller, e.g. "14:03"
  std::string sender;
  std::string text;
  LogKind kind = LogKind::chat;
};

/// The status bar: 📢 chat server, 👤 peer, a hint, and free-form fields on the right.
struct StatusInfo {
  bool server_connected = false;
  bool server_secure = false;  ///< wss (🔒) or ws (🔓); shown only when connected
  std::string server_text;     ///< e.g. "alice @ 127.0.0.1:8080" or "reconnecting in 4s"
  bool peer_connected = false;
  bool peer_secure = false;   ///< 🔒 when the media path is encrypted
  bool peer_relayed = false;  ///< ↻ when the media goes through a TURN relay
  std::string peer_text = "none";
  std::string hint;   ///< e.g. "/help"
  std::string right;  ///< right-aligned fields, e.g. mic/camera icons, levels

  bool operator==(const StatusInfo&) const = default;
};

/// Where the video pane is on screen (0-based cells). `epoch` changes whenever what the pane
/// showed was lost (resize, redraw after suspend, banner shown): frames encoded against an older
/// epoch must be re-encoded in full (no previous grid).
struct VideoArea {
  int row = 0;
  int col = 0;
  int width = 0;
  int height = 0;
  unsigned long epoch = 0;

  bool operator==(const VideoArea&) const = default;
};

}  // namespace clivrt::tui
