#include "mdn_compat.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <utility>

#include "clivrt/protocol/codec.hpp"
#include "clivrt/protocol/username.hpp"

namespace clivrt::server::mdn {

namespace {
bool name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
}

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}
}  // namespace

bool offers_json_subprotocol(std::string_view header) {
  while (!header.empty()) {
    const auto comma = header.find(',');
    auto token = header.substr(0, comma);
    while (!token.empty() && (token.front() == ' ' || token.front() == '\t')) token.remove_prefix(1);
    while (!token.empty() && (token.back() == ' ' || token.back() == '\t')) token.remove_suffix(1);
    if (token == kSubprotocol) return true;
    if (comma == std::string_view::npos) break;
    header.remove_prefix(comma + 1);
  }
  return false;
}

std::int64_t next_id() {
  static std::atomic<std::int64_t> counter{0};
  return ++counter;
}

std::string id_frame(std::int64_t id) { return nlohmann::json{{"type", "id"}, {"id", id}}.dump(); }

std::string reject_username_frame(std::int64_t id, std::string_view granted) {
  return nlohmann::json{{"type", "rejectusername"}, {"id", id}, {"name", granted}}.dump();
}

std::string base_name(std::string_view requested) {
  std::string name(requested.substr(0, protocol::kMaxUsernameLength));
  std::replace_if(
      name.begin(), name.end(), [](char c) { return !name_char(c); }, '_');
  if (!protocol::is_valid_username(name)) name = "user";  // empty, or the reserved SERVER
  return name;
}

std::string candidate_name(std::string_view base, int attempt) {
  if (attempt <= 0) return std::string(base);
  const auto suffix = std::to_string(attempt);
  return std::string(base.substr(0, protocol::kMaxUsernameLength - suffix.size())) + suffix;
}

std::optional<std::string> adapt_outgoing(std::string_view frame, std::int64_t now_ms) {
  // Cheap test first: only chat messages change, and most frames relayed in a call are ICE/SDP.
  if (frame.find("\"message\"") == std::string_view::npos) return std::nullopt;
  auto message = nlohmann::json::parse(frame, nullptr, false);
  if (!message.is_object() || message.value("type", "") != "message") return std::nullopt;
  const auto text = message.find("text");
  if (text != message.end() && text->is_string()) *text = html_escape(text->get<std::string>());
  if (!message.contains("date")) message["date"] = now_ms;
  return protocol::serialize(message);
}

HangUpRouting fill_hang_up_target(nlohmann::json& message, std::optional<std::string>& call_peer) {
  const auto type = message.value("type", "");
  const auto target = message.find("target");
  const bool named = target != message.end() && target->is_string();
  if (type == "video-offer" || type == "video-answer" || type == "new-ice-candidate") {
    if (named) call_peer = target->get<std::string>();
    return HangUpRouting::as_sent;
  }
  if (type != "hang-up") return HangUpRouting::as_sent;
  auto peer = std::exchange(call_peer, std::nullopt);
  if (named) return HangUpRouting::as_sent;
  if (target != message.end() && !target->is_null()) return HangUpRouting::as_sent;  // a malformed target
  if (!peer) return HangUpRouting::drop;
  message["target"] = std::move(*peer);
  return HangUpRouting::filled_in;
}

}  // namespace clivrt::server::mdn
