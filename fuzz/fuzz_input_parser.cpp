// Bytes from the terminal (keys, pastes, its answers to our queries): split anywhere, they give
// the same events as read whole; a paste never exceeds kMaxPaste nor holds a control character;
// a cursor report is never for row 1 (where keys with modifiers look the same); with the probe's
// answers due (the first byte's low bit), a reply is never longer than kMaxReply, and probe
// answers folded into TerminalFeatures never crash.
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "input_parser.hpp"
#include "terminal_probe.hpp"

using clivrt::tui::InputEvent;
using clivrt::tui::InputParser;

namespace {

// Adjacent key events are one run of keys however the reads fell.
std::vector<InputEvent> merged(const std::vector<InputEvent>& events) {
  std::vector<InputEvent> out;
  for (const InputEvent& e : events) {
    if (e.type == InputEvent::Type::keys && !out.empty() && out.back().type == InputEvent::Type::keys) {
      out.back().bytes += e.bytes;
    } else {
      out.push_back(e);
    }
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::size_t split = (data[0] >> 1) % size;
  const bool replies_due = (data[0] & 1) != 0;
  const std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  InputParser whole, parts;
  whole.expect_replies(replies_due);
  parts.expect_replies(replies_due);
  std::vector<InputEvent> a, b;
  whole.feed(input, a);
  parts.feed(input.substr(0, split), b);
  parts.feed(input.substr(std::min(split, input.size())), b);
  if (merged(a) != merged(b)) std::abort();
  clivrt::tui::TerminalProbe probe(false);
  for (const InputEvent& e : a) {
    if (e.type == InputEvent::Type::reply) {
      if (e.bytes.size() > InputParser::kMaxReply) std::abort();
      probe.on_reply(e.bytes);
      const auto& f = probe.features();
      if (f.cell_width < 0 || f.cell_width > 1000 || f.cell_height < 0 || f.cell_height > 1000) std::abort();
    }
    if (e.type == InputEvent::Type::paste) {
      if (e.bytes.size() > InputParser::kMaxPaste) std::abort();
      for (const char c : e.bytes)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) std::abort();
    }
    if (e.type == InputEvent::Type::cursor_report && e.row < 2) std::abort();
  }
  return 0;
}
