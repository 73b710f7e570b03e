#include "sgr.hpp"

#include "clivrt/text/utf8.hpp"

namespace clivrt::render {
namespace {

// Parameters selecting `c`; `base` is 30 for foreground, 40 for background.
void append_color(std::string& out, Color c, int base) {
  if (c.is_default()) {
    append_number(out, base + 9);
  } else if (c.is_indexed() && c.index() < 8) {
    append_number(out, base + c.index());
  } else if (c.is_indexed() && c.index() < 16) {
    append_number(out, base + 60 + c.index() - 8);
  } else if (c.is_indexed()) {
    append_number(out, base + 8);
    out += ";5;";
    append_number(out, c.index());
  } else {
    append_number(out, base + 8);
    out += ";2;";
    append_number(out, c.r());
    out += ';';
    append_number(out, c.g());
    out += ';';
    append_number(out, c.b());
  }
}

}  // namespace

void append_number(std::string& out, int n) {
  char buf[12];
  int i = sizeof buf;
  do {
    buf[--i] = static_cast<char>('0' + n % 10);
    n /= 10;
  } while (n > 0);
  out.append(buf + i, sizeof buf - static_cast<std::size_t>(i));
}

void append_pen_change(std::string& out, Pen from, Pen to) {
  if (from == to) return;
  if (to == Pen{}) {
    out += "\x1b[0m";
    return;
  }
  out += "\x1b[";
  if (from.fg != to.fg) append_color(out, to.fg, 30);
  if (from.bg != to.bg) {
    if (from.fg != to.fg) out += ';';
    append_color(out, to.bg, 40);
  }
  out += 'm';
}

int pen_change_bytes(Pen from, Pen to) {
  thread_local std::string scratch;  // measured by writing it: one definition of the sequence
  scratch.clear();
  append_pen_change(scratch, from, to);
  return static_cast<int>(scratch.size());
}

void append_glyph(std::string& out, char32_t cp) {
  const bool control = cp < 0x20 || (cp >= 0x7f && cp < 0xa0);
  const bool invalid = (cp >= 0xd800 && cp < 0xe000) || cp > 0x10ffff;
  if (control || invalid) cp = U'?';
  text::append_utf8(out, cp);
}

}  // namespace clivrt::render
