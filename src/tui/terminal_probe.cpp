#include "terminal_probe.hpp"

#include <charconv>

namespace clivrt::tui {
namespace {

// Distinct ids tell which query was answered: the direct one or the one through tmux.
constexpr std::string_view kKittyQuery = "\x1b_Gi=31,s=1,v=1,a=q,t=d,f=24;AAAA\x1b\\";
constexpr std::string_view kKittyTmuxQuery = "\x1b_Gi=32,s=1,v=1,a=q,t=d,f=24;AAAA\x1b\\";
constexpr std::string_view kRepeatProbe = "\x1b[2;1Hx\x1b[2b\x1b[6n";
constexpr std::string_view kVersionQuery = "\x1b[>0q";
constexpr std::string_view kCellSizeQuery = "\x1b[16t";
constexpr std::string_view kDeviceAttributesQuery = "\x1b[c";

// The numbers of "a;b;c" (empty or bad fields are skipped).
template <typename F>
void for_each_number(std::string_view list, F f) {
  while (!list.empty()) {
    const auto end = list.find(';');
    const std::string_view field = list.substr(0, end);
    int value = 0;
    const auto [ptr, error] = std::from_chars(field.data(), field.data() + field.size(), value);
    if (error == std::errc{} && ptr == field.data() + field.size()) f(value);
    if (end == std::string_view::npos) break;
    list.remove_prefix(end + 1);
  }
}

}  // namespace

std::string tmux_passthrough(std::string_view sequence) {
  std::string out = "\x1bPtmux;";
  for (const char c : sequence) {
    if (c == '\x1b') out += '\x1b';
    out += c;
  }
  out += "\x1b\\";
  return out;
}

std::string probe_sequence(bool in_tmux, std::string_view shared_memory_name_base64) {
  // The shared-memory query first: the cursor report that every terminal sends next says it
  // was dealt with, so the object can go at once.
  std::string out;
  if (!shared_memory_name_base64.empty()) {
    out += "\x1b_Gi=33,s=1,v=1,a=q,t=s,f=24;";
    out += shared_memory_name_base64;
    out += "\x1b\\";
  }
  out += kRepeatProbe;
  out += kKittyQuery;
  if (in_tmux) out += tmux_passthrough(kKittyTmuxQuery);
  out += kVersionQuery;
  out += kCellSizeQuery;
  out += kDeviceAttributesQuery;
  return out;
}

bool TerminalProbe::on_reply(std::string_view reply) {
  if (reply.starts_with("\x1b_G") && reply.ends_with("\x1b\\")) {  // kitty: ESC _ G i=31;OK ESC \ .
    const std::string_view body = reply.substr(3, reply.size() - 5);
    if (body == "i=31;OK") features_.kitty_graphics = true;
    if (body == "i=32;OK") features_.kitty_graphics = features_.kitty_via_tmux = true;
    if (body == "i=33;OK") features_.kitty_shared_memory = true;
  } else if (reply.starts_with("\x1bP>|") && reply.ends_with("\x1b\\")) {  // XTVERSION
    features_.name = std::string(reply.substr(4, reply.size() - 6));
    if (features_.name.starts_with("tmux")) features_.tmux = true;
  } else if (reply.starts_with("\x1b[6;") && reply.ends_with('t')) {  // cell size: 6 ; height ; width t
    int index = 0, height = 0, width = 0;
    for_each_number(reply.substr(2, reply.size() - 3), [&](int value) {
      if (index == 1) height = value;
      if (index == 2) width = value;
      ++index;
    });
    if (index == 3 && width > 0 && height > 0 && width <= 1000 && height <= 1000) {
      features_.cell_width = width;
      features_.cell_height = height;
    }
  } else if (reply.starts_with("\x1b[?") && reply.ends_with('c')) {  // DA1: ? class ; features c
    bool first = true;
    for_each_number(reply.substr(3, reply.size() - 4), [&](int value) {
      if (!first && value == 4) features_.sixel = true;
      first = false;
    });
    return true;
  }
  return false;
}

}  // namespace clivrt::tui
