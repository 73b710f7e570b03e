#include "clivrt/render/renderer.hpp"

#include "clivrt/render/palette.hpp"
#include "ramps.hpp"

namespace clivrt::render {
namespace {

// Quantisers as types, so each style × depth gets its own branch-free row loop.
struct NoColor {
  Color operator()(Rgb) const { return {}; }
};
struct Truecolor {
  Color operator()(Rgb c) const { return Color::rgb(c.r, c.g, c.b); }
};
struct Xterm256 {
  Color operator()(Rgb c) const { return Color::indexed(quantize_256(c)); }
};
struct Xterm16 {
  Color operator()(Rgb c) const { return Color::indexed(quantize_16(c)); }
};

template <typename F>
void with_quantizer(ColorDepth depth, F&& f) {
  switch (depth) {
    case ColorDepth::truecolor: return f(Truecolor{});
    case ColorDepth::ansi256: return f(Xterm256{});
    case ColorDepth::ansi16: return f(Xterm16{});
    case ColorDepth::none: return f(NoColor{});
  }
}

template <typename Quantize>
void glyph_row(const Rgb* px, int n, const GlyphTable& glyphs, Quantize q, Cell* out) {
  for (int i = 0; i < n; ++i) out[i] = {glyphs[luma(px[i])], q(px[i]), Color{}};
}

// Where both halves look the same, a blank with that background shows the same thing in
// a third of the bytes and lets the encoder keep the foreground it has.
template <typename Quantize>
void half_block_row(const Rgb* upper, const Rgb* lower, int n, Quantize q, Cell* out) {
  for (int i = 0; i < n; ++i) {
    const Color fg = q(upper[i]), bg = q(lower[i]);
    out[i] = fg == bg ? Cell{U' ', Color{}, bg} : Cell{kUpperHalf, fg, bg};
  }
}

void upper_only_row(const Rgb* upper, int n, auto q, Cell* out) {
  for (int i = 0; i < n; ++i) out[i] = {kUpperHalf, q(upper[i]), Color{}};
}

void average_into(Rgb* a, const Rgb* b, int n) {
  const auto avg = [](int x, int y) { return static_cast<std::uint8_t>((x + y + 1) >> 1); };
  for (int i = 0; i < n; ++i) a[i] = {avg(a[i].r, b[i].r), avg(a[i].g, b[i].g), avg(a[i].b, b[i].b)};
}

// Palette colours as last frame had them where still about as close (see keep_stable). A half
// block is re-formed afterwards: its halves may have become equal (a blank) or not.
void stable_half_block_row(const Rgb* upper, const Rgb* lower, const Cell* last, int n, Cell* out) {
  const auto upper_of = [](const Cell& c) { return c.glyph == U' ' ? c.bg : c.fg; };
  for (int i = 0; i < n; ++i) {
    const bool shapes = (out[i].glyph == U' ' || out[i].glyph == kUpperHalf) &&
                        (last[i].glyph == U' ' || last[i].glyph == kUpperHalf);
    if (!shapes || out[i] == last[i]) continue;
    const Color fg = keep_stable(upper[i], upper_of(out[i]), upper_of(last[i]));
    const Color bg = keep_stable(lower[i], out[i].bg, last[i].bg);
    out[i] = fg == bg ? Cell{U' ', Color{}, bg} : Cell{kUpperHalf, fg, bg};
  }
}

void stable_glyph_row(const Rgb* px, const Cell* last, int n, Cell* out) {
  for (int i = 0; i < n; ++i)
    if (out[i].glyph == last[i].glyph) out[i].fg = keep_stable(px[i], out[i].fg, last[i].fg);
}

const GlyphTable& glyphs_for(Style style) {
  switch (style) {
    case Style::ascii_color: return kAsciiColorGlyphs;
    case Style::filled_ascii: return kFilledGlyphs;
    case Style::just_ascii:
    case Style::half_block: break;
  }
  return kJustAsciiGlyphs;
}

}  // namespace

void Renderer::render(const FrameView& frame, const RenderOptions& options, CellGrid& out) {
  out.fill(Cell{});
  if (!frame.valid()) return;
  const PictureArea area = picture_area(frame.width, frame.height, out.size(), options.style);
  if (area.cols <= 0) return;
  sampler_.configure(frame.width, frame.height, area.cols, area.sub_rows);
  upper_.resize(static_cast<std::size_t>(area.cols));
  lower_.resize(static_cast<std::size_t>(area.cols));
  const int n = area.cols;
  const bool half_block = options.style == Style::half_block;
  const bool mono_half_block = half_block && options.depth == ColorDepth::none;
  const ColorDepth depth = options.style == Style::just_ascii ? ColorDepth::none : options.depth;
  const GlyphTable& glyphs = glyphs_for(options.style);
  const bool stable = (depth == ColorDepth::ansi256 || depth == ColorDepth::ansi16) && last_.size() == out.size();

  with_quantizer(depth, [&](auto q) {
    for (int r = 0; r < area.rows; ++r) {
      Cell* cells = out.row(area.row + r) + area.col;
      const Cell* last = stable ? last_.row(area.row + r) + area.col : nullptr;
      if (!half_block) {
        sampler_.sample_row(frame, r, upper_.data());
        glyph_row(upper_.data(), n, glyphs, q, cells);
        if (last) stable_glyph_row(upper_.data(), last, n, cells);
        continue;
      }
      sampler_.sample_row(frame, 2 * r, upper_.data());
      const bool has_lower = 2 * r + 1 < area.sub_rows;
      if (has_lower) sampler_.sample_row(frame, 2 * r + 1, lower_.data());
      if (mono_half_block) {
        if (has_lower) average_into(upper_.data(), lower_.data(), n);
        glyph_row(upper_.data(), n, kJustAsciiGlyphs, q, cells);
      } else if (has_lower) {
        half_block_row(upper_.data(), lower_.data(), n, q, cells);
        if (last) stable_half_block_row(upper_.data(), lower_.data(), last, n, cells);
      } else {
        upper_only_row(upper_.data(), n, q, cells);
      }
    }
  });
  if (depth == ColorDepth::ansi256 || depth == ColorDepth::ansi16) {
    last_ = out;
  } else {
    last_ = CellGrid{};
  }
}

CellGrid render_frame(const FrameView& frame, GridSize size, const RenderOptions& options) {
  CellGrid grid(size);
  Renderer renderer;
  renderer.render(frame, options, grid);
  return grid;
}

}  // namespace clivrt::render
