// Frame -> cells speed for every style, and frame -> cells -> bytes.
#include <benchmark/benchmark.h>

#include "clivrt/render/encoder.hpp"
#include "clivrt/render/renderer.hpp"
#include "testing/frames.hpp"

using namespace clivrt;
using namespace clivrt::render;

namespace {

constexpr GridSize kGrids[] = {{160, 45}, {240, 67}};
constexpr int kFrameSizes[][2] = {{640, 480}, {1280, 720}};
constexpr Style kStyles[] = {Style::just_ascii, Style::ascii_color, Style::filled_ascii, Style::half_block};
constexpr ColorDepth kDepths[] = {ColorDepth::truecolor, ColorDepth::ansi256, ColorDepth::ansi16, ColorDepth::none};

struct Case {
  render::testing::OwnedFrame frame;
  GridSize grid;
  RenderOptions options;
};

Case make_case(const benchmark::State& state) {
  const auto* size = kFrameSizes[state.range(0)];
  return {render::testing::smpte_ball(size[0], size[1], 10),
          kGrids[state.range(1)],
          {kStyles[state.range(2)], kDepths[state.range(3)]}};
}

void label(benchmark::State& state, const Case& c) {
  state.SetLabel(std::to_string(c.frame.width) + "x" + std::to_string(c.frame.height) + " -> " +
                 std::to_string(c.grid.cols) + "x" + std::to_string(c.grid.rows) + " " +
                 std::string(to_string(c.options.style)) + " " + std::string(to_string(c.options.depth)));
}

void BM_Render(benchmark::State& state) {
  const Case c = make_case(state);
  Renderer renderer;
  CellGrid grid(c.grid);
  for (auto _ : state) {
    renderer.render(c.frame.view(), c.options, grid);
    benchmark::DoNotOptimize(grid.row(0));
  }
  label(state, c);
}

void BM_RenderEncodeFull(benchmark::State& state) {
  const Case c = make_case(state);
  Renderer renderer;
  CellGrid grid(c.grid);
  std::string out;
  for (auto _ : state) {
    renderer.render(c.frame.view(), c.options, grid);
    out.clear();
    encode_into(out, nullptr, grid, {0, 0});
    benchmark::DoNotOptimize(out.data());
  }
  state.counters["bytes"] = static_cast<double>(out.size());
  label(state, c);
}

void AllStyles(benchmark::internal::Benchmark* b) {
  for (int size = 0; size < 2; ++size)
    for (int grid = 0; grid < 2; ++grid)
      for (int style = 0; style < 4; ++style) b->Args({size, grid, style, 0});
  for (int depth = 1; depth < 4; ++depth) b->Args({0, 0, 3, depth});  // half-block, other depths
  b->Args({0, 0, 1, 1});                                              // ascii-color, 256
}

void Main(benchmark::internal::Benchmark* b) {
  b->Args({0, 0, 3, 0});
  b->Args({0, 0, 3, 1});
  b->Args({1, 1, 3, 0});
}

}  // namespace

BENCHMARK(BM_Render)->Apply(AllStyles)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_RenderEncodeFull)->Apply(Main)->Unit(benchmark::kMicrosecond);
