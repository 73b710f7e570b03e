#include "frames.hpp"

#include <array>
#include <cmath>
#include <fstream>

namespace clivrt::render::testing {
namespace {

struct Px {
  std::uint8_t r, g, b;
};

// The seven top bars of SMPTE EG 1 at 75 %, then a darker strip and a grey ramp below.
constexpr std::array<Px, 7> kBars{
    {{191, 191, 191}, {191, 191, 0}, {0, 191, 191}, {0, 191, 0}, {191, 0, 191}, {191, 0, 0}, {0, 0, 191}}};

Px background(int x, int y, int w, int h) {
  if (y < h * 2 / 3) return kBars[static_cast<std::size_t>(x * 7 / w)];
  if (y < h * 3 / 4) return kBars[static_cast<std::size_t>(6 - x * 7 / w)];
  const auto v = static_cast<std::uint8_t>(x * 255 / (w - 1));
  return {v, v, v};
}

}  // namespace

OwnedFrame smpte_ball(int width, int height, int n, int pan) {
  OwnedFrame f{width, height, std::vector<std::uint8_t>(static_cast<std::size_t>(3 * width * height))};
  const double t = n * 0.05;
  const double radius = height / 8.0;
  const double cx = width / 2.0 + (width / 2.0 - radius) * std::sin(t * 1.3);
  const double cy = height / 2.0 + (height / 2.0 - radius) * std::cos(t * 1.7);
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x) {
      Px p = background(((x + n * pan) % width + width) % width, y, width, height);
      const double dx = x - cx, dy = y - cy;
      const double d = std::sqrt(dx * dx + dy * dy);
      if (d < radius) {
        const double edge = std::min(1.0, radius - d);  // antialiased rim
        const auto mix = [edge](std::uint8_t a) { return static_cast<std::uint8_t>(a + (255 - a) * edge); };
        p = {mix(p.r), mix(p.g), mix(p.b)};
      }
      std::uint8_t* out = &f.rgb[static_cast<std::size_t>(3 * (y * width + x))];
      out[0] = p.r;
      out[1] = p.g;
      out[2] = p.b;
    }
  return f;
}

std::optional<std::vector<OwnedFrame>> load_raw_video(const std::string& path, int width, int height,
                                                      std::string& error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = "cannot open " + path;
    return std::nullopt;
  }
  std::vector<OwnedFrame> frames;
  const auto size = static_cast<std::size_t>(3 * width * height);
  while (true) {
    OwnedFrame f{width, height, std::vector<std::uint8_t>(size)};
    in.read(reinterpret_cast<char*>(f.rgb.data()), static_cast<std::streamsize>(size));
    if (in.gcount() == 0) break;
    if (static_cast<std::size_t>(in.gcount()) != size) {
      error =
          path + " is not a whole number of " + std::to_string(width) + "x" + std::to_string(height) + " RGB frames";
      return std::nullopt;
    }
    frames.push_back(std::move(f));
  }
  if (frames.empty()) error = path + " is empty";
  if (frames.empty()) return std::nullopt;
  return frames;
}

const char* video_env_var() { return "CLIVRT_RENDER_VIDEO"; }

}  // namespace clivrt::render::testing
