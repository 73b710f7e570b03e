#include "clivrt/protocol/codec.hpp"

#include "clivrt/protocol/username.hpp"

namespace clivrt::protocol {

std::optional<Json> parse_frame(std::string_view frame, std::string& error) {
  Json message = Json::parse(frame, nullptr, /*allow_exceptions=*/false);
  if (message.is_discarded()) {
    error = "frame is not valid JSON";
    return std::nullopt;
  }
  if (!message.is_object()) {
    error = "frame is not a JSON object";
    return std::nullopt;
  }
  const auto type = message.find("type");
  if (type == message.end() || !type->is_string()) {
    error = "frame has no string \"type\"";
    return std::nullopt;
  }
  return message;
}

std::string serialize(const Json& message) { return message.dump(-1, ' ', false, Json::error_handler_t::replace); }

Json make_userlist(const std::vector<std::string>& sorted_users) {
  return Json{{"type", "userlist"}, {"users", sorted_users}};
}

Json make_presence(const std::vector<std::string>& joined, const std::vector<std::string>& left) {
  return Json{{"type", "presence"}, {"joined", joined}, {"left", left}};
}

Json make_server_text(std::string_view text) {
  return Json{{"type", "message"}, {"name", kServerName}, {"text", text}};
}

Json make_resume_token(std::string_view token) { return Json{{"type", kResumeTokenType}, {"token", token}}; }

Json make_error(std::string_view code, std::string_view message) {
  return Json{{"type", "error"}, {"name", kServerName}, {"code", code}, {"message", message}};
}

}  // namespace clivrt::protocol
