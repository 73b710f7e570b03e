#include "clivrt/text/sanitize.hpp"

#include <cstdio>

#include "clivrt/text/utf8.hpp"

namespace clivrt::text {

namespace {
bool is_bidi_control(char32_t cp) {
  return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E || cp == 0x200F ||
         cp == 0x061C;
}

void append_codepoint_label(std::string& out, char32_t cp) {
  char label[16];
  std::snprintf(label, sizeof label, "<U+%04X>", static_cast<unsigned>(cp));
  out += label;
}
}  // namespace

std::string sanitize_for_terminal(std::string_view untrusted) {
  std::string out;
  out.reserve(untrusted.size());
  for (std::size_t pos = 0; pos < untrusted.size();) {
    const char32_t cp = decode_utf8(untrusted, pos);
    if (cp < 0x20) {
      out += '^';
      out += static_cast<char>(cp + 0x40);
    } else if (cp == 0x7F) {
      out += "^?";
    } else if ((cp >= 0x80 && cp < 0xA0) || is_bidi_control(cp)) {
      append_codepoint_label(out, cp);
    } else {
      append_utf8(out, cp);
    }
  }
  return out;
}

}  // namespace clivrt::text
