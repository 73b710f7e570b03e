#pragma once
// How many bytes the video may write now: at most `rate` bytes in any one-second window, spread
// over the second rather than spent in one burst, and lower for a while after the terminal fell
// behind (back_off). Pure (time is passed in), one owner.
#include <chrono>
#include <cstddef>
#include <deque>

namespace clivrt::render {

class OutputBudget {
 public:
  using Clock = std::chrono::steady_clock;
  /// The lowest rate that still draws a row of a wide truecolor pane at once (bytes/s); a
  /// backed-off rate never goes below it.
  static constexpr std::size_t kMinRate = 16 * 1024;

  /// 0 bytes per second: no limit (the window is still kept, for the figures).
  explicit OutputBudget(std::size_t bytes_per_second = 0) { set_rate(bytes_per_second); }

  /// The configured rate; ends any back-off.
  void set_rate(std::size_t bytes_per_second);
  /// The rate in force now: the configured one, or lower after back_off().
  std::size_t rate() const { return rate_; }
  std::size_t configured_rate() const { return configured_rate_; }
  bool unlimited() const { return rate_ == 0; }

  /// The last bytes could not be written at once (the terminal or the link is slow): lower the
  /// rate to a little below what went through in the last second (at most halving it, once per
  /// slow spell).
  void back_off(Clock::time_point now);
  /// Call before each frame: a backed-off rate grows back by 10% a second once writes have gone
  /// through for 2 s, up to the configured rate.
  void recover(Clock::time_point now);

  /// Bytes that may be written at `now` (SIZE_MAX without a limit): what keeps the second
  /// ending now within the rate. Writes are also paced: after a big one (more than the quarter
  /// second's worth saved up) nothing more until the rate has paid it back.
  std::size_t allowance(Clock::time_point now);
  /// Records a write of `bytes` at `now` (0 is fine: it counts as a drawn frame).
  void spend(Clock::time_point now, std::size_t bytes);

  /// Bytes written, and writes recorded, in the second ending at `now`.
  std::size_t bytes_last_second(Clock::time_point now) const;
  int writes_last_second(Clock::time_point now) const;

 private:
  struct Write {
    Clock::time_point at;
    std::size_t bytes;
  };
  void expire(Clock::time_point now);
  void refill(Clock::time_point now);
  void apply_rate(std::size_t bytes_per_second);

  std::size_t rate_ = 0;
  std::size_t configured_rate_ = 0;
  double backed_off_rate_ = 0;  // 0 = not backed off
  Clock::time_point last_congestion_{}, last_recovery_{};
  std::deque<Write> window_;  // writes in the last second, oldest first
  std::size_t window_bytes_ = 0;
  double tokens_ = 0;  // pacing: refilled at `rate`, capped at a quarter second's worth, may go negative
  Clock::time_point refilled_{};
};

}  // namespace clivrt::render
