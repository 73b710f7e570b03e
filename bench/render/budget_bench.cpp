// The byte budget (render::BudgetedEncoder): bytes per second, frames drawn and picture quality
// for each style, pane size and budget, over 10 s of simulated time at 24 fps. Quality is the
// PSNR of the picture the terminal shows (reconstructed from the cells: two pixels per half
// block) against the source frame of that instant scaled to the pane; for half-block styles only
// (ASCII glyphs have no pixel picture to compare).
#include <benchmark/benchmark.h>

#include <algorithm>

#include "clivrt/render/budgeted_encoder.hpp"
#include "clivrt/render/renderer.hpp"
#include "natural_video.hpp"
#include "testing/frames.hpp"
#include "testing/picture_quality.hpp"

using namespace clivrt;
using namespace clivrt::render;

namespace {

constexpr int kFps = 24, kSeconds = 10;
constexpr std::size_t kBudgets[] = {100 * 1024, 200 * 1024, 400 * 1024, 0};
constexpr GridSize kPanes[] = {{160, 45}, {240, 67}};
constexpr RenderOptions kStyles[] = {{Style::half_block, ColorDepth::truecolor},
                                     {Style::half_block, ColorDepth::ansi256},
                                     {Style::ascii_color, ColorDepth::ansi256},
                                     {Style::just_ascii, ColorDepth::none}};

// Arguments: style, pane, budget (indices into the tables above), REP off/on.
void simulate(benchmark::State& state, const std::vector<render::testing::OwnedFrame>& frames) {
  const RenderOptions options = kStyles[state.range(0)];
  const GridSize pane = kPanes[state.range(1)];
  const std::size_t budget = kBudgets[state.range(2)];
  const bool repeat = state.range(3) != 0;
  const bool half_block = options.style == Style::half_block;
  double bytes = 0, psnr_sum = 0, worst_second = 0;
  int drawn = 0, measured = 0;
  for (auto _ : state) {
    BudgetedEncoder encoder;
    encoder.set_rate(budget);
    encoder.set_repeat(repeat);
    Renderer renderer;
    CellGrid next(pane);
    std::string out;
    auto now = BudgetedEncoder::Clock::time_point{} + std::chrono::seconds(100);
    bytes = psnr_sum = worst_second = 0;
    drawn = measured = 0;
    for (int i = 0; i < kFps * kSeconds; ++i, now += std::chrono::microseconds(1'000'000 / kFps)) {
      const render::testing::OwnedFrame& frame = frames[static_cast<std::size_t>(i) % frames.size()];
      renderer.render(frame.view(), options, next);
      out.clear();
      if (encoder.encode(next, {0, 0}, now, out)) ++drawn;
      bytes += static_cast<double>(out.size());
      worst_second = std::max(worst_second, static_cast<double>(encoder.stats(now).bytes_last_second));
      if (half_block && i >= kFps && encoder.rows_known() == pane.rows) {  // after the first second
        psnr_sum += render::testing::psnr(render::testing::half_block_picture(encoder.shown()),
                                  render::testing::reference_picture(frame.view(), pane));
        ++measured;
      }
    }
  }
  state.counters["KB/s"] = bytes / kSeconds / 1024;
  state.counters["worst_1s_KB"] = worst_second / 1024;
  state.counters["fps_drawn"] = static_cast<double>(drawn) / kSeconds;
  if (measured > 0) state.counters["PSNR_dB"] = psnr_sum / measured;
  state.SetLabel(std::string(to_string(options.style)) + " " + std::string(to_string(options.depth)) + " " +
                 std::to_string(pane.cols) + "x" + std::to_string(pane.rows) + " " +
                 (budget == 0 ? std::string("unlimited") : std::to_string(budget / 1024) + "K") +
                 (repeat ? " REP" : ""));
}

void BM_BudgetBouncingBall(benchmark::State& state) {
  static const auto frames = [] {
    std::vector<render::testing::OwnedFrame> f;
    for (int i = 0; i < 120; ++i) f.push_back(render::testing::smpte_ball(640, 480, i));
    return f;
  }();
  simulate(state, frames);
}

void BM_BudgetNaturalVideo(benchmark::State& state) {
  if (const auto* frames = bench::natural_video_or_skip(state)) simulate(state, *frames);
}

}  // namespace

BENCHMARK(BM_BudgetBouncingBall)
    ->ArgsProduct({{0, 1, 2, 3}, {0, 1}, {0, 1, 2, 3}, {0, 1}})
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_BudgetNaturalVideo)
    ->ArgsProduct({{0, 1, 2, 3}, {0, 1}, {0, 1, 2, 3}, {0, 1}})
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond);
