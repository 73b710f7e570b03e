#include "clivrt/render/sampler.hpp"

#include <algorithm>

namespace clivrt::render {
namespace {

// Span of source samples [begin, end) covered by output sample i of n (never empty).
int span_begin(int i, int src, int n) { return static_cast<int>(static_cast<std::int64_t>(i) * src / n); }
int span_end(int i, int src, int n) { return std::max(span_begin(i, src, n) + 1, span_begin(i + 1, src, n)); }

// Adds `rows` rows of `bytes` bytes into `sums` (first row assigned): the vectorisable part.
template <typename Acc>
void sum_rows(const FrameView& f, int first, int rows, int bytes, Acc* sums) {
  const std::uint8_t* row = f.data + static_cast<std::ptrdiff_t>(first) * f.stride;
  for (int i = 0; i < bytes; ++i) sums[i] = row[i];
  for (int r = 1; r < rows; ++r) {
    row += f.stride;
    for (int i = 0; i < bytes; ++i) sums[i] = static_cast<Acc>(sums[i] + row[i]);
  }
}

}  // namespace

void BoxSampler::configure(int src_w, int src_h, int out_w, int out_h) {
  if (src_w == src_w_ && src_h == src_h_ && out_w == out_w_ && out_h == out_h_) return;
  src_w_ = src_w;
  src_h_ = src_h;
  out_w_ = out_w;
  out_h_ = out_h;
  x_begin_.resize(static_cast<std::size_t>(out_w));
  x_end_.resize(static_cast<std::size_t>(out_w));
  max_span_ = 1;
  for (int x = 0; x < out_w; ++x) {
    x_begin_[x] = span_begin(x, src_w, out_w);
    x_end_[x] = span_end(x, src_w, out_w);
    max_span_ = std::max(max_span_, x_end_[x] - x_begin_[x]);
  }
  sums16_.resize(3 * static_cast<std::size_t>(src_w));
  sums32_.clear();
  recip_.resize(static_cast<std::size_t>(max_span_) + 1);
}

template <typename Acc>
void BoxSampler::average_columns(const Acc* sums, int rows, Rgb* out) {
  for (int w = 1; w <= max_span_; ++w) {
    const std::uint64_t count = static_cast<std::uint64_t>(w) * static_cast<std::uint64_t>(rows);
    recip_[w] = ((std::uint64_t{1} << 32) + count - 1) / count;
  }
  constexpr std::uint64_t kHalf = std::uint64_t{1} << 31;
  for (int x = 0; x < out_w_; ++x) {
    std::uint64_t r = 0, g = 0, b = 0;
    const Acc* p = sums + 3 * x_begin_[x];
    const Acc* end = sums + 3 * x_end_[x];
    for (; p != end; p += 3) {
      r += p[0];
      g += p[1];
      b += p[2];
    }
    const std::uint64_t k = recip_[x_end_[x] - x_begin_[x]];
    const auto mean = [k](std::uint64_t sum) {
      return static_cast<std::uint8_t>(std::min<std::uint64_t>((sum * k + kHalf) >> 32, 255));
    };
    out[x] = {mean(r), mean(g), mean(b)};
  }
}

void BoxSampler::sample_row(const FrameView& frame, int y, Rgb* out) {
  const int y0 = span_begin(y, src_h_, out_h_);
  const int rows = span_end(y, src_h_, out_h_) - y0;
  const int bytes = 3 * src_w_;
  if (rows == 1) {
    average_columns(frame.data + static_cast<std::ptrdiff_t>(y0) * frame.stride, 1, out);
  } else if (rows <= 257) {  // 257 * 255 fits in 16 bits
    sum_rows(frame, y0, rows, bytes, sums16_.data());
    average_columns(sums16_.data(), rows, out);
  } else {
    sums32_.resize(static_cast<std::size_t>(bytes));
    sum_rows(frame, y0, rows, bytes, sums32_.data());
    average_columns(sums32_.data(), rows, out);
  }
}

}  // namespace clivrt::render
