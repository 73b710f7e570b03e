#include "clivrt/render/budgeted_encoder.hpp"

#include <algorithm>
#include <cmath>

#include "clivrt/render/stabilize.hpp"

namespace clivrt::render {
namespace {

// Not a character: differs from every cell, so a row holding it is drawn in full.
constexpr Cell kUnknown{0x110000, Color{}, Color{}};

// A truecolor half block with both colours changed: ESC[38;2;r;g;b;48;2;r;g;bm and the glyph.
constexpr int kMaxCellBytes = 41;

double seconds(BudgetedEncoder::Clock::duration d) { return std::chrono::duration<double>(d).count(); }

void copy_rows(const CellGrid& from, CellGrid& to, int rows) {
  for (int r = 0; r < rows; ++r) std::copy_n(from.row(r), from.cols(), to.row(r));
}

}  // namespace

void BudgetedEncoder::set_rate(std::size_t bytes_per_second) {
  budget_.set_rate(bytes_per_second);
  if (bytes_per_second == 0) threshold_ = 0;
}

void BudgetedEncoder::invalidate() {
  shown_.fill(kUnknown);
  rows_known_ = 0;
}

void BudgetedEncoder::congested(Clock::time_point now) {
  ++counts_.congestions;
  budget_.back_off(now);
}

int BudgetedEncoder::draw(const CellGrid& next, Origin origin, int threshold, std::size_t allowance, int exact_first,
                          int exact_end, std::string& out) {
  candidate_ = next;
  stabilize(candidate_, shown_, threshold, exact_first, exact_end);
  EncodeOptions options;
  options.max_bytes = allowance == SIZE_MAX ? 0 : allowance;
  options.repeat = repeat_;
  return encode_into(out, &shown_, candidate_, origin, options);
}

bool BudgetedEncoder::encode(const CellGrid& next, Origin origin, Clock::time_point now, std::string& out) {
  if (shown_.size() != next.size()) {
    shown_.resize(next.size());
    invalidate();
    refresh_row_ = 0;
  }
  if (last_frame_ != Clock::time_point{}) {
    const double dt = std::clamp(seconds(now - last_frame_), 1.0 / 120, 1.0);
    frame_interval_ += 0.1 * (dt - frame_interval_);
  }
  last_frame_ = now;
  budget_.recover(now);

  // A frame takes at most a quarter second's worth (or one full row) at once: a big one, as
  // after a resize, is drawn over several frames instead of blocking a whole second.
  const std::size_t per_frame = budget_.unlimited() ? SIZE_MAX
                                                    : std::max(budget_.rate() / 4,
                                                               static_cast<std::size_t>(kMaxCellBytes * next.cols()));
  const std::size_t allowance = std::min(budget_.allowance(now), per_frame);
  if (allowance == 0) {
    ++counts_.frames_skipped;
    return false;
  }
  const int rows = next.rows();
  const int threshold = budget_.unlimited() ? 0 : static_cast<int>(std::lround(threshold_));
  const std::size_t start = out.size();
  const bool was_complete = rows_known_ == rows;
  int done = draw(next, origin, threshold, allowance, 0, 0, out);
  const std::size_t demand = out.size() - start;
  // What this frame cost against what a frame may cost. One that did not fit counts as far over
  // budget only if it had a frame's share to spend; while the pane is still being drawn for
  // the first time (or the window is nearly spent) not fitting says little about the threshold.
  double ratio = static_cast<double>(demand) / std::max(frame_budget(), 1.0);
  if (done < rows) ratio = !was_complete ? 1.0 : static_cast<double>(allowance) >= frame_budget() ? 2.0 : 1.1;
  if (done < rows && threshold < kMaxThreshold) {
    out.resize(start);
    done = draw(next, origin, kMaxThreshold, allowance, 0, 0, out);
  } else if (done == rows && threshold > 0 && ratio < 0.8) {
    out.resize(start);
    refresh_band(next, origin, threshold, allowance, out);
  }
  adapt(ratio);
  if (done == 0) {
    out.resize(start);
    ++counts_.frames_skipped;
    return false;
  }
  rows_known_ = std::max(rows_known_, done);
  if (done == rows) {
    std::swap(shown_, candidate_);
  } else {
    copy_rows(candidate_, shown_, done);
    ++counts_.frames_partial;
  }
  budget_.spend(now, out.size() - start);
  ++counts_.frames_drawn;
  return true;
}

void BudgetedEncoder::refresh_band(const CellGrid& next, Origin origin, int threshold, std::size_t allowance,
                                   std::string& out) {
  // Bytes to spare: the frame again with a band of rows drawn exactly, so that no cell keeps
  // its error; the band moves on each time, covering the pane every kRefreshSeconds.
  const int rows = next.rows();
  const int band = std::max(1, static_cast<int>(std::ceil(rows * frame_interval_ / kRefreshSeconds)));
  const int first = refresh_row_, end = std::min(rows, refresh_row_ + band);
  const std::size_t start = out.size();
  if (draw(next, origin, threshold, allowance, first, end, out) == rows) {
    refresh_row_ = end >= rows ? 0 : end;
  } else {  // the band did not fit after all: the frame as it was
    out.resize(start);
    draw(next, origin, threshold, allowance, 0, 0, out);
  }
}

double BudgetedEncoder::frame_budget() const { return static_cast<double>(budget_.rate()) * frame_interval_; }

void BudgetedEncoder::adapt(double ratio) {
  if (budget_.unlimited()) {
    threshold_ = 0;
    return;
  }
  // Over budget: raise the threshold in proportion. Under it: lower it, slowly when close, so
  // that it keeps probing for the lowest threshold the budget affords (a higher one does not
  // always save bytes: a moving object costs the same at any threshold).
  if (ratio > 1.05) {
    threshold_ = threshold_ * std::min(ratio, 1.3) + 1;
  } else if (ratio < 1.0) {
    threshold_ = threshold_ * std::max(ratio, 0.85) - 0.5;
  }
  threshold_ = std::clamp(threshold_, 0.0, static_cast<double>(kMaxThreshold));
}

BudgetStats BudgetedEncoder::stats(Clock::time_point now) const {
  BudgetStats s = counts_;
  s.rate = budget_.configured_rate();
  s.effective_rate = budget_.rate();
  s.bytes_last_second = budget_.bytes_last_second(now);
  s.frames_last_second = budget_.writes_last_second(now);
  s.threshold = static_cast<int>(std::lround(threshold_));
  return s;
}

}  // namespace clivrt::render
