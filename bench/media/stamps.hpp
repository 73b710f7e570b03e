#pragma once
// Capture-time stamps for the latency benchmarks: a row of 32 black/white blocks in the picture
// (24 bits of CLOCK_MONOTONIC milliseconds + 8 check bits), painted on the raw frame before the
// encoder and read back from the decoded RGB frame; and a click in otherwise silent sound.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <optional>
#include <vector>

namespace clivrt::bench {

constexpr int stamp_bits = 32;
constexpr int stamp_top = 16, stamp_height = 32;  // rows of the block band

inline std::uint32_t now_ms24() {
  const auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
          .count();  // steady_clock = CLOCK_MONOTONIC
  return static_cast<std::uint32_t>(ms) & 0xFFFFFFu;
}

inline std::uint32_t with_check(std::uint32_t ms24) {
  const std::uint32_t check = ((ms24 >> 16) ^ (ms24 >> 8) ^ ms24 ^ 0x5Au) & 0xFFu;
  return (ms24 << 8) | check;
}

/// Paints the stamp into an I420 luma plane (the chroma under it stays as it was: grey enough).
inline void paint_stamp(std::uint8_t* luma, int stride, int width, int height, std::uint32_t ms24) {
  const std::uint32_t word = with_check(ms24);
  const int block = width / stamp_bits;
  if (block < 4 || height < stamp_top + stamp_height) return;
  for (int bit = 0; bit < stamp_bits; ++bit) {
    const std::uint8_t value = (word >> (stamp_bits - 1 - bit)) & 1u ? 235 : 16;
    for (int row = stamp_top; row < stamp_top + stamp_height; ++row) {
      std::fill_n(luma + static_cast<std::ptrdiff_t>(row) * stride + bit * block, block, value);
    }
  }
}

/// Reads the stamp back from packed RGB; nullopt if the check bits do not match.
inline std::optional<std::uint32_t> read_stamp(const std::uint8_t* rgb, int stride, int width, int height) {
  const int block = width / stamp_bits;
  if (block < 4 || height < stamp_top + stamp_height) return std::nullopt;
  std::uint32_t word = 0;
  const int row = stamp_top + stamp_height / 2;
  for (int bit = 0; bit < stamp_bits; ++bit) {
    const std::uint8_t* pixel = rgb + static_cast<std::ptrdiff_t>(row) * stride + (bit * block + block / 2) * 3;
    word = (word << 1) | (pixel[1] > 128 ? 1u : 0u);
  }
  const std::uint32_t ms24 = word >> 8;
  if (with_check(ms24) != word) return std::nullopt;
  return ms24;
}

/// Milliseconds from a stamp to now (24-bit wrap-around).
inline std::int64_t age_ms(std::uint32_t stamp) { return static_cast<std::int64_t>((now_ms24() - stamp) & 0xFFFFFFu); }

inline double percentile(std::vector<double> values, double p) {
  if (values.empty()) return -1;
  std::sort(values.begin(), values.end());
  const auto index = static_cast<std::size_t>(p / 100 * static_cast<double>(values.size() - 1) + 0.5);
  return values[std::min(index, values.size() - 1)];
}

}  // namespace clivrt::bench
