// Chat text, usernames and server errors on their way to the terminal: after sanitising,
// nothing a terminal interprets may remain (no C0/C1 controls, no bidi overrides), and the
// result is valid UTF-8.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "clivrt/text/sanitize.hpp"
#include "clivrt/text/utf8.hpp"

namespace {

bool forbidden(char32_t c) {
  return c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f) || (c >= 0x202a && c <= 0x202e) ||
         (c >= 0x2066 && c <= 0x2069);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string safe =
      clivrt::text::sanitize_for_terminal(std::string_view(reinterpret_cast<const char*>(data), size));
  std::string reencoded;  // equal to `safe` only if it was valid UTF-8 (bad bytes decode to U+FFFD)
  for (std::size_t pos = 0; pos < safe.size();) {
    const char32_t c = clivrt::text::decode_utf8(safe, pos);
    if (forbidden(c)) std::abort();
    clivrt::text::append_utf8(reencoded, c);
  }
  if (reencoded != safe) std::abort();
  return 0;
}
