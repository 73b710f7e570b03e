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

std::size_t default_output_rate(bool over_ssh) { return over_ssh ? 200 * 1024 : 400 * 1024; }

VideoSettings video_settings_from(const config::Settings& settings) {
  const auto set = [](const char* name) {
    const char* value = std::getenv(name);
    return value != nullptr && *value != '\0';
  };
  VideoSettings video;
  video.render = video_render_options(settings.video_style, settings.color);
  video.pixels = pixel_mode_of(settings.video_style);
  video.selfview = settings.selfview;
  video.max_output_rate =
      settings.max_output_rate.value_or(default_output_rate(set("SSH_CONNECTION") || set("SSH_TTY")));
  return video;
}

std::string VideoView::configure(const VideoSettings& settings) {
  const bool redraw = !(settings.render.style == settings_.render.style && settings.render.depth == settings_.render.depth &&
                        settings.selfview == settings_.selfview);
  settings_ = settings;
  encoder_.set_rate(settings.max_output_rate);
  if (pixel_encoder_) pixel_encoder_->set_rate(settings.max_output_rate);
  if (redraw) invalidate();
  return choose_output();
}

std::string VideoView::set_terminal(const tui::TerminalFeatures& features) {
  terminal_ = features;
  encoder_.set_repeat(features.repeat);
  return choose_output();
}

std::string VideoView::choose_output() {
  PixelChoice choice = choose_pixels(settings_.pixels, terminal_ ? &*terminal_ : nullptr);
  if (choice == pixel_choice_) return {};
  pixel_choice_ = std::move(choice);
  pixel_encoder_.reset();
  if (pixel_choice_.protocol) {
    pixel_encoder_ = std::make_unique<pixels::PixelEncoder>(*pixel_choice_.protocol, pixel_choice_.tmux_passthrough);
    pixel_encoder_->set_rate(settings_.max_output_rate);
    pixel_encoder_->use_shared_memory(pixel_choice_.shared_memory);
  }
  invalidate();
  return pixel_choice_.notice;
}

std::string VideoView::pixel_clear() const { return pixel_encoder_ ? pixel_encoder_->clear() : std::string(); }

void VideoView::invalidate() { encoder_.invalidate(); }

void VideoView::congested(Clock::time_point now) {
  if (pixel_encoder_) {
    pixel_encoder_->congested(now);
  } else {
    encoder_.congested(now);
  }
}

namespace {
render::FrameView view_of(const media::VideoFrame& frame) {
  return render::FrameView{frame.rgb.data(), frame.width, frame.height, frame.stride};
}
}  // namespace

const std::string* VideoView::draw(const media::VideoFrame& remote, const media::VideoFrame* self,
                                   render::GridSize size, render::Origin origin, Clock::time_point now) {
  if (pixel_encoder_) return draw_pixels(remote, size, origin, now);
  const auto start = Clock::now();
  if (current_.size() != size) current_.resize(size);
  renderer_.render(view_of(remote), settings_.render, current_);
  // Self view: a quarter of the pane's width in the bottom-right corner, if the pane has room.
  if (settings_.selfview && self && size.cols >= 24 && size.rows >= 8) {
    const render::GridSize self_size{size.cols / 4, size.rows / 4};
    if (self_grid_.size() != self_size) self_grid_.resize(self_size);
    self_renderer_.render(view_of(*self), settings_.render, self_grid_);
    render::blit(current_, self_grid_, size.rows - self_size.rows, size.cols - self_size.cols);
  }
  bytes_.clear();
  const bool drawn = encoder_.encode(current_, origin, now, bytes_);
  return drawn ? count_drawn(start, size) : nullptr;
}

// The self view is not drawn over a picture of pixels: kitty would cover it, and sixel cells
// drawn over the picture would cut holes in it.
const std::string* VideoView::draw_pixels(const media::VideoFrame& remote, render::GridSize size, render::Origin origin,
                                          Clock::time_point now) {
  const auto start = Clock::now();
  pixels::Pane pane{origin, size, terminal_->cell_width, terminal_->cell_height};
  if (pane.cell_width <= 0 || pane.cell_height <= 0) {  // kitty scales to the cells: only the shape matters
    pane.cell_width = 8;
    pane.cell_height = 16;
  }
  bytes_.clear();
  if (!pixel_encoder_->encode(view_of(remote), pane, now, bytes_)) return nullptr;
  return count_drawn(start, size);
}

const std::string* VideoView::count_drawn(Clock::time_point start, render::GridSize size) {
  const double ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
  ++stats_.frames_drawn;
  total_ms_ += ms;
  total_bytes_ += static_cast<double>(bytes_.size());
  stats_.columns = size.cols;
  stats_.rows = size.rows;
  return &bytes_;
}

RenderStats VideoView::stats() const {
  RenderStats stats = stats_;
  if (stats.frames_drawn > 0) {
    stats.average_render_ms = total_ms_ / static_cast<double>(stats.frames_drawn);
    stats.average_bytes_per_frame = total_bytes_ / static_cast<double>(stats.frames_drawn);
  }
  if (pixel_encoder_) {
    const pixels::PixelStats pixel = pixel_encoder_->stats(Clock::now());
    stats.output = pixel.output;
    stats.pixels = pixel_encoder_->protocol() == pixels::Protocol::kitty ? "kitty" : "sixel";
    stats.pixel_width = pixel.width;
    stats.pixel_height = pixel.height;
  } else {
    stats.output = encoder_.stats(Clock::now());
  }
  return stats;
}

}  // namespace clivrt::app
