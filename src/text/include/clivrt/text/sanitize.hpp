#pragma once
// Makes untrusted text (chat, usernames, error strings from the network) safe to print on a
// terminal. Terminal injection is a security bug: nothing a peer sends may reach the terminal
// as a control sequence.
#include <string>
#include <string_view>

namespace clivrt::text {

/// Returns `untrusted` with every character that a terminal would interpret shown inert:
///  - C0 controls and DEL in caret notation (ESC -> "^[", BEL -> "^G", DEL -> "^?"), newlines included;
///  - C1 controls (U+0080..U+009F, e.g. the 8-bit CSI U+009B) as "<U+009B>";
///  - bidirectional overrides/isolates (U+202A..U+202E, U+2066..U+2069), which can reorder what
///    the reader sees, as "<U+202E>";
///  - invalid UTF-8 as U+FFFD.
/// Everything else, including wide characters and emoji, is kept.
std::string sanitize_for_terminal(std::string_view untrusted);

}  // namespace clivrt::text
