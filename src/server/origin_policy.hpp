#pragma once
// Which browser pages may open a WebSocket to the server (cross-site WebSocket hijacking: a page
// on any site could otherwise log in under the visitor's name). Pure, unit-tested.
//  - no Origin header: a non-browser client (clivrt, scripts): allowed;
//  - `allowed` empty: only the server's own origin, "http(s)://" + the Host header;
//  - otherwise: exactly the listed origins ("*" allows every origin).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace clivrt::server {

bool origin_allowed(const std::vector<std::string>& allowed, std::optional<std::string_view> origin,
                    std::string_view host, bool tls);

}  // namespace clivrt::server
