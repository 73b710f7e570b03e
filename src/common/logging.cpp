#include "clivrt/common/logging.hpp"

#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>

namespace clivrt {

std::optional<LogLevel> parse_log_level(std::string_view text) {
  std::string upper(text);
  std::ranges::transform(upper, upper.begin(), [](unsigned char c) { return std::toupper(c); });
  if (upper == "DEBUG") return LogLevel::debug;
  if (upper == "INFO") return LogLevel::info;
  if (upper == "WARN" || upper == "WARNING") return LogLevel::warn;
  if (upper == "ERROR") return LogLevel::error;
  if (upper == "CRITICAL") return LogLevel::critical;
  if (upper == "OFF") return LogLevel::off;
  return std::nullopt;
}

namespace {
spdlog::level::level_enum to_spdlog(LogLevel level) {
  switch (level) {
    case LogLevel::debug: return spdlog::level::debug;
    case LogLevel::info: return spdlog::level::info;
    case LogLevel::warn: return spdlog::level::warn;
    case LogLevel::error: return spdlog::level::err;
    case LogLevel::critical: return spdlog::level::critical;
    case LogLevel::off: return spdlog::level::off;
  }
  return spdlog::level::info;
}
}  // namespace

void init_logging(const std::string& file, LogLevel level, const std::string& logger_name) {
  std::shared_ptr<spdlog::logger> logger;
  if (file.empty()) {
    logger = std::make_shared<spdlog::logger>(logger_name, std::make_shared<spdlog::sinks::stderr_sink_mt>());
  } else {
    logger = std::make_shared<spdlog::logger>(logger_name, std::make_shared<spdlog::sinks::basic_file_sink_mt>(file));
  }
  logger->set_level(to_spdlog(level));
  logger->flush_on(spdlog::level::info);
  spdlog::set_default_logger(std::move(logger));
}

}  // namespace clivrt
