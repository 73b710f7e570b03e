// The video encoder: a screen showing one grid, updated to another, within a byte limit and with
// or without REP. libvterm (autowrap off, as the UI has it) must then show the new grid on the
// rows the encoder says it brought up to date and the old one below; the limit holds; and the
// bytes hold no control character but ESC.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "clivrt/render/encoder.hpp"
#include "testing/test_terminal.hpp"

using namespace clivrt::render;

namespace {

constexpr int kCols = 12, kRows = 4;

class Bytes {
 public:
  Bytes(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}
  std::uint8_t next() { return pos_ < size_ ? data_[pos_++] : 0; }
  bool done() const { return pos_ >= size_; }

 private:
  const std::uint8_t* data_;
  std::size_t size_, pos_ = 0;
};

Color colour(Bytes& in) {
  const std::uint8_t kind = in.next() % 4, v = in.next();
  if (kind == 0) return {};
  if (kind == 1) return Color::indexed(v % 16);
  if (kind == 2) return Color::indexed(v);
  return Color::rgb(v, static_cast<std::uint8_t>(v * 7), static_cast<std::uint8_t>(v * 13));
}

// A valid grid: wide glyphs are followed by their continuation.
CellGrid grid(Bytes& in) {
  const char32_t glyphs[] = {U' ', U'▀', U'▄', U'a', U'#', U'é', U'日'};
  CellGrid g(GridSize{kCols, kRows});
  for (int r = 0; r < kRows; ++r)
    for (int c = 0; c < kCols; ++c) {
      const char32_t glyph = glyphs[in.next() % 7];
      const Cell cell{glyph, colour(in), colour(in)};
      if (glyph == U'日') {
        if (c + 1 == kCols) continue;
        g.at(r, c) = cell;
        g.at(r, ++c) = {kWideContinuation, cell.fg, cell.bg};
      } else {
        g.at(r, c) = cell;
      }
    }
  return g;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  Bytes in(data, size);
  EncodeOptions options;
  options.repeat = in.next() % 2 == 1;
  options.max_bytes = in.next() % 3 == 0 ? 0 : 20u * in.next();
  const Origin origin{1, 2};
  const CellGrid before = grid(in), after = grid(in);
  testing::TestTerminal term(kRows + 2, kCols + 4);
  term.feed("\x1b[?7l");
  term.feed(encode(nullptr, before, origin));
  std::string out;
  const int rows = encode_into(out, &before, after, origin, options);
  if (rows < 0 || rows > kRows) std::abort();
  if (options.max_bytes > 0 && out.size() > options.max_bytes) std::abort();
  if (options.max_bytes == 0 && rows != kRows) std::abort();
  for (const char c : out)
    if ((static_cast<unsigned char>(c) < 0x20 && c != 0x1b) || c == 0x7f) std::abort();
  term.feed(out);
  CellGrid meant = before;
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < kCols; ++c) meant.at(r, c) = after.at(r, c);
  if (!(term.region(origin, meant.size()) == testing::visible(meant))) std::abort();
  return 0;
}
