#pragma once
// Frame-level codec shared by client and server: a frame is one WebSocket text message holding
// a JSON object with a string "type". Untrusted input never throws out of here.
#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace clivrt::protocol {

using Json = nlohmann::json;

/// Error codes the server sends in {"type":"error","code":...}. Stable: clients match on them.
namespace error_code {
inline constexpr std::string_view kMalformed = "malformed";           // not JSON / not object / no type
inline constexpr std::string_view kUnknownTarget = "unknown-target";  // target user is not online
inline constexpr std::string_view kNameTaken = "name-taken";          // login refused, name in use
inline constexpr std::string_view kInvalidUsername = "invalid-username";
inline constexpr std::string_view kServerFull = "server-full";
}  // namespace error_code

/// WebSocket close codes (RFC 6455 §7.4; 4000–4999 are ours) used when refusing a login.
namespace close_code {
inline constexpr unsigned short kInvalidUsername = 4400;
inline constexpr unsigned short kNameTaken = 4409;
inline constexpr unsigned short kServerFull = 4503;
// The same user logged in again with its resume token: this older connection is closed.
inline constexpr unsigned short kReplaced = 4410;
}  // namespace close_code

/// Parses a frame. On failure returns nullopt and sets `error` to a one-line reason.
std::optional<Json> parse_frame(std::string_view frame, std::string& error);

/// Serialises a message. Invalid UTF-8 in strings is replaced, never thrown on.
std::string serialize(const Json& message);

// Messages the server originates.
Json make_userlist(const std::vector<std::string>& sorted_users);
Json make_presence(const std::vector<std::string>& joined, const std::vector<std::string>& left);
Json make_server_text(std::string_view text);
Json make_error(std::string_view code, std::string_view message);
/// {"type":"resume-token","token":...}: sent after login to clients that asked (resume=).
inline constexpr std::string_view kResumeTokenType = "resume-token";
Json make_resume_token(std::string_view token);

}  // namespace clivrt::protocol
