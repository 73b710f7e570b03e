#include "clivrt/render/sampler.hpp"

#include <gtest/gtest.h>

#include <vector>

using namespace clivrt::render;

namespace {

// A width x height frame with pixel (x, y) = f(x, y), and one byte of padding per row.
template <typename F>
std::vector<std::uint8_t> make_pixels(int width, int height, F f) {
  std::vector<std::uint8_t> p(static_cast<std::size_t>((3 * width + 1) * height), 0xEE);
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x) {
      const Rgb c = f(x, y);
      std::uint8_t* px = &p[static_cast<std::size_t>(y * (3 * width + 1) + 3 * x)];
      px[0] = c.r;
      px[1] = c.g;
      px[2] = c.b;
    }
  return p;
}

}  // namespace

TEST(BoxSampler, AveragesEveryCoveredPixel) {
  // 4x2 -> 2x1: each sample is the mean of a 2x2 block, padding bytes ignored.
  const auto px = make_pixels(4, 2, [](int x, int y) {
    const auto v = static_cast<std::uint8_t>(10 * x + 100 * y);
    return Rgb{v, static_cast<std::uint8_t>(255 - v), 7};
  });
  BoxSampler s;
  s.configure(4, 2, 2, 1);
  Rgb out[2];
  s.sample_row({px.data(), 4, 2, 13}, 0, out);
  EXPECT_EQ(out[0], (Rgb{55, 200, 7}));  // (0+10+100+110)/4
  EXPECT_EQ(out[1], (Rgb{75, 180, 7}));  // (20+30+120+130)/4
}

TEST(BoxSampler, RoundsToNearest) {
  const auto px = make_pixels(2, 1, [](int x, int) {
    const auto v = static_cast<std::uint8_t>(x == 0 ? 0 : 255);
    return Rgb{v, v, static_cast<std::uint8_t>(x)};
  });
  BoxSampler s;
  s.configure(2, 1, 1, 1);
  Rgb out[1];
  s.sample_row({px.data(), 2, 1, 7}, 0, out);
  EXPECT_EQ(out[0], (Rgb{128, 128, 1}));  // 127.5 and 0.5 round up
}

TEST(BoxSampler, UpscalingRepeatsPixels) {
  const auto px = make_pixels(2, 1, [](int x, int) { return x == 0 ? Rgb{255, 0, 0} : Rgb{0, 0, 255}; });
  BoxSampler s;
  s.configure(2, 1, 4, 3);
  Rgb out[4];
  s.sample_row({px.data(), 2, 1, 7}, 2, out);
  EXPECT_EQ(out[0], (Rgb{255, 0, 0}));
  EXPECT_EQ(out[1], (Rgb{255, 0, 0}));
  EXPECT_EQ(out[2], (Rgb{0, 0, 255}));
  EXPECT_EQ(out[3], (Rgb{0, 0, 255}));
}

TEST(BoxSampler, TallBandsDoNotOverflow) {
  // 600 rows of white into one sample: sums exceed 16 bits.
  const auto px = make_pixels(1, 600, [](int, int) { return Rgb{255, 255, 255}; });
  BoxSampler s;
  s.configure(1, 600, 1, 1);
  Rgb out[1];
  s.sample_row({px.data(), 1, 600, 4}, 0, out);
  EXPECT_EQ(out[0], (Rgb{255, 255, 255}));
}
