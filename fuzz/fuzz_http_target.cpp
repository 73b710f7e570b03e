// An HTTP request target from anyone on the internet: routing (/chat/{username}, /healthz) and
// the web client's static files. A served file must lie inside the web root, whatever the
// escapes, dots, slashes or NULs; the web root is the source tree's web/.
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string_view>

#include "clivrt/server/route.hpp"
#include "clivrt/server/static_files.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace clivrt::server;
  static const std::filesystem::path root = std::filesystem::canonical(CLIVRT_FUZZ_WEB_ROOT);
  const std::string_view target(reinterpret_cast<const char*>(data), size);
  const Route route = route_request(target);
  if (route.kind != RouteKind::chat && (route.username || route.resume)) std::abort();
  const StaticLookup found = lookup_static(root, target);
  if (found.status == StaticStatus::ok) {
    const auto inside = std::filesystem::relative(found.file, root);
    if (inside.empty() || *inside.begin() == "..") std::abort();
  }
  return 0;
}
