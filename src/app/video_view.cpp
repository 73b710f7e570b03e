#include "video_view.hpp"

#include <chrono>
#include <cstdlib>

#include "clivrt/render/style.hpp"

namespace clivrt::app {

render::RenderOptions video_render_options(const std::string& style, const std::string& color) {
  render::RenderOptions options;
  options.depth =
      color == "auto" || color.empty()
          ? render::detect_color_depth(std::getenv("COLORTERM"), std::getenv("TERM"), std::getenv("NO_COLOR"))
          : render::parse_color_depth(color).value_or(render::ColorDepth::ansi256);
  if (const auto parsed = render::parse_style(style)) {
    options.style = *parsed;
  } else {
    options.style = options.depth == render::ColorDepth::none ? render::Style::just_ascii : render::Style::half_block;
  }
  return options;
}

void VideoView::configure(const render::RenderOptions& options, bool selfview) {
  options_ = options;
  selfview_ = selfview;
  invalidate();
}

void VideoView::invalidate() { previous_valid_ = false; }

namespace {
render::FrameView view_of(const media::VideoFrame& frame) {
  return render::FrameView{frame.rgb.data(), frame.width, frame.height, frame.stride};
}
}  // namespace

const std::string& VideoView::draw(const media::VideoFrame& remote, const media::VideoFrame* self,
                                   render::GridSize size, render::Origin origin) {
  const auto start = std::chrono::steady_clock::now();
  if (current_.size() != size) {
    current_.resize(size);
    previous_valid_ = false;
  }
  renderer_.render(view_of(remote), options_, current_);
  // Self view: a quarter of the pane's width in the bottom-right corner, if the pane has room.
  if (selfview_ && self && size.cols >= 24 && size.rows >= 8) {
    const render::GridSize self_size{size.cols / 4, size.rows / 4};
    if (self_grid_.size() != self_size) self_grid_.resize(self_size);
    self_renderer_.render(view_of(*self), options_, self_grid_);
    render::blit(current_, self_grid_, size.rows - self_size.rows, size.cols - self_size.cols);
  }
  bytes_.clear();
  render::encode_into(bytes_, previous_valid_ ? &previous_ : nullptr, current_, origin);
  std::swap(previous_, current_);
  previous_valid_ = true;
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  ++stats_.frames_drawn;
  total_ms_ += ms;
  total_bytes_ += static_cast<double>(bytes_.size());
  stats_.columns = size.cols;
  stats_.rows = size.rows;
  return bytes_;
}

RenderStats VideoView::stats() const {
  RenderStats stats = stats_;
  if (stats.frames_drawn > 0) {
    stats.average_render_ms = total_ms_ / static_cast<double>(stats.frames_drawn);
    stats.average_bytes_per_frame = total_bytes_ / static_cast<double>(stats.frames_drawn);
  }
  return stats;
}

}  // namespace clivrt::app
