#pragma once
// Session resumption: a client whose connection died (its address changed, Wi-Fi roamed) logs in
// again before the server has noticed the old connection is dead. Without proof it would be
// refused ("name taken") until the server's idle timeout; with the token the server handed it at
// login it takes its own name over at once (docs/protocol.md, "resume-token").
#include <string>
#include <string_view>

namespace clivrt::server {

/// 128 random bits from OpenSSL's CSPRNG, as 32 lowercase hex digits.
std::string new_resume_token();

/// Constant-time comparison (no timing oracle on the token); an empty token never matches.
bool same_resume_token(std::string_view presented, std::string_view issued);

}  // namespace clivrt::server
