#include "clivrt/config/settings.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <span>

#include "clivrt/protocol/ice_servers.hpp"

namespace clivrt::config {

namespace {

using Setter = std::function<std::string(Settings&, std::string_view)>;

std::string lower(std::string_view text) {
  std::string out(text);
  std::ranges::transform(out, out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::optional<int> parse_int(std::string_view text) {
  int value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::optional<bool> parse_bool(std::string_view text) {
  const std::string value = lower(text);
  if (value == "true" || value == "yes" || value == "on" || value == "1") return true;
  if (value == "false" || value == "no" || value == "off" || value == "0") return false;
  return std::nullopt;
}

Setter boolean(bool Settings::*field) {
  return [field](Settings& s, std::string_view v) -> std::string {
    const auto parsed = parse_bool(v);
    if (!parsed) return "must be true or false (also yes/no, on/off, 1/0)";
    s.*field = *parsed;
    return {};
  };
}

Setter integer(int Settings::*field, int min, int max) {
  return [=](Settings& s, std::string_view v) -> std::string {
    const auto parsed = parse_int(v);
    if (!parsed || *parsed < min || *parsed > max) {
      return "must be a whole number from " + std::to_string(min) + " to " + std::to_string(max);
    }
    s.*field = *parsed;
    return {};
  };
}

Setter text(std::string Settings::*field) {
  return [field](Settings& s, std::string_view v) -> std::string {
    s.*field = std::string(v);
    return {};
  };
}

std::string must_be_one_of(std::span<const std::string_view> allowed) {
  std::string message = "must be one of:";
  for (const auto option : allowed) message += " " + std::string(option);
  return message;
}

template <std::size_t N>
Setter one_of(std::string Settings::*field, const std::string_view (&allowed)[N]) {
  return [field, &allowed](Settings& s, std::string_view v) -> std::string {
    const std::string value = lower(v);
    if (std::ranges::find(allowed, value) == std::end(allowed)) return must_be_one_of(allowed);
    s.*field = value;
    return {};
  };
}

std::string set_url(Settings& s, std::string_view v) {
  if (!(v.starts_with("ws://") || v.starts_with("wss://")) || v.size() <= 6) {
    return "must start with ws:// or wss:// followed by a host, e.g. ws://127.0.0.1:8080";
  }
  s.signaling_url = std::string(v);
  return {};
}

std::string set_log_level(Settings& s, std::string_view v) {
  const auto level = parse_log_level(v);
  if (!level) return must_be_one_of(kLogLevels);
  s.log_level = *level;
  return {};
}

std::string set_video_size(Settings& s, std::string_view v) {
  const auto x = v.find_first_of("xX");
  const auto width = x == std::string_view::npos ? std::nullopt : parse_int(v.substr(0, x));
  const auto height = x == std::string_view::npos ? std::nullopt : parse_int(v.substr(x + 1));
  if (!width || !height || *width < 16 || *height < 16 || *width > 3840 || *height > 2160) {
    return "must be WIDTHxHEIGHT between 16x16 and 3840x2160, e.g. 640x480";
  }
  s.video_size = {*width, *height};
  return {};
}

std::string set_webcam(Settings& s, std::string_view v) {
  if (v.empty()) return "must be auto, test, none, a device path like /dev/video0, or file:PATH";
  if (v.starts_with("file:") && v.size() == 5) return "file: needs a path, e.g. file:/home/me/clip.webm";
  s.webcam = std::string(v);
  return {};
}

std::string set_username(Settings& s, std::string_view v) {
  // Validated against the server's rules when logging in, so that the error names the rule.
  s.username = std::string(v);
  return {};
}

/// The non-empty items of a comma-separated list, spaces around each trimmed.
std::vector<std::string_view> split_list(std::string_view v) {
  std::vector<std::string_view> items;
  for (std::size_t start = 0; start <= v.size();) {
    const std::size_t comma = std::min(v.find(',', start), v.size());
    std::string_view item = v.substr(start, comma - start);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (!item.empty()) items.push_back(item);
    start = comma + 1;
  }
  return items;
}

std::string set_ice_addresses(Settings& s, std::string_view v) {
  std::vector<std::string> addresses;
  for (const auto item : split_list(v)) {
    const bool plausible = item.find_first_not_of("0123456789abcdefABCDEF.:") == std::string_view::npos;
    if (!plausible) return "must be a comma-separated list of IP addresses, e.g. 127.0.0.1";
    addresses.emplace_back(item);
  }
  s.ice_addresses = std::move(addresses);
  return {};
}

std::string set_ice_servers(Settings& s, std::string_view v) {
  std::vector<std::string> urls;
  const bool none = lower(v) == "none";
  for (const auto item : none ? std::vector<std::string_view>{} : split_list(v)) {
    std::string error;
    const auto url = protocol::parse_ice_url(item, error);
    if (!url) return "has a bad URL \"" + std::string(item) + "\": " + error;
    if (url->scheme != protocol::IceScheme::stun && url->username.empty()) {
      return "has a TURN URL without credentials: write turn:USER:PASSWORD@HOST[:PORT]";
    }
    urls.emplace_back(item);
  }
  s.ice_servers = std::move(urls);
  s.ice_servers_none = none;
  return {};
}

std::string set_output_rate(Settings& s, std::string_view v) { return parse_output_rate(v, s.max_output_rate); }

// Booleans also take true/false, yes/no and 1/0; completion offers the short pair.
constexpr std::string_view kBooleans[] = {"on", "off"};

struct Key {
  std::string_view name;
  Setter set;
  std::string_view value;    // what the value looks like, for documentation
  std::string_view summary;  // one sentence: the man page, --help and completions show it
  std::span<const std::string_view> choices = {};
};

const std::vector<Key>& keys() {
  static const std::vector<Key> table = {
      {"signalinghosturl", set_url, "URL",
       "signaling server URL, ws://HOST:PORT or wss://HOST[:PORT] (default ws://127.0.0.1:8080)"},
      {"username", set_username, "NAME", "username to log in with (default: an anonymous Anon… name)"},
      {"autoanswer", boolean(&Settings::autoanswer), "BOOL", "answer incoming calls at once: on or off (default off)",
       kBooleans},
      {"ring_timeout", integer(&Settings::ring_timeout, 5, 300), "SECONDS",
       "how long an unanswered call rings, 5 to 300 (default 30)"},
      {"loglevel", set_log_level, "LEVEL", "DEBUG, INFO, WARN, ERROR or CRITICAL (default INFO)", kLogLevels},
      {"logfile", text(&Settings::log_file), "FILE",
       "log file, never the terminal (default $XDG_STATE_HOME/clivrt/clivrt.log)"},
      {"videostyle", one_of(&Settings::video_style, kVideoStyles), "STYLE",
       "how video is drawn: half-block (the default with colour), just-ascii, ascii-color, filled-ascii, "
       "pixels (kitty graphics or sixel where the terminal answers that it shows them, else half-block with "
       "a notice) or auto (pixels where shown, half-block elsewhere)",
       kVideoStyles},
      {"color", one_of(&Settings::color, kColorModes), "DEPTH",
       "colour depth: auto (from COLORTERM, TERM and NO_COLOR), truecolor, 256, 16 or none", kColorModes},
      {"webcam", set_webcam, "SOURCE", "video source: auto, test, none, /dev/videoN or file:PATH (default auto)"},
      {"framerate", integer(&Settings::framerate, 1, 60), "FPS",
       "frames per second the camera sends, 1 to 60 (default 30)"},
      {"frame_interval", integer(&Settings::frame_interval, 1, 60), "N",
       "draw every Nth received frame, 1 to 60 (default 1)"},
      {"video_size", set_video_size, "WxH", "size of the video you send, e.g. 640x480 (the default)"},
      {"selfview", boolean(&Settings::selfview), "BOOL",
       "show your own picture small in a corner during a call: on or off (default on)", kBooleans},
      {"max_output_rate", set_output_rate, "RATE",
       "most video bytes per second written to the terminal: auto (400K, 200K over ssh), unlimited, or "
       "a number with K or M (x1024), e.g. 300K; frames are drawn to fit, the newest first",
       kOutputRates},
      {"microphone", text(&Settings::microphone), "DEVICE",
       "auto, test, none or a device name from the devices command (default auto)"},
      {"speaker", text(&Settings::speaker), "DEVICE",
       "auto, none, a device name or file:PATH to record the call's sound as WAV (default auto)"},
      {"echo_cancellation", boolean(&Settings::echo_cancellation), "BOOL",
       "cancel the echo of the peer's voice from your microphone: on or off (default on)", kBooleans},
      {"ca_file", text(&Settings::ca_file), "FILE",
       "extra CA certificate (PEM) trusted for wss://, besides the system's"},
      {"ice_addresses", set_ice_addresses, "LIST",
       "only these local addresses for calls, comma-separated, e.g. 127.0.0.1 (default every interface)"},
      {"ice_servers", set_ice_servers, "URLS",
       "STUN/TURN servers added to the server's, comma-separated stun:HOST[:PORT] or "
       "turn:USER:PASSWORD@HOST[:PORT][?transport=tcp]; none = none at all"},
      {"ice_transport", one_of(&Settings::ice_transport, kIceTransports), "POLICY",
       "all, or relay: every call through TURN, so the peer never learns your address", kIceTransports},
  };
  return table;
}

const Key* find_key(std::string_view name) {
  const auto& table = keys();
  const auto it = std::ranges::find(table, name, &Key::name);
  return it == table.end() ? nullptr : &*it;
}

OptionDoc to_doc(const Key& key) {
  OptionDoc doc;
  doc.name = key.name;
  doc.value = key.value;
  doc.summary = key.summary;
  doc.choices.assign(key.choices.begin(), key.choices.end());
  return doc;
}

}  // namespace

std::string apply_setting(Settings& settings, std::string_view key, std::string_view value) {
  const Key* entry = find_key(lower(key));
  if (!entry) return "unknown key";
  return entry->set(settings, value);
}

bool is_known_key(std::string_view key) { return find_key(lower(key)) != nullptr; }

std::vector<std::string_view> setting_choices(std::string_view key) {
  const Key* entry = find_key(lower(key));
  if (!entry) return {};
  return {entry->choices.begin(), entry->choices.end()};
}

std::optional<OptionDoc> describe_setting(std::string_view key) {
  const Key* entry = find_key(lower(key));
  if (!entry) return std::nullopt;
  return to_doc(*entry);
}

std::vector<OptionDoc> describe_settings() {
  std::vector<OptionDoc> docs;
  for (const Key& key : keys()) docs.push_back(to_doc(key));
  return docs;
}

std::string parse_output_rate(std::string_view text, std::optional<std::size_t>& rate) {
  const std::string value = lower(text);
  if (value == "auto" || value == "unlimited") {
    rate = value == "auto" ? std::nullopt : std::optional<std::size_t>{0};
    return {};
  }
  std::string_view rest = value;
  if (rest.ends_with("/s")) rest.remove_suffix(2);
  if (rest.ends_with("b")) rest.remove_suffix(1);
  double scale = 1;
  if (rest.ends_with("k")) scale = 1024;
  if (rest.ends_with("m")) scale = 1024.0 * 1024;
  if (scale > 1) rest.remove_suffix(1);
  double number = 0;
  const auto [end, problem] = std::from_chars(rest.data(), rest.data() + rest.size(), number);
  const double bytes = number * scale;
  if (rest.empty() || problem != std::errc{} || end != rest.data() + rest.size() || !(bytes >= kMinOutputRate) ||
      bytes > 1e12) {
    return "must be auto, unlimited or a rate of at least 16K, e.g. 400K or 1M (K = 1024 bytes per second)";
  }
  rate = static_cast<std::size_t>(bytes);
  return {};
}

std::string format_output_rate(std::size_t bytes_per_second) {
  if (bytes_per_second == 0) return "unlimited";
  char text[32];
  const double k = static_cast<double>(bytes_per_second) / 1024;
  if (k >= 1024) {
    std::snprintf(text, sizeof text, "%.3gM", k / 1024);
  } else if (bytes_per_second >= 1024) {
    std::snprintf(text, sizeof text, "%.3gK", k);
  } else {
    std::snprintf(text, sizeof text, "%zu", bytes_per_second);
  }
  return text;
}

std::string default_log_file() {
  if (const char* state = std::getenv("XDG_STATE_HOME"); state && *state) {
    return std::string(state) + "/clivrt/clivrt.log";
  }
  const char* home = std::getenv("HOME");
  return std::string(home && *home ? home : "/tmp") + "/.local/state/clivrt/clivrt.log";
}

}  // namespace clivrt::config
