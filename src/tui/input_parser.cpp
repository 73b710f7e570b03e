#include "input_parser.hpp"

#include <charconv>
#include <optional>
#include <utility>

namespace clivrt::tui {
namespace {

constexpr std::string_view kPasteBegin = "\x1b[200~";
constexpr std::string_view kPasteEnd = "\x1b[201~";
constexpr std::string_view kPageUp = "\x1b[5~";
constexpr std::string_view kPageDown = "\x1b[6~";
constexpr char kCtrlC = 0x03;
constexpr char kCtrlL = 0x0c;
constexpr char kCtrlZ = 0x1a;
constexpr char kEsc = 0x1b;

}  // namespace

void InputParser::key_bytes(std::string_view bytes, std::vector<InputEvent>& out) {
  if (bytes.empty()) return;
  if (!out.empty() && out.back().type == InputEvent::Type::keys) {
    out.back().bytes.append(bytes);
  } else {
    out.push_back({InputEvent::Type::keys, std::string(bytes)});
  }
}

// ESC [ row ; col R with row >= 2: a cursor position report. Row 1 is left alone: keys with
// modifiers look the same (Shift-F3 is ESC [ 1 ; 2 R), so the UI only asks on lower rows.
std::optional<std::pair<int, int>> cursor_report(std::string_view seq) {
  if (seq.size() < 6 || !seq.starts_with("\x1b[") || seq.back() != 'R') return std::nullopt;
  seq = seq.substr(2, seq.size() - 3);
  const auto semicolon = seq.find(';');
  if (semicolon == std::string_view::npos) return std::nullopt;
  int row = 0, col = 0;
  const auto number = [](std::string_view digits, int& value) {
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    return !digits.empty() && error == std::errc{} && end == digits.data() + digits.size();
  };
  if (!number(seq.substr(0, semicolon), row) || !number(seq.substr(semicolon + 1), col) || row < 2) return std::nullopt;
  return std::pair{row, col};
}

// Answers no key looks like: primary device attributes (ESC [ ? … c) and the text area's
// cell size (ESC [ 6 ; height ; width t).
bool is_csi_reply(std::string_view seq) {
  return (seq.starts_with("\x1b[?") && seq.back() == 'c') || (seq.starts_with("\x1b[6;") && seq.back() == 't');
}

void InputParser::end_sequence(std::vector<InputEvent>& out) {
  state_ = State::ground;
  if (const auto position = cursor_report(sequence_)) {
    out.push_back({InputEvent::Type::cursor_report, {}, position->first, position->second});
  } else if (is_csi_reply(sequence_)) {
    out.push_back({InputEvent::Type::reply, sequence_});
  } else if (sequence_ == kPasteBegin) {
    state_ = State::paste;
    paste_.clear();
    paste_end_matched_ = 0;
  } else if (sequence_ == kPageUp) {
    out.push_back({InputEvent::Type::page_up, {}});
  } else if (sequence_ == kPageDown) {
    out.push_back({InputEvent::Type::page_down, {}});
  } else {
    key_bytes(sequence_, out);
  }
  sequence_.clear();
}

void InputParser::reply_byte(char c, std::vector<InputEvent>& out) {
  // A string ends with ST (ESC \\) or BEL; a runaway one is dropped at kMaxReply.
  if (state_ == State::reply_escape) {
    sequence_ += c;
    if (c == '\\') {
      if (sequence_.size() <= kMaxReply) out.push_back({InputEvent::Type::reply, sequence_});
      sequence_.clear();
      state_ = State::ground;
      return;
    }
    state_ = State::reply;
    return;
  }
  if (c == '\a') {
    sequence_ += "\x1b\\";  // reported as if ended by ST
    if (sequence_.size() <= kMaxReply) out.push_back({InputEvent::Type::reply, sequence_});
    sequence_.clear();
    state_ = State::ground;
    return;
  }
  if (c == kEsc) state_ = State::reply_escape;
  if (sequence_.size() <= kMaxReply) sequence_ += c;
}

void InputParser::paste_byte(char c, std::vector<InputEvent>& out) {
  // Match the end marker incrementally. It starts with the only ESC it contains, so on a
  // mismatch the bytes matched so far are text and `c` may start a new match.
  if (c == kPasteEnd[paste_end_matched_]) {
    if (++paste_end_matched_ == kPasteEnd.size()) {
      out.push_back({InputEvent::Type::paste, std::move(paste_)});
      paste_.clear();
      paste_end_matched_ = 0;
      state_ = State::ground;
    }
    return;
  }
  for (char p : kPasteEnd.substr(0, paste_end_matched_)) paste_text(p);
  paste_end_matched_ = 0;
  if (c == kPasteEnd[0]) {
    paste_end_matched_ = 1;
  } else {
    paste_text(c);
  }
}

void InputParser::paste_text(char c) {
  if (paste_.size() >= kMaxPaste) {
    truncated_ = true;
    return;
  }
  // A pasted line break must not submit the line: it becomes a space ("\r\n" only one).
  const bool after_cr = paste_was_cr_;
  paste_was_cr_ = c == '\r';
  if (c == '\n' && after_cr) return;
  if (c == '\r' || c == '\n' || c == '\t') {
    paste_ += ' ';
    return;
  }
  const auto u = static_cast<unsigned char>(c);
  if (u < 0x20 || u == 0x7f) return;  // other controls have no place in a chat line
  paste_ += c;
}

void InputParser::feed(std::string_view bytes, std::vector<InputEvent>& out) {
  std::string run;  // plain keys, handed to readline as one event
  const auto flush = [&] {
    key_bytes(run, out);
    run.clear();
  };
  for (const char c : bytes) {
    switch (state_) {
      case State::ground:
        if (c == kEsc) {
          flush();
          state_ = State::escape;
          sequence_.assign(1, c);
        } else if (c == kCtrlC || c == kCtrlZ || c == kCtrlL) {
          flush();
          out.push_back({c == kCtrlC   ? InputEvent::Type::interrupt
                         : c == kCtrlZ ? InputEvent::Type::suspend
                                       : InputEvent::Type::redraw,
                         {}});
        } else {
          run += c;
        }
        break;
      case State::escape:
        sequence_ += c;
        if (c == '[')
          state_ = State::csi;
        else if (c == 'O')
          state_ = State::ss3;
        else if (expect_replies_ && (c == 'P' || c == '_'))
          state_ = State::reply;
        else
          end_sequence(out);  // Alt-key or ESC ESC: readline's business
        break;
      case State::csi: {
        sequence_ += c;
        // Parameters and intermediates are 0x20..0x3F, a final byte 0x40..0x7E ends the
        // sequence; anything else (or a runaway) is not a key we know: readline gets it as is.
        const auto u = static_cast<unsigned char>(c);
        if ((u >= 0x40 && u <= 0x7e) || u < 0x20 || u > 0x7e || sequence_.size() > 64) end_sequence(out);
        break;
      }
      case State::ss3:
        sequence_ += c;
        end_sequence(out);
        break;
      case State::paste: paste_byte(c, out); break;
      case State::reply:
      case State::reply_escape: reply_byte(c, out); break;
    }
  }
  flush();
}

bool InputParser::take_truncated() {
  const bool t = truncated_;
  truncated_ = false;
  return t;
}

}  // namespace clivrt::tui
