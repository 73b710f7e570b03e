// SDP from a hostile peer (offers and answers are relayed verbatim by the server): the text
// helpers that read and rewrite it must take anything.
#include <cstdint>
#include <string_view>

#include "sdp_text.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace clivrt::media::sdp;
  const std::string_view sdp(reinterpret_cast<const char*>(data), size);
  (void)media_sections(sdp);
  (void)bundle_has_mixed_ufrags(sdp);
  (void)media_sections(without_bundle_group(sdp));
  (void)media_sections(with_setup_role(sdp, "active"));
  (void)normalize_candidate(sdp);
  return 0;
}
