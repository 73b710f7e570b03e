#pragma once
// Logging set-up shared by the client and the server. The client logs to a file only:
// nothing may ever write over its full-screen UI.
#include <optional>
#include <string>
#include <string_view>

namespace clivrt {

enum class LogLevel { debug, info, warn, error, critical, off };

/// Parses DEBUG/INFO/WARN(ING)/ERROR/CRITICAL/OFF (any case); nullopt if unknown.
std::optional<LogLevel> parse_log_level(std::string_view text);

/// Routes the default spdlog logger to `file` (appending), or to stderr when `file` is empty.
/// Throws std::runtime_error if the file cannot be opened.
void init_logging(const std::string& file, LogLevel level, const std::string& logger_name);

}  // namespace clivrt
