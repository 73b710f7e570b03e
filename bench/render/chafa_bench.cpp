// The reference: libchafa drawing the same frames into the same number of cells, in its
// half-block mode (symbols ▀▄ only), one thread.
#include <benchmark/benchmark.h>
#include <chafa.h>

#include "clivrt/render/layout.hpp"
#include "testing/frames.hpp"

using namespace clivrt;
using namespace clivrt::render;

namespace {

constexpr GridSize kGrids[] = {{160, 45}, {240, 67}};
constexpr int kFrameSizes[][2] = {{640, 480}, {1280, 720}};

class ChafaHalfBlock {
 public:
  ChafaHalfBlock(GridSize cells, ChafaCanvasMode mode) {
    chafa_set_n_threads(1);
    symbols_ = chafa_symbol_map_new();
    chafa_symbol_map_add_by_tags(symbols_, CHAFA_SYMBOL_TAG_HHALF);
    config_ = chafa_canvas_config_new();
    chafa_canvas_config_set_geometry(config_, cells.cols, cells.rows);
    chafa_canvas_config_set_canvas_mode(config_, mode);
    chafa_canvas_config_set_symbol_map(config_, symbols_);
    canvas_ = chafa_canvas_new(config_);
    // Describe the terminal explicitly (the bench may run without TERM): xterm, truecolor.
    gchar* env[] = {const_cast<gchar*>("TERM=xterm-256color"), const_cast<gchar*>("COLORTERM=truecolor"), nullptr};
    term_ = chafa_term_db_detect(chafa_term_db_get_default(), env);
  }
  ~ChafaHalfBlock() {
    chafa_term_info_unref(term_);
    chafa_canvas_unref(canvas_);
    chafa_canvas_config_unref(config_);
    chafa_symbol_map_unref(symbols_);
  }
  ChafaHalfBlock(const ChafaHalfBlock&) = delete;
  ChafaHalfBlock& operator=(const ChafaHalfBlock&) = delete;

  void draw(const FrameView& f) {
    chafa_canvas_draw_all_pixels(canvas_, CHAFA_PIXEL_RGB8, f.data, f.width, f.height, f.stride);
  }
  std::size_t print() {
    GString* s = chafa_canvas_print(canvas_, term_);
    const std::size_t n = s->len;
    g_string_free(s, TRUE);
    return n;
  }

 private:
  ChafaSymbolMap* symbols_;
  ChafaCanvasConfig* config_;
  ChafaCanvas* canvas_;
  ChafaTermInfo* term_;
};

// Same cell count as our renderer: the letterboxed picture area of the pane.
GridSize picture_cells(const render::testing::OwnedFrame& f, GridSize pane) {
  const PictureArea a = picture_area(f.width, f.height, pane, Style::half_block);
  return {a.cols, a.rows};
}

void run(benchmark::State& state, bool print) {
  const auto* size = kFrameSizes[state.range(0)];
  const render::testing::OwnedFrame frame = render::testing::smpte_ball(size[0], size[1], 10);
  const GridSize pane = kGrids[state.range(1)];
  const auto mode = state.range(2) == 0 ? CHAFA_CANVAS_MODE_TRUECOLOR : CHAFA_CANVAS_MODE_INDEXED_256;
  ChafaHalfBlock chafa(picture_cells(frame, pane), mode);
  std::size_t bytes = 0;
  for (auto _ : state) {
    chafa.draw(frame.view());
    if (print) bytes = chafa.print();
  }
  if (print) state.counters["bytes"] = static_cast<double>(bytes);
  state.SetLabel(std::to_string(size[0]) + "x" + std::to_string(size[1]) + " -> " + std::to_string(pane.cols) + "x" +
                 std::to_string(pane.rows) + " chafa hhalf " + (state.range(2) == 0 ? "truecolor" : "256"));
}

void BM_ChafaDraw(benchmark::State& state) { run(state, false); }
void BM_ChafaDrawPrint(benchmark::State& state) { run(state, true); }

void Sizes(benchmark::internal::Benchmark* b) {
  for (int size = 0; size < 2; ++size)
    for (int grid = 0; grid < 2; ++grid) b->Args({size, grid, 0});
  b->Args({0, 0, 1});
}

}  // namespace

BENCHMARK(BM_ChafaDraw)->Apply(Sizes)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_ChafaDrawPrint)->Args({0, 0, 0})->Args({0, 0, 1})->Unit(benchmark::kMicrosecond);
