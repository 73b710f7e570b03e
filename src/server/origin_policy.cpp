#include "origin_policy.hpp"

#include <algorithm>
#include <cctype>

namespace clivrt::server {

namespace {
// Scheme and host are case-insensitive (RFC 6454 serializes them in lower case); a trailing slash
// some tools add to configured origins is ignored.
std::string normalize(std::string_view origin) {
  std::string out(origin);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  while (!out.empty() && out.back() == '/') out.pop_back();
  return out;
}
}  // namespace

bool origin_allowed(const std::vector<std::string>& allowed, std::optional<std::string_view> origin,
                    std::string_view host, bool tls) {
  if (!origin) return true;
  const auto wanted = normalize(*origin);
  if (allowed.empty()) {
    return !host.empty() && wanted == normalize(std::string(tls ? "https://" : "http://") + std::string(host));
  }
  return std::any_of(allowed.begin(), allowed.end(),
                     [&](const std::string& entry) { return entry == "*" || normalize(entry) == wanted; });
}

}  // namespace clivrt::server
