#pragma once
// Compatibility with MDN's "webrtc-from-chat" sample client (docs/protocol.md, "MDN sample
// clients"): it connects with the WebSocket subprotocol "json" to any path, is given a numeric id,
// names itself with a `username` message, and renders chat text with innerHTML. Pure helpers,
// unit-tested; WsSession calls them.
#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace clivrt::server::mdn {

/// The subprotocol the sample asks for (`new WebSocket(url, "json")`).
inline constexpr std::string_view kSubprotocol = "json";
/// Error code for anything but `username` before the login.
inline constexpr std::string_view kLoginRequired = "login-required";

/// True when a Sec-WebSocket-Protocol header (comma-separated tokens) offers "json".
bool offers_json_subprotocol(std::string_view header);

/// A fresh connection id (process-wide counter), sent as {"type":"id","id":N}.
std::int64_t next_id();
std::string id_frame(std::int64_t id);
std::string reject_username_frame(std::int64_t id, std::string_view granted);

/// The requested name made valid (see protocol/username.hpp): characters outside [A-Za-z0-9_.-]
/// become '_', it is cut to the maximum length, and an empty or reserved name becomes "user".
std::string base_name(std::string_view requested);
/// Attempt 0 is `base`; attempt n (n >= 1) is `base` + n, the base cut so the result stays valid.
std::string candidate_name(std::string_view base, int attempt);

/// What an MDN client receives instead of `frame`, or nullopt when the frame is fine as is:
/// the sample shows chat `text` with innerHTML, so text is HTML-escaped; it shows `date` as a
/// time, so messages without one get the current time (ms since the epoch).
std::optional<std::string> adapt_outgoing(std::string_view frame, std::int64_t now_ms);

/// What to do with a message an MDN session sent, after fill_hang_up_target().
enum class HangUpRouting {
  as_sent,    // not a hang-up without a target: route it as usual
  filled_in,  // a target-less hang-up, now addressed to the remembered call peer
  drop,       // a target-less hang-up with no call peer remembered: nobody to tell
};

/// The sample's hangUpCall() clears its target before sending, so its hang-up arrives as
/// {"type":"hang-up","target":null} (or without "target"). `call_peer` is the session's memory:
/// a string target of a video-offer, video-answer or new-ice-candidate is remembered there; a
/// target-less hang-up gets that name as its target, and any hang-up forgets it.
/// Never broadcast such a hang-up: the sample ends its own call on any hang-up it receives.
HangUpRouting fill_hang_up_target(nlohmann::json& message, std::optional<std::string>& call_peer);

}  // namespace clivrt::server::mdn
