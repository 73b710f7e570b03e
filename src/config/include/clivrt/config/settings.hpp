#pragma once
// Everything the client can be configured with, validated. Filled from the config file first,
// then overridden by command-line flags.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "clivrt/common/logging.hpp"
#include "clivrt/common/option_doc.hpp"

namespace clivrt::config {

struct VideoSize {
  int width = 640;
  int height = 480;
  bool operator==(const VideoSize&) const = default;
};

struct Settings {
  std::string signaling_url = "ws://127.0.0.1:8080";
  std::string username;     // empty: log in as an anonymous user
  bool autoanswer = false;  // a stranger must not turn your camera on
  int ring_timeout = 30;    // seconds an unanswered call rings
  LogLevel log_level = LogLevel::info;
  std::string log_file;         // empty: default_log_file()
  std::string video_style;      // empty: half-block with colour, just-ascii without
  std::string color = "auto";   // auto | truecolor | 256 | 16 | none
  std::string webcam = "auto";  // auto | test | none | /dev/videoN | file:PATH
  int framerate = 30;
  int frame_interval = 1;  // draw every Nth received frame
  VideoSize video_size;
  bool selfview = true;
  std::optional<std::size_t> max_output_rate;  // video bytes/s to the terminal; none = auto; 0 = unlimited
  std::string microphone = "auto";  // auto | test | none | device name
  std::string speaker = "auto";
  bool echo_cancellation = true;
  std::string ca_file;                     // extra CA for wss://, besides the system store
  std::vector<std::string> ice_addresses;  // empty: gather on every interface; else only these
  std::vector<std::string> ice_servers;    // stun:/turn:/turns: URLs added to the server's list
  bool ice_servers_none = false;           // ice_servers = none: no STUN/TURN at all, not even the server's
  std::string ice_transport = "all";       // all | relay (every call through TURN: the peer never sees your IP)
  bool headless = false;                   // line mode even on a terminal
  bool json = false;                       // line mode prints JSON lines
  bool demo = false;                       // embedded server + echo peer

  std::string config_path;            // the file that was read, empty if none
  std::vector<std::string> warnings;  // unknown keys etc., shown once at start-up
};

/// Values the settings accept, for messages and completion.
inline constexpr std::string_view kVideoStyles[] = {"half-block", "just-ascii", "ascii-color", "filled-ascii", "pixels", "auto"};
inline constexpr std::string_view kColorModes[] = {"auto", "truecolor", "256", "16", "none"};
inline constexpr std::string_view kIceTransports[] = {"all", "relay"};
inline constexpr std::string_view kOutputRates[] = {"auto", "unlimited", "100K", "200K", "400K", "1M"};
inline constexpr std::size_t kMinOutputRate = 16 * 1024;  // one row of a wide truecolor pane
inline constexpr std::string_view kLogLevels[] = {"DEBUG", "INFO", "WARN", "ERROR", "CRITICAL"};

/// Sets `key` (a config-file key, lower case) from `value`. Returns an empty string on success,
/// else what is allowed ("must be ..."). Unknown keys return "unknown key".
std::string apply_setting(Settings& settings, std::string_view key, std::string_view value);

/// True if `key` is a known config key.
bool is_known_key(std::string_view key);

/// The values `key` accepts when they are a fixed set (videostyle, color…), else none.
std::vector<std::string_view> setting_choices(std::string_view key);

/// One config key's value shape, summary and choices; nothing for an unknown key.
std::optional<OptionDoc> describe_setting(std::string_view key);

/// Every config key with its value's shape and summary: clivrt.conf(5) and the completions.
std::vector<OptionDoc> describe_settings();

/// Sets `rate` from "auto" (nullopt), "unlimited" (0) or bytes per second: a number with an
/// optional K or M (x1024, x1024²), B and /s, at least kMinOutputRate. Returns an error message
/// (and leaves `rate` alone), or empty on success.
std::string parse_output_rate(std::string_view text, std::optional<std::size_t>& rate);

/// The byte rate as people write it: "unlimited", "400K", "1.5M", "900".
std::string format_output_rate(std::size_t bytes_per_second);

/// Default log file: $XDG_STATE_HOME/clivrt/clivrt.log or ~/.local/state/clivrt/clivrt.log.
std::string default_log_file();

}  // namespace clivrt::config
