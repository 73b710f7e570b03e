#pragma once
// Successive frames of one video pane → terminal bytes, within a byte budget (see
// docs/architecture.md, "Video output"). It remembers what the terminal shows and spends bytes
// where they matter:
//   1. cells whose change is below an adaptive threshold keep what is shown (stabilize); the
//      threshold rises while frames cost more than the budget allows per frame and falls back
//      to 0 when they cost less, so a still picture converges exactly;
//   2. with bytes to spare, a rolling band of rows is drawn exactly, so no error stays long;
//   3. a frame that still does not fit is drawn from the top as far as the budget allows (the
//      rest follows with the next frames), and with no budget left it is not drawn at all:
//      the caller keeps only the newest frame, so latency never builds up.
// Pure: time is passed in. One per pane; not thread-safe.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

#include "clivrt/render/cell.hpp"
#include "clivrt/render/encoder.hpp"
#include "clivrt/render/output_budget.hpp"

namespace clivrt::render {

struct BudgetStats {
  std::size_t rate = 0;            ///< configured budget, bytes per second; 0 = unlimited
  std::size_t effective_rate = 0;  ///< after slow-terminal back-off; 0 = unlimited
  std::size_t bytes_last_second = 0;
  int frames_last_second = 0;  ///< frames drawn (fully or in part) in the last second
  int threshold = 0;           ///< current change threshold, RGB units per channel
  std::uint64_t frames_drawn = 0, frames_partial = 0, frames_skipped = 0;
  std::uint64_t congestions = 0;  ///< times the terminal could not keep up
};

class BudgetedEncoder {
 public:
  using Clock = std::chrono::steady_clock;
  static constexpr int kMaxThreshold = 64;
  /// Every row is drawn exactly at least once in this many seconds (budget permitting).
  static constexpr double kRefreshSeconds = 3.0;
  /// The lowest rate a backed-off budget goes down to (OutputBudget::kMinRate).
  static constexpr std::size_t kMinRate = OutputBudget::kMinRate;

  /// 0 = unlimited: every frame exact, as encode_into() would write it.
  void set_rate(std::size_t bytes_per_second);

  /// Use REP for runs (the terminal has it, see EncodeOptions::repeat).
  void set_repeat(bool on) { repeat_ = on; }

  /// The terminal's contents are unknown (cleared, resized, another style): redraw in full.
  void invalidate();

  /// Appends to `out` the bytes that bring the terminal at `origin` closer to `next` and returns
  /// true; false when nothing could be drawn now (no budget left). `next` is the pane's full
  /// grid; a size change redraws in full.
  bool encode(const CellGrid& next, Origin origin, Clock::time_point now, std::string& out);

  /// The last bytes could not be written at once (the terminal or the link is slow): lower the
  /// rate to a little below what went through in the last second (at most halving it); it grows
  /// back by 10% a second once writes have gone through for 2 s.
  void congested(Clock::time_point now);

  /// What the terminal shows now, as far as this encoder knows (tests, quality figures).
  /// Only rows [0, rows_known()) of it: after invalidate() a frame may be drawn in parts.
  const CellGrid& shown() const { return shown_; }
  int rows_known() const { return rows_known_; }
  BudgetStats stats(Clock::time_point now) const;

 private:
  void adapt(double ratio);  // ratio: what the frame cost / frame_budget()
  double frame_budget() const;  // bytes a frame may cost at this rate and frame rate
  int draw(const CellGrid& next, Origin origin, int threshold, std::size_t allowance, int exact_first, int exact_end,
           std::string& out);
  void refresh_band(const CellGrid& next, Origin origin, int threshold, std::size_t allowance, std::string& out);

  OutputBudget budget_;        // at the effective rate
  Clock::time_point last_frame_{};
  double frame_interval_ = 1.0 / 24;  // seconds between frames, smoothed
  double threshold_ = 0;
  int refresh_row_ = 0;
  int rows_known_ = 0;
  bool repeat_ = false;
  CellGrid shown_, candidate_;
  BudgetStats counts_;
};

}  // namespace clivrt::render
