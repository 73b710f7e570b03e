#pragma once
// Typed view of the messages a client receives and sends (docs/protocol.md). Values only:
// copyable, comparable, no I/O. The server relays frames untouched and does not use these.
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "clivrt/protocol/codec.hpp"
#include "clivrt/protocol/ice_servers.hpp"

namespace clivrt::protocol {

struct ChatMessage {  // {"type":"message","name":from,"text":...}
  std::string from;
  std::string text;
  bool operator==(const ChatMessage&) const = default;
};
struct UserList {  // {"type":"userlist","users":[...]}: the full roster
  std::vector<std::string> users;
  bool operator==(const UserList&) const = default;
};
struct Presence {  // {"type":"presence","joined":[...],"left":[...]}: a roster delta
  std::vector<std::string> joined;
  std::vector<std::string> left;
  bool operator==(const Presence&) const = default;
};
struct ServerError {  // {"type":"error","code":...,"message":...}
  std::string code;
  std::string message;
  bool operator==(const ServerError&) const = default;
};
struct SessionDescription {  // RTCSessionDescriptionInit
  std::string type;          // "offer" | "answer"
  std::string sdp;
  bool operator==(const SessionDescription&) const = default;
};
/// What a clivrt peer can do beyond the MDN sample's calls, announced in offers and answers
/// ("features"); peers that do not list one never get it.
inline constexpr const char* kFeatureReconnect = "reconnect";  // rebuilds a broken call (call-reconnect)

struct VideoOffer {  // {"type":"video-offer","sdp":{...}}
  std::string from;
  SessionDescription sdp;
  std::vector<std::string> media;     // optional hint: "audio", "video"
  std::vector<std::string> features;  // optional: kFeature... names
  bool reconnect = false;             // replaces the broken connection of the call in progress
  bool operator==(const VideoOffer&) const = default;
};
struct VideoAnswer {  // {"type":"video-answer","sdp":{...}}
  std::string from;
  SessionDescription sdp;
  std::vector<std::string> features;
  bool operator==(const VideoAnswer&) const = default;
};
struct CallReconnect {  // {"type":"call-reconnect"}: "my connection to you broke, let us rebuild it"
  std::string from;
  bool operator==(const CallReconnect&) const = default;
};
struct IceCandidate {  // {"type":"new-ice-candidate","candidate":{...}}; empty candidate = end
  std::string from;
  std::string candidate;
  std::optional<std::string> sdp_mid;
  std::optional<int> sdp_mline_index;
  bool operator==(const IceCandidate&) const = default;
};
struct HangUp {  // {"type":"hang-up","reason":...}; reason optional ("busy", "declined", ...)
  std::string from;
  std::string reason;
  bool operator==(const HangUp&) const = default;
};
struct OtherMessage {  // any other type: kept so that nothing is silently dropped
  std::string type;
  std::string from;
  Json body;
  bool operator==(const OtherMessage&) const = default;
};

using Incoming = std::variant<ChatMessage, UserList, Presence, ServerError, VideoOffer, VideoAnswer, IceCandidate,
                              HangUp, CallReconnect, IceServers, OtherMessage>;

/// Decodes a parsed frame; nullopt with `error` set when a known type has a malformed body.
std::optional<Incoming> decode_incoming(const Json& message, std::string& error);

// Outgoing messages; `target` empty means broadcast.
Json encode_chat(std::string_view text, std::string_view target = {});
/// `offer.from` is not sent (the server stamps `name`).
Json encode_offer(std::string_view target, const VideoOffer& offer);
Json encode_answer(std::string_view target, const VideoAnswer& answer);
Json encode_call_reconnect(std::string_view target);
Json encode_candidate(std::string_view target, const IceCandidate& candidate);
Json encode_hang_up(std::string_view target, std::string_view reason = {});

}  // namespace clivrt::protocol
