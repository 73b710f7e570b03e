#include "clivrt/render/budgeted_encoder.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "clivrt/render/renderer.hpp"
#include "testing/frames.hpp"
#include "testing/picture_quality.hpp"
#include "testing/test_terminal.hpp"

using namespace clivrt::render;
using namespace std::chrono_literals;
using clivrt::render::testing::OwnedFrame;
using clivrt::render::testing::TestTerminal;
using clivrt::render::testing::visible;
using Clock = BudgetedEncoder::Clock;

namespace {

constexpr auto kFrameTime = std::chrono::microseconds(41667);  // 24 fps
const auto kStart = Clock::time_point{} + 100s;

// A camera's view: the moving test pattern with sensor noise on every pixel.
OwnedFrame noisy_frame(int n, int amplitude) {
  OwnedFrame f = clivrt::render::testing::smpte_ball(160, 120, n);
  std::mt19937 rng(static_cast<unsigned>(n));
  std::uniform_int_distribution<int> noise(-amplitude, amplitude);
  for (auto& v : f.rgb) v = static_cast<std::uint8_t>(std::clamp(v + noise(rng), 0, 255));
  return f;
}

struct Write {
  Clock::time_point at;
  std::size_t bytes;
};

// The most bytes written in any window [t, t + 1 s), t being a write's time (where maxima start).
std::size_t worst_window(const std::vector<Write>& writes) {
  std::size_t worst = 0;
  for (std::size_t i = 0; i < writes.size(); ++i) {
    std::size_t sum = 0;
    for (std::size_t j = i; j < writes.size() && writes[j].at < writes[i].at + 1s; ++j) sum += writes[j].bytes;
    worst = std::max(worst, sum);
  }
  return worst;
}

// Largest per-channel difference between what the screen shows and what was meant, cell by
// cell, over cells of the same shape; -1 if some cell has another shape.
int worst_colour_error(const CellGrid& shown, const CellGrid& meant) {
  const auto error = [](Color a, Color b) {
    if (a == b) return 0;
    if (!a.is_rgb() || !b.is_rgb()) return 255;
    return std::max({std::abs(a.r() - b.r()), std::abs(a.g() - b.g()), std::abs(a.b() - b.b())});
  };
  int worst = 0;
  for (int r = 0; r < shown.rows(); ++r)
    for (int c = 0; c < shown.cols(); ++c) {
      const Cell a = shown.at(r, c), b = meant.at(r, c);
      const bool a_blank = a.glyph == U' ', b_blank = b.glyph == U' ';
      // A blank is a half block with equal halves.
      const Color a_up = a_blank ? a.bg : a.fg, b_up = b_blank ? b.bg : b.fg;
      if (!a_blank && !b_blank && a.glyph != b.glyph) return -1;
      worst = std::max({worst, error(a_up, b_up), error(a.bg, b.bg)});
    }
  return worst;
}

CellGrid top_rows(const CellGrid& grid, int rows) {
  CellGrid top(GridSize{grid.cols(), rows});
  for (int r = 0; r < rows; ++r) std::copy_n(grid.row(r), grid.cols(), top.row(r));
  return top;
}

struct SimulatedRun {
  std::vector<Write> writes;
  int frames_drawn = 0;
  int worst_error = 0;
  bool screen_matched = true;
};

// Feeds `frames` (cycled) for `seconds` at 24 fps through a BudgetedEncoder into libvterm.
SimulatedRun simulate(BudgetedEncoder& encoder, const std::vector<OwnedFrame>& frames, GridSize pane, double seconds,
             const RenderOptions& options, TestTerminal& term, Clock::time_point& now) {
  SimulatedRun run;
  Renderer renderer;
  CellGrid next(pane);
  std::string out;
  const int count = static_cast<int>(seconds * 24);
  for (int i = 0; i < count; ++i, now += kFrameTime) {
    renderer.render(frames[static_cast<std::size_t>(i) % frames.size()].view(), options, next);
    out.clear();
    const auto partial_before = encoder.stats(now).frames_partial;
    if (!encoder.encode(next, {0, 0}, now, out)) continue;
    const bool whole_frame = encoder.stats(now).frames_partial == partial_before;
    ++run.frames_drawn;
    run.writes.push_back({now, out.size()});
    term.feed(out);
    // Compared where the encoder knows the screen: a first frame may be drawn in parts.
    const GridSize known{pane.cols, encoder.rows_known()};
    const CellGrid screen = term.region({0, 0}, known);
    run.screen_matched = run.screen_matched && screen == visible(top_rows(encoder.shown(), known.rows));
    if (whole_frame && known.rows == pane.rows)  // a frame drawn in part shows older rows below
      run.worst_error = std::max(run.worst_error, worst_colour_error(screen, visible(next)));
  }
  return run;
}

std::vector<OwnedFrame> noisy_clip(int count) {
  std::vector<OwnedFrame> frames;
  for (int i = 0; i < count; ++i) frames.push_back(noisy_frame(i, 10));
  return frames;
}

constexpr GridSize kPane{80, 30};
constexpr RenderOptions kTruecolor{Style::half_block, ColorDepth::truecolor};

}  // namespace

TEST(BudgetedEncoder, UnlimitedWritesExactlyTheDiff) {
  BudgetedEncoder encoder;
  Renderer renderer;
  CellGrid previous(kPane), next(kPane);
  auto now = kStart;
  for (int i = 0; i < 5; ++i, now += kFrameTime) {
    renderer.render(noisy_frame(i, 10).view(), kTruecolor, next);
    std::string out;
    ASSERT_TRUE(encoder.encode(next, {2, 3}, now, out));
    EXPECT_EQ(out, encode(i == 0 ? nullptr : &previous, next, {2, 3})) << i;
    previous = next;
  }
  EXPECT_EQ(encoder.stats(now).threshold, 0);
}

TEST(BudgetedEncoder, EverySecondStaysWithinTheBudgetAndTheScreenWithinTheThreshold) {
  const auto clip = noisy_clip(48);
  for (const std::size_t budget : {std::size_t{40'000}, std::size_t{120'000}}) {
    BudgetedEncoder encoder;
    encoder.set_rate(budget);
    TestTerminal term(kPane.rows, kPane.cols);
    auto now = kStart;
    const SimulatedRun run = simulate(encoder, clip, kPane, 10, kTruecolor, term, now);
    EXPECT_LE(worst_window(run.writes), budget) << budget;
    EXPECT_TRUE(run.screen_matched) << budget;
    EXPECT_GE(run.worst_error, 0) << "a cell of another shape stayed on screen";
    EXPECT_LE(run.worst_error, BudgetedEncoder::kMaxThreshold) << budget;
    // The budget is spent on frames, not left unused: more than half of it, most seconds.
    EXPECT_GE(encoder.stats(now - kFrameTime).bytes_last_second, budget / 2) << budget;
    EXPECT_GT(run.frames_drawn, 10 * 10) << budget;  // ≥ 10 fps drawn
  }
}

TEST(BudgetedEncoder, AStillPictureConvergesExactly) {
  const auto clip = noisy_clip(48);
  BudgetedEncoder encoder;
  encoder.set_rate(60'000);
  TestTerminal term(kPane.rows, kPane.cols);
  auto now = kStart;
  simulate(encoder, clip, kPane, 4, kTruecolor, term, now);
  EXPECT_GT(encoder.stats(now).threshold, 0);  // motion at this budget needs a threshold
  const std::vector<OwnedFrame> still{clip.front()};
  simulate(encoder, still, kPane, 5, kTruecolor, term, now);
  CellGrid meant(kPane);
  Renderer().render(still.front().view(), kTruecolor, meant);
  EXPECT_EQ(term.region({0, 0}, kPane), visible(meant));
  EXPECT_EQ(encoder.stats(now).threshold, 0);
}

TEST(BudgetedEncoder, AFrameLargerThanTheBudgetIsDrawnInParts) {
  BudgetedEncoder encoder;
  encoder.set_rate(BudgetedEncoder::kMinRate);  // a full 80x30 truecolor frame is ~40 KB
  CellGrid next = render_frame(noisy_frame(0, 10).view(), kPane, kTruecolor);
  TestTerminal term(kPane.rows, kPane.cols);
  std::vector<Write> writes;
  auto now = kStart;
  for (int i = 0; i < 24 * 8; ++i, now += kFrameTime) {
    std::string out;
    if (encoder.encode(next, {0, 0}, now, out)) {
      writes.push_back({now, out.size()});
      term.feed(out);
    }
  }
  EXPECT_LE(worst_window(writes), BudgetedEncoder::kMinRate);
  EXPECT_GT(encoder.stats(now).frames_partial, 0u);
  EXPECT_EQ(term.region({0, 0}, kPane), visible(next));
}

TEST(BudgetedEncoder, NoBudgetLeftDrawsNothingAndForgetsNothing) {
  BudgetedEncoder encoder;
  encoder.set_rate(BudgetedEncoder::kMinRate);
  const auto now = kStart;
  const CellGrid first = render_frame(noisy_frame(0, 10).view(), kPane, kTruecolor);
  std::string out;
  int draws = 0;
  while (encoder.encode(first, {0, 0}, now, out)) ASSERT_LT(++draws, 10);  // spend it all
  ASSERT_GT(draws, 0);
  ASSERT_LT(encoder.rows_known(), kPane.rows);
  const CellGrid shown = encoder.shown();
  const auto skipped = encoder.stats(now).frames_skipped;
  out = "kept";
  EXPECT_FALSE(encoder.encode(render_frame(noisy_frame(1, 10).view(), kPane, kTruecolor), {0, 0}, now, out));
  EXPECT_EQ(out, "kept");
  EXPECT_EQ(encoder.shown(), shown);
  EXPECT_EQ(encoder.stats(now).frames_skipped, skipped + 1);
}

TEST(BudgetedEncoder, CongestionAfterAQuietSecondHalvesTheRateUntilWritesGoThrough) {
  BudgetedEncoder encoder;
  encoder.set_rate(100'000);
  auto now = kStart;
  encoder.congested(now);
  EXPECT_EQ(encoder.stats(now).effective_rate, 50'000u);
  EXPECT_EQ(encoder.stats(now).congestions, 1u);
  const auto clip = noisy_clip(4);
  TestTerminal term(kPane.rows, kPane.cols);
  simulate(encoder, clip, kPane, 3, kTruecolor, term, now);
  const auto partway = encoder.stats(now).effective_rate;
  EXPECT_GT(partway, 50'000u);
  EXPECT_LT(partway, 100'000u);
  simulate(encoder, clip, kPane, 10, kTruecolor, term, now);
  EXPECT_EQ(encoder.stats(now).effective_rate, 100'000u);
}

TEST(BudgetedEncoder, CongestionLimitsAnUnlimitedEncoderToWhatWentThrough) {
  BudgetedEncoder encoder;
  auto now = kStart;
  const auto clip = noisy_clip(4);
  TestTerminal term(kPane.rows, kPane.cols);
  simulate(encoder, clip, kPane, 2, kTruecolor, term, now);
  const auto written = encoder.stats(now).bytes_last_second;
  encoder.congested(now);  // a little below what went through
  EXPECT_NEAR(static_cast<double>(encoder.stats(now).effective_rate), 0.8 * static_cast<double>(written), 1.0);
  EXPECT_EQ(encoder.stats(now).rate, 0u);
}

// The natural clip (Megamind, see tests/integration/test_output_budget.py, which decodes it and
// runs this test): ten seconds at 24 fps into a 160x45 pane at the default budget.
TEST(BudgetedEncoderNaturalClip, StaysWithinTheBudgetAndConverges) {
  const char* path = std::getenv("CLIVRT_CLIP_RGB");
  if (path == nullptr) GTEST_SKIP() << "CLIVRT_CLIP_RGB (320x240 RGB24 frames) not set";
  std::string error;
  const auto clip = clivrt::render::testing::load_raw_video(path, 320, 240, error);
  ASSERT_TRUE(clip) << error;
  constexpr GridSize pane{160, 45};
  constexpr std::size_t budget = 400 * 1024;
  for (const RenderOptions options : {kTruecolor, RenderOptions{Style::half_block, ColorDepth::ansi256}}) {
    BudgetedEncoder encoder;
    encoder.set_rate(budget);
    TestTerminal term(pane.rows, pane.cols);
    auto now = kStart;
    const SimulatedRun run = simulate(encoder, *clip, pane, 10, options, term, now);
    EXPECT_LE(worst_window(run.writes), budget);
    EXPECT_TRUE(run.screen_matched);
    EXPECT_GE(run.frames_drawn, 200);  // of 240
    if (options.depth == ColorDepth::truecolor) {
      EXPECT_GE(run.worst_error, 0);
      EXPECT_LE(run.worst_error, BudgetedEncoder::kMaxThreshold);
    }
    const std::vector<OwnedFrame> still{clip->back()};
    simulate(encoder, still, pane, 3, options, term, now);
    EXPECT_EQ(term.region({0, 0}, pane), visible(render_frame(still.front().view(), pane, options)));
    std::printf("%s: worst second %zu B, %d frames drawn, worst error %d\n", to_string(options.depth).data(),
                worst_window(run.writes), run.frames_drawn, run.worst_error);
  }
}
