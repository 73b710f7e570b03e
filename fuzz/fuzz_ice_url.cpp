// A STUN/TURN URL from the config, a flag or the signaling server's ice-servers message. What
// parses must print back (without credentials) to a URL that parses to the same server.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "clivrt/protocol/ice_servers.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace clivrt::protocol;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::string error;
  const auto url = parse_ice_url(text, error);
  if (!url) {
    if (error.empty()) std::abort();  // every refusal says why
    return 0;
  }
  auto expected = *url;
  expected.username.clear();
  expected.credential.clear();
  std::string again;
  const auto printed = parse_ice_url(to_string(*url), again);
  if (!printed || *printed != expected) std::abort();
  (void)host_port(*url);
  return 0;
}
