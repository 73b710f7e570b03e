// Terminal bytes per frame: diffed against the previous frame vs a full redraw, on a moving
// test pattern and on a natural video. Every diffed frame is also fed to libvterm and the
// screen compared with the grid, so the saving is for the same screen result.
#include <benchmark/benchmark.h>


#include "clivrt/render/encoder.hpp"
#include "clivrt/render/renderer.hpp"
#include "clivrt/render/stabilize.hpp"
#include "natural_video.hpp"
#include "testing/frames.hpp"
#include "testing/test_terminal.hpp"

using namespace clivrt;
using namespace clivrt::render;

namespace {

constexpr GridSize kPane{160, 45};
constexpr int kPatternFrames = 120;

// Argument: index into kOptions * 2 + (1: stabilize with tolerance 16).
void measure(benchmark::State& state, const std::vector<render::testing::OwnedFrame>& frames, RenderOptions options,
             int tolerance) {
  double full_bytes = 0, diff_bytes = 0, mismatches = 0;
  for (auto _ : state) {
    full_bytes = diff_bytes = mismatches = 0;
    Renderer renderer;
    CellGrid previous(kPane), next(kPane);
    render::testing::TestTerminal term(kPane.rows, kPane.cols);
    std::string full, diff;
    for (std::size_t i = 0; i < frames.size(); ++i) {
      renderer.render(frames[i].view(), options, next);
      if (i > 0) stabilize(next, previous, tolerance);
      full.clear();
      diff.clear();
      encode_into(full, nullptr, next, {0, 0});
      encode_into(diff, i == 0 ? nullptr : &previous, next, {0, 0});
      full_bytes += static_cast<double>(full.size());
      diff_bytes += static_cast<double>(diff.size());
      term.feed(diff);
      if (!(term.region({0, 0}, kPane) == render::testing::visible(next))) ++mismatches;
      std::swap(previous, next);
    }
  }
  const auto n = static_cast<double>(frames.size());
  state.counters["frames"] = n;
  state.counters["full_B/frame"] = full_bytes / n;
  state.counters["diff_B/frame"] = diff_bytes / n;
  state.counters["saving_x"] = full_bytes / diff_bytes;
  state.counters["screen_mismatches"] = mismatches;
  state.SetLabel(std::string(to_string(options.style)) + " " + std::string(to_string(options.depth)) +
                 (tolerance > 0 ? " stabilize=" + std::to_string(tolerance) : ""));
}

std::vector<render::testing::OwnedFrame> pattern(int pan) {
  std::vector<render::testing::OwnedFrame> frames;
  for (int i = 0; i < kPatternFrames; ++i) frames.push_back(render::testing::smpte_ball(640, 480, i, pan));
  return frames;
}

constexpr RenderOptions kOptions[] = {{Style::half_block, ColorDepth::truecolor},
                                      {Style::half_block, ColorDepth::ansi256},
                                      {Style::ascii_color, ColorDepth::ansi256},
                                      {Style::just_ascii, ColorDepth::none}};

void BM_BytesBouncingBall(benchmark::State& state) {
  static const auto frames = pattern(0);
  measure(state, frames, kOptions[state.range(0) / 2], state.range(0) % 2 * 16);
}

void BM_BytesPanningBars(benchmark::State& state) {
  static const auto frames = pattern(4);
  measure(state, frames, kOptions[state.range(0) / 2], state.range(0) % 2 * 16);
}

void BM_BytesNaturalVideo(benchmark::State& state) {
  if (const auto* frames = bench::natural_video_or_skip(state))
    measure(state, *frames, kOptions[state.range(0) / 2], state.range(0) % 2 * 16);
}

}  // namespace

BENCHMARK(BM_BytesBouncingBall)->DenseRange(0, 7)->Iterations(1)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_BytesPanningBars)->DenseRange(0, 7)->Iterations(1)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_BytesNaturalVideo)->DenseRange(0, 7)->Iterations(1)->Unit(benchmark::kMillisecond);
