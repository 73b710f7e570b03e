#include "clivrt/render/palette.hpp"

#include <array>
#include <utility>

namespace clivrt::render {
namespace {

constexpr std::array<std::uint8_t, 6> kCubeLevels{0, 95, 135, 175, 215, 255};

constexpr std::array<Rgb, 16> kXterm16{{
    {0, 0, 0},
    {205, 0, 0},
    {0, 205, 0},
    {205, 205, 0},
    {0, 0, 238},
    {205, 0, 205},
    {0, 205, 205},
    {229, 229, 229},
    {127, 127, 127},
    {255, 0, 0},
    {0, 255, 0},
    {255, 255, 0},
    {92, 92, 255},
    {255, 0, 255},
    {0, 255, 255},
    {255, 255, 255},
}};

constexpr int sq(int v) { return v * v; }

// Per channel value: index of the nearest cube level and its squared error.
struct CubeTables {
  std::array<std::uint8_t, 256> index{};
  std::array<int, 256> error{};
};

constexpr CubeTables make_cube_tables() {
  CubeTables t;
  for (int v = 0; v < 256; ++v) {
    int best = 0;
    for (int i = 1; i < 6; ++i)
      if (sq(v - kCubeLevels[i]) < sq(v - kCubeLevels[best])) best = i;
    t.index[v] = static_cast<std::uint8_t>(best);
    t.error[v] = sq(v - kCubeLevels[best]);
  }
  return t;
}

// Per grey value: the nearest neutral xterm-256 entry (ramp 232–255, cube black/white and
// cube diagonal) and its level.
struct GreyTables {
  std::array<std::uint8_t, 256> index{};
  std::array<std::uint8_t, 256> level{};
};

constexpr GreyTables make_grey_tables() {
  std::array<std::pair<int, int>, 30> neutrals{};  // {level, index}
  std::size_t n = 0;
  for (int i = 0; i < 24; ++i) neutrals[n++] = {8 + 10 * i, 232 + i};
  for (int i = 0; i < 6; ++i) neutrals[n++] = {kCubeLevels[i], 16 + 43 * i};
  GreyTables t;
  for (int v = 0; v < 256; ++v) {
    auto best = neutrals[0];
    for (const auto& e : neutrals)
      if (sq(v - e.first) < sq(v - best.first)) best = e;
    t.index[v] = static_cast<std::uint8_t>(best.second);
    t.level[v] = static_cast<std::uint8_t>(best.first);
  }
  return t;
}

constexpr CubeTables kCube = make_cube_tables();
constexpr GreyTables kGrey = make_grey_tables();

int mean(Rgb c) { return (c.r + c.g + c.b + 1) / 3; }

int distance(Rgb a, Rgb b) { return sq(a.r - b.r) + sq(a.g - b.g) + sq(a.b - b.b); }

std::uint8_t nearest_16(Rgb c) {
  std::uint8_t best = 0;
  for (std::uint8_t i = 1; i < 16; ++i)
    if (distance(c, kXterm16[i]) < distance(c, kXterm16[best])) best = i;
  return best;
}

// 5 bits per channel is plenty to pick among 16 colours and keeps the table at 32 KiB.
const std::array<std::uint8_t, 1 << 15>& table_16() {
  static const auto table = [] {
    std::array<std::uint8_t, 1 << 15> t{};
    for (int key = 0; key < (1 << 15); ++key) {
      const auto centre = [](int bits) { return static_cast<std::uint8_t>((bits << 3) | 4); };
      t[key] = nearest_16({centre(key >> 10), centre((key >> 5) & 31), centre(key & 31)});
    }
    return t;
  }();
  return table;
}

}  // namespace

Rgb xterm_rgb(std::uint8_t index) {
  if (index < 16) return kXterm16[index];
  if (index >= 232) {
    const auto v = static_cast<std::uint8_t>(8 + 10 * (index - 232));
    return {v, v, v};
  }
  const int i = index - 16;
  return {kCubeLevels[i / 36], kCubeLevels[(i / 6) % 6], kCubeLevels[i % 6]};
}

std::uint8_t quantize_256(Rgb c) {
  const int m = mean(c);
  if (is_near_neutral(c)) return kGrey.index[m];
  const int grey = kGrey.level[m];
  const int grey_error = sq(c.r - grey) + sq(c.g - grey) + sq(c.b - grey);
  const int cube_error = kCube.error[c.r] + kCube.error[c.g] + kCube.error[c.b];
  if (grey_error <= cube_error) return kGrey.index[m];
  return static_cast<std::uint8_t>(16 + 36 * kCube.index[c.r] + 6 * kCube.index[c.g] + kCube.index[c.b]);
}

std::uint8_t quantize_16(Rgb c) {
  if (is_near_neutral(c)) {
    const int m = mean(c);
    return m < 64 ? 0 : m < 178 ? 8 : m < 242 ? 7 : 15;
  }
  return table_16()[((c.r >> 3) << 10) | ((c.g >> 3) << 5) | (c.b >> 3)];
}

Color quantize(Rgb c, ColorDepth depth) {
  switch (depth) {
    case ColorDepth::truecolor: return Color::rgb(c.r, c.g, c.b);
    case ColorDepth::ansi256: return Color::indexed(quantize_256(c));
    case ColorDepth::ansi16: return Color::indexed(quantize_16(c));
    case ColorDepth::none: break;
  }
  return Color{};
}

Color keep_stable(Rgb source, Color nearest, Color previous) {
  if (previous == nearest || !previous.is_indexed() || !nearest.is_indexed()) return nearest;
  const Rgb old = xterm_rgb(previous.index()), now = xterm_rgb(nearest.index());
  if (is_near_neutral(source) != is_near_neutral(old)) return nearest;
  const auto distance2 = [source](Rgb p) {
    const int dr = source.r - p.r, dg = source.g - p.g, db = source.b - p.b;
    return dr * dr + dg * dg + db * db;
  };
  // Kept while at most 20% farther than the nearest entry (plus a little for near-equal ones).
  return distance2(old) * 100 <= distance2(now) * 144 + 6400 ? previous : nearest;
}

}  // namespace clivrt::render
