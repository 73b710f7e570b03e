#include "declined_upgrade.hpp"

#include <algorithm>
#include <cctype>

#include "clivrt/text/sanitize.hpp"
#include "clivrt/text/utf8.hpp"

namespace clivrt::signaling {

namespace {
constexpr int kMaxBodyColumns = 160;
constexpr std::chrono::seconds kMaxRetryAfter{3600};

std::chrono::seconds parse_delta_seconds(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  if (text.empty() || text.size() > 9) return {};  // an HTTP-date, or absurd: no hint
  if (!std::all_of(text.begin(), text.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
    return {};
  }
  return std::min(std::chrono::seconds(std::stol(std::string(text))), kMaxRetryAfter);
}
}  // namespace

DeclinedUpgrade describe_declined_upgrade(unsigned status, std::string_view reason_phrase, std::string_view body,
                                          std::string_view retry_after) {
  body = body.substr(0, body.find_first_of("\r\n"));
  std::string reason = "server refused the connection (" + std::to_string(status);
  const std::string phrase = text::sanitize_for_terminal(reason_phrase.substr(0, 64));
  if (!phrase.empty()) reason += " " + phrase;
  reason += ")";
  const std::string said = text::sanitize_for_terminal(body.substr(0, 4 * kMaxBodyColumns));
  if (!said.empty()) reason += ": " + std::string(text::fit_width(said, kMaxBodyColumns));
  return {reason, parse_delta_seconds(retry_after)};
}

}  // namespace clivrt::signaling
