// Pixel video (pixels::PixelEncoder): kitty graphics and sixels of a 320x240-pixel area (32x12
// cells of 10x20 px) over 10 s of simulated 24 fps video, per budget: bytes per second, frames
// drawn per second, the picture's resolution and the encode time per frame drawn.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>

#include "clivrt/pixels/pixel_encoder.hpp"
#include "natural_video.hpp"
#include "testing/frames.hpp"

using namespace clivrt;

namespace {

constexpr int kFps = 24, kSeconds = 10;
constexpr std::size_t kBudgets[] = {100 * 1024, 200 * 1024, 400 * 1024, 0};
const pixels::Pane kPane{{0, 0}, {32, 12}, 10, 20};

// Arguments: protocol (0 sixel, 1 kitty), budget (index into kBudgets).
void simulate(benchmark::State& state, const std::vector<render::testing::OwnedFrame>& frames) {
  const auto protocol = state.range(0) == 0 ? pixels::Protocol::sixel : pixels::Protocol::kitty;
  const std::size_t budget = kBudgets[state.range(1)];
  double bytes = 0, encode_seconds = 0, worst_second = 0;
  int drawn = 0;
  pixels::PixelStats last;
  for (auto _ : state) {
    pixels::PixelEncoder encoder(protocol, false);
    encoder.set_rate(budget);
    auto now = pixels::PixelEncoder::Clock::time_point{} + std::chrono::seconds(100);
    bytes = encode_seconds = worst_second = 0;
    drawn = 0;
    std::string out;
    for (int i = 0; i < kFps * kSeconds; ++i, now += std::chrono::microseconds(1'000'000 / kFps)) {
      const render::testing::OwnedFrame& frame = frames[static_cast<std::size_t>(i) % frames.size()];
      out.clear();
      const auto start = std::chrono::steady_clock::now();
      const bool ok = encoder.encode(frame.view(), kPane, now, out);
      if (ok) {
        encode_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        ++drawn;
      }
      bytes += static_cast<double>(out.size());
      worst_second = std::max(worst_second, static_cast<double>(encoder.stats(now).output.bytes_last_second));
    }
    last = encoder.stats(now);
  }
  state.counters["KB/s"] = bytes / kSeconds / 1024;
  state.counters["worst_1s_KB"] = worst_second / 1024;
  state.counters["fps_drawn"] = static_cast<double>(drawn) / kSeconds;
  state.counters["width"] = last.width;
  state.counters["height"] = last.height;
  state.counters["encode_ms"] = drawn > 0 ? 1000 * encode_seconds / drawn : 0;
  state.SetLabel(std::string(protocol == pixels::Protocol::sixel ? "sixel" : "kitty") + " 320x240 " +
                 (budget == 0 ? std::string("unlimited") : std::to_string(budget / 1024) + "K"));
}

void BM_PixelsBouncingBall(benchmark::State& state) {
  static const auto frames = [] {
    std::vector<render::testing::OwnedFrame> f;
    for (int i = 0; i < 120; ++i) f.push_back(render::testing::smpte_ball(640, 480, i));
    return f;
  }();
  simulate(state, frames);
}

void BM_PixelsNaturalVideo(benchmark::State& state) {
  if (const auto* frames = bench::natural_video_or_skip(state)) simulate(state, *frames);
}

}  // namespace

BENCHMARK(BM_PixelsBouncingBall)->ArgsProduct({{0, 1}, {0, 1, 2, 3}})->Iterations(1)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_PixelsNaturalVideo)->ArgsProduct({{0, 1}, {0, 1, 2, 3}})->Iterations(1)->Unit(benchmark::kMillisecond);
