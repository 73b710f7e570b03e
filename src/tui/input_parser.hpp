#pragma once
// Splits the bytes read from the terminal into what the UI handles itself (PageUp/PageDown,
// Ctrl-C, Ctrl-Z, Ctrl-L, bracketed paste, the terminal's cursor position reports) and keys for
// readline. Escape sequences are kept
// whole, also across reads, so a key is never split between the UI and readline.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace clivrt::tui {

struct InputEvent {
  enum class Type { keys, page_up, page_down, paste, interrupt, suspend, redraw, cursor_report, reply };
  Type type = Type::keys;
  // keys: for readline; paste: the pasted text, line breaks made spaces; reply: the whole
  // sequence (an APC or DCS string, a primary device attributes or window size report)
  std::string bytes;
  int row = 0, col = 0;  // cursor_report (1-based): an answer to CSI 6n on row 2 or below
  bool operator==(const InputEvent&) const = default;
};

class InputParser {
 public:
  /// Pastes longer than this are cut (take_truncated() tells).
  static constexpr std::size_t kMaxPaste = 64 * 1024;

  /// Appends the events completed by `bytes` to `out`.
  void feed(std::string_view bytes, std::vector<InputEvent>& out);
  /// True once after a paste was cut to kMaxPaste.
  bool take_truncated();
  /// While the terminal's answers to the start-up probe are due, ESC P and ESC _ begin a reply
  /// string (DCS, APC) rather than an Alt key: the reply is kept whole, up to kMaxReply bytes.
  void expect_replies(bool on) { expect_replies_ = on; }
  static constexpr std::size_t kMaxReply = 1024;

 private:
  void key_bytes(std::string_view bytes, std::vector<InputEvent>& out);
  void end_sequence(std::vector<InputEvent>& out);
  void paste_byte(char c, std::vector<InputEvent>& out);
  void paste_text(char c);

  void reply_byte(char c, std::vector<InputEvent>& out);

  enum class State { ground, escape, csi, ss3, paste, reply, reply_escape };
  bool expect_replies_ = false;
  State state_ = State::ground;
  std::string sequence_;  // the escape sequence being read
  std::string paste_;
  std::size_t paste_end_matched_ = 0;
  bool paste_was_cr_ = false;
  bool truncated_ = false;
};

}  // namespace clivrt::tui
