#pragma once
// SGR (colour) sequences and glyph bytes for the encoder.
#include <string>

#include "clivrt/render/cell.hpp"

namespace clivrt::render {

/// The colours the terminal currently draws with.
struct Pen {
  Color fg;
  Color bg;
  friend constexpr bool operator==(Pen, Pen) = default;
};

/// Appends one SGR sequence turning `from` into `to` (nothing when equal). Palette entries
/// 0–15 use 30–37/90–97 (40–47/100–107), others 38;5;n, 24-bit 38;2;r;g;b, default 39/49;
/// going back to all defaults is a plain reset.
void append_pen_change(std::string& out, Pen from, Pen to);

/// How many bytes append_pen_change(from, to) writes.
int pen_change_bytes(Pen from, Pen to);

/// Appends the UTF-8 bytes of a glyph. Anything a terminal would act on rather than show
/// (C0/C1 controls, DEL, surrogates, out of range) becomes '?', so cells can never inject
/// escape sequences.
void append_glyph(std::string& out, char32_t glyph);

/// Appends a non-negative number in decimal.
void append_number(std::string& out, int n);

/// Decimal digits of a non-negative number.
constexpr int digits(int n) {
  int d = 1;
  while (n >= 10) {
    n /= 10;
    ++d;
  }
  return d;
}

}  // namespace clivrt::render
