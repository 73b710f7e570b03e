#include "clivrt/protocol/messages.hpp"

namespace clivrt::protocol {

namespace {

// Reads an optional string field; false if present but not a string.
bool read_string(const Json& message, const char* key, std::string& out) {
  const auto it = message.find(key);
  if (it == message.end() || it->is_null()) return true;
  if (!it->is_string()) return false;
  out = it->get<std::string>();
  return true;
}

bool read_string_list(const Json& message, const char* key, std::vector<std::string>& out) {
  const auto it = message.find(key);
  if (it == message.end()) return true;
  if (!it->is_array()) return false;
  for (const auto& item : *it) {
    if (!item.is_string()) return false;
    out.push_back(item.get<std::string>());
  }
  return true;
}

bool read_description(const Json& message, SessionDescription& out) {
  const auto it = message.find("sdp");
  if (it == message.end() || !it->is_object()) return false;
  return read_string(*it, "type", out.type) && read_string(*it, "sdp", out.sdp) && !out.sdp.empty();
}

bool read_candidate(const Json& message, IceCandidate& out) {
  const auto it = message.find("candidate");
  if (it == message.end() || it->is_null()) return true;  // end-of-candidates
  if (it->is_string()) {                                  // some peers flatten the candidate
    out.candidate = it->get<std::string>();
    return true;
  }
  if (!it->is_object()) return false;
  if (!read_string(*it, "candidate", out.candidate)) return false;
  if (const auto mid = it->find("sdpMid"); mid != it->end() && mid->is_string()) {
    out.sdp_mid = mid->get<std::string>();
  }
  if (const auto index = it->find("sdpMLineIndex"); index != it->end() && index->is_number_integer()) {
    out.sdp_mline_index = index->get<int>();
  }
  return true;
}

}  // namespace

std::optional<Incoming> decode_incoming(const Json& message, std::string& error) {
  const std::string type = message.value("type", "");
  std::string from;
  if (!read_string(message, "name", from)) {
    error = "\"name\" is not a string";
    return std::nullopt;
  }
  const auto fail = [&](const char* what) -> std::optional<Incoming> {
    error = "malformed \"" + type + "\" message: " + what;
    return std::nullopt;
  };
  if (type == "message") {
    ChatMessage chat{from, {}};
    if (!read_string(message, "text", chat.text)) return fail("text is not a string");
    return chat;
  }
  if (type == "userlist") {
    UserList list;
    if (!read_string_list(message, "users", list.users)) return fail("users is not a list of names");
    return list;
  }
  if (type == "presence") {
    Presence delta;
    if (!read_string_list(message, "joined", delta.joined) || !read_string_list(message, "left", delta.left)) {
      return fail("joined/left is not a list of names");
    }
    return delta;
  }
  if (type == "error") {
    ServerError server_error;
    if (!read_string(message, "code", server_error.code) || !read_string(message, "message", server_error.message)) {
      return fail("code/message is not a string");
    }
    return server_error;
  }
  if (type == "video-offer" || type == "video-answer") {
    SessionDescription sdp;
    if (!read_description(message, sdp)) return fail("sdp is not {\"type\",\"sdp\"}");
    std::vector<std::string> features;
    if (!read_string_list(message, "features", features)) features.clear();  // optional: malformed = none
    if (type == "video-answer") return VideoAnswer{from, sdp, features};
    VideoOffer offer{from, sdp, {}, features, false};
    read_string_list(message, "media", offer.media);
    if (const auto reconnect = message.find("reconnect"); reconnect != message.end() && reconnect->is_boolean()) {
      offer.reconnect = reconnect->get<bool>();
    }
    return offer;
  }
  if (type == "call-reconnect") return CallReconnect{from};
  if (type == "new-ice-candidate") {
    IceCandidate candidate{from, {}, {}, {}};
    if (!read_candidate(message, candidate)) return fail("candidate is not an object");
    return candidate;
  }
  if (type == "hang-up") {
    HangUp hang_up{from, {}};
    read_string(message, "reason", hang_up.reason);
    return hang_up;
  }
  if (type == "ice-servers") {
    if (!from.empty()) return fail("only the server hands out ICE servers");  // relayed from a peer: refused
    auto servers = decode_ice_servers(message, error);
    if (!servers) return std::nullopt;
    return *servers;
  }
  return OtherMessage{type, from, message};
}

namespace {
Json with_target(Json message, std::string_view target) {
  if (!target.empty()) message["target"] = target;
  return message;
}
Json description_json(const SessionDescription& sdp) { return Json{{"type", sdp.type}, {"sdp", sdp.sdp}}; }
}  // namespace

Json encode_chat(std::string_view text, std::string_view target) {
  return with_target(Json{{"type", "message"}, {"text", text}}, target);
}

Json encode_offer(std::string_view target, const VideoOffer& offer) {
  Json message{{"type", "video-offer"}, {"sdp", description_json(offer.sdp)}};
  if (!offer.media.empty()) message["media"] = offer.media;
  if (!offer.features.empty()) message["features"] = offer.features;
  if (offer.reconnect) message["reconnect"] = true;
  return with_target(std::move(message), target);
}

Json encode_answer(std::string_view target, const VideoAnswer& answer) {
  Json message{{"type", "video-answer"}, {"sdp", description_json(answer.sdp)}};
  if (!answer.features.empty()) message["features"] = answer.features;
  return with_target(std::move(message), target);
}

Json encode_call_reconnect(std::string_view target) { return with_target(Json{{"type", "call-reconnect"}}, target); }

Json encode_candidate(std::string_view target, const IceCandidate& candidate) {
  Json body{{"candidate", candidate.candidate}};
  body["sdpMid"] = candidate.sdp_mid ? Json(*candidate.sdp_mid) : Json(nullptr);
  body["sdpMLineIndex"] = candidate.sdp_mline_index ? Json(*candidate.sdp_mline_index) : Json(nullptr);
  return with_target(Json{{"type", "new-ice-candidate"}, {"candidate", body}}, target);
}

Json encode_hang_up(std::string_view target, std::string_view reason) {
  Json message{{"type", "hang-up"}};
  if (!reason.empty()) message["reason"] = reason;
  return with_target(std::move(message), target);
}

}  // namespace clivrt::protocol
