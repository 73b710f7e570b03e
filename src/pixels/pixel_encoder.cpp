#include "clivrt/pixels/pixel_encoder.hpp"

#include <chafa.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <string_view>
#include <vector>

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "clivrt/render/output_budget.hpp"

namespace clivrt::pixels {
namespace {

// kitty: the two image ids the pictures alternate between ("cl", "cm"). A new picture is
// transmitted and placed under the id not on screen, then the other id is deleted: the old
// picture stays until the new one covers it (no flicker), and at most two ever exist.
constexpr std::uint32_t kKittyIds[2] = {0x636c, 0x636d};
// Base64 characters per kitty chunk (the protocol's limit is 4096; a multiple of 4).
constexpr std::size_t kKittyChunk = 4096;
// kitty: at most this many frames' worth of the rate per frame (aiming at >= 10 fps).
constexpr double kKittyFramesPerSecond = 12;
constexpr int kKittyMinWidth = 64;
constexpr double kSharedMemoryFrameBytes = 200;  // a frame's sequences when only a name is sent
// sixel: the palettes tried, richest first; the richest whose frames still fit this many times
// a second is used. TRUECOLOR has chafa pick 256 colours for each picture; INDEXED_256 is
// xterm's fixed 256 (a 6-level cube: coarse, but about a third of the bytes), then 16 and 8.
constexpr double kSixelFramesPerSecond = 10;
constexpr std::array<ChafaCanvasMode, 4> kSixelModes = {CHAFA_CANVAS_MODE_TRUECOLOR, CHAFA_CANVAS_MODE_INDEXED_256,
                                                        CHAFA_CANVAS_MODE_INDEXED_16, CHAFA_CANVAS_MODE_INDEXED_8};
// First guesses, bytes per pixel (a 320x240 natural frame: ~108 KB, ~33 KB, ~9.5 KB, ~7.7 KB);
// replaced by what frames really cost.
constexpr std::array<double, 4> kSixelBytesPerPixel = {1.4, 0.45, 0.13, 0.10};
constexpr double kSmoothing = 0.3;

// The cells a `width` x `height` picture fills in `pane` (aspect kept with the real cell
// pixel size, centred), relative to the pane. render::picture_area takes cells as 2:1; here
// the terminal told us their size.
struct Area {
  int col = 0, row = 0, cols = 0, rows = 0;
};

Area fitted_area(int width, int height, const Pane& pane) {
  if (width <= 0 || height <= 0 || pane.cells.cols <= 0 || pane.cells.rows <= 0 || pane.cell_width <= 0 ||
      pane.cell_height <= 0) {
    return {};
  }
  const double scale = std::min(static_cast<double>(pane.cells.cols) * pane.cell_width / width,
                                static_cast<double>(pane.cells.rows) * pane.cell_height / height);
  Area a;
  a.cols = std::clamp(static_cast<int>(std::lround(width * scale / pane.cell_width)), 1, pane.cells.cols);
  a.rows = std::clamp(static_cast<int>(std::lround(height * scale / pane.cell_height)), 1, pane.cells.rows);
  a.col = (pane.cells.cols - a.cols) / 2;
  a.row = (pane.cells.rows - a.rows) / 2;
  return a;
}

void append_cursor(std::string& out, int row, int col) {
  out += "\x1b[" + std::to_string(row + 1) + ';' + std::to_string(col + 1) + 'H';
}

// One complete escape sequence, for tmux: DCS tmux; <sequence, every ESC doubled> ST.
void append_sequence(std::string& out, std::string_view sequence, bool tmux) {
  if (!tmux) {
    out += sequence;
    return;
  }
  out += "\x1bPtmux;";
  for (char c : sequence) {
    if (c == '\x1b') out += '\x1b';
    out += c;
  }
  out += "\x1b\\";
}

// The sequences ESC <introducer> ... ESC \ in `s` (APC for kitty, DCS for sixel), as views.
std::vector<std::string_view> sequences(std::string_view s, char introducer) {
  std::vector<std::string_view> found;
  const char start[] = {'\x1b', introducer, '\0'};
  std::size_t at = 0;
  while ((at = s.find(start, at)) != std::string_view::npos) {
    const std::size_t end = s.find("\x1b\\", at + 2);
    if (end == std::string_view::npos) break;
    found.push_back(s.substr(at, end + 2 - at));
    at = end + 2;
  }
  return found;
}

// A chafa canvas, remade when its geometry or palette changes.
class Canvas {
 public:
  ~Canvas() { reset(); }
  Canvas() = default;
  Canvas(const Canvas&) = delete;
  Canvas& operator=(const Canvas&) = delete;

  // `cols` x `rows` cells of `cell_w` x `cell_h` pixels: a picture of cols*cell_w x rows*cell_h.
  ChafaCanvas* get(ChafaPixelMode pixels, ChafaCanvasMode mode, int cols, int rows, int cell_w, int cell_h) {
    const std::array<int, 6> key = {static_cast<int>(pixels), static_cast<int>(mode), cols, rows, cell_w, cell_h};
    if (canvas_ != nullptr && key == key_) return canvas_;
    reset();
    ChafaCanvasConfig* config = chafa_canvas_config_new();
    chafa_canvas_config_set_pixel_mode(config, pixels);
    chafa_canvas_config_set_canvas_mode(config, mode);
    chafa_canvas_config_set_geometry(config, cols, rows);
    chafa_canvas_config_set_cell_geometry(config, cell_w, cell_h);
    canvas_ = chafa_canvas_new(config);
    chafa_canvas_config_unref(config);
    key_ = key;
    return canvas_;
  }

 private:
  void reset() {
    if (canvas_ != nullptr) chafa_canvas_unref(canvas_);
    canvas_ = nullptr;
  }
  ChafaCanvas* canvas_ = nullptr;
  std::array<int, 6> key_{};
};

ChafaTermInfo* term_info(const char* term) {
  // An explicit terminal, not the environment's: chafa prints kitty graphics for xterm-kitty
  // and sixels for mlterm (its database gives plain xterm no sixel sequences).
  std::string var = std::string("TERM=") + term;
  gchar* env[] = {var.data(), nullptr};
  return chafa_term_db_detect(chafa_term_db_get_default(), env);
}

// A shared-memory object holding `bytes`, named uniquely for this process; "" if it cannot be had.
std::string shared_memory_object(const std::vector<std::uint8_t>& bytes) {
  static unsigned long serial = 0;
  const std::string name = "/clivrt-" + std::to_string(::getpid()) + "-" + std::to_string(++serial);
  const int fd = ::shm_open(name.c_str(), O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0) return {};
  bool ok = ::ftruncate(fd, static_cast<off_t>(bytes.size())) == 0;
  for (std::size_t at = 0; ok && at < bytes.size();) {
    const ssize_t n = ::write(fd, bytes.data() + at, bytes.size() - at);
    ok = n > 0;
    if (ok) at += static_cast<std::size_t>(n);
  }
  ::close(fd);
  if (!ok) {
    ::shm_unlink(name.c_str());
    return {};
  }
  return name;
}

std::string print(ChafaCanvas* canvas, ChafaTermInfo* term) {
  GString* s = chafa_canvas_print(canvas, term);
  std::string printed(s->str, s->len);
  g_string_free(s, TRUE);
  return printed;
}

}  // namespace

struct PixelEncoder::Impl {
  Protocol protocol;
  bool tmux;
  bool shared_memory = false;
  ChafaTermInfo* term = nullptr;
  Canvas canvas;

  render::OutputBudget budget;  // backs off when the terminal falls behind, as the cell renderer's
  render::BudgetStats counts;
  int width = 0, height = 0;

  int next_id = 0;                     // kitty: index into kKittyIds of the next picture
  bool shown = false;                  // kitty: a picture is on screen under kKittyIds[1 - next_id]
  double kitty_bytes_per_pixel = 4.0;  // base64 of RGB: 4 characters a pixel, plus headers
  std::array<double, 4> sixel_bytes_per_pixel = kSixelBytesPerPixel;

  std::string kitty(const render::FrameView& frame, const Area& area, int width, int height);
  std::string sixel(const render::FrameView& frame, const Area& area, const Pane& pane, ChafaCanvasMode mode);
};

PixelEncoder::PixelEncoder(Protocol protocol, bool tmux_passthrough) : impl_(std::make_unique<Impl>()) {
  impl_->protocol = protocol;
  impl_->tmux = tmux_passthrough;
  // Process-wide in libchafa: two threads keep a 640x480 sixel frame well within a frame time.
  chafa_set_n_threads(2);
  impl_->term = term_info(protocol == Protocol::kitty ? "xterm-kitty" : "mlterm");
}

PixelEncoder::~PixelEncoder() {
  if (impl_->term != nullptr) chafa_term_info_unref(impl_->term);
}

Protocol PixelEncoder::protocol() const { return impl_->protocol; }

void PixelEncoder::use_shared_memory(bool on) { impl_->shared_memory = on && impl_->protocol == Protocol::kitty; }

void PixelEncoder::set_rate(std::size_t bytes_per_second) { impl_->budget.set_rate(bytes_per_second); }

void PixelEncoder::congested(Clock::time_point now) {
  ++impl_->counts.congestions;
  impl_->budget.back_off(now);
}

std::string PixelEncoder::Impl::kitty(const render::FrameView& frame, const Area& area, int w, int h) {
  // chafa scales the frame to w x h (a canvas of w x h one-pixel cells) and prints it as kitty
  // graphics. Its sequences carry no image id nor q=2, and its chunks are base64-encoded one by
  // one (each padded), so rather than edit them we decode its RGBA pixels and write the
  // sequences ourselves: RGB (f=24, a quarter fewer bytes), our id, q=2 (no replies), C=1 (the
  // cursor stays), c/r = the area, so kitty scales the picture to it.
  ChafaCanvas* c = canvas.get(CHAFA_PIXEL_MODE_KITTY, CHAFA_CANVAS_MODE_TRUECOLOR, w, h, 1, 1);
  chafa_canvas_draw_all_pixels(c, CHAFA_PIXEL_RGB8, frame.data, frame.width, frame.height, frame.stride);
  const std::string printed = print(c, term);
  std::vector<std::uint8_t> rgb;
  rgb.reserve(static_cast<std::size_t>(w) * h * 3);
  std::vector<std::uint8_t> rgba;
  for (std::string_view seq : sequences(printed, '_')) {
    const std::size_t semi = seq.find(';');
    if (semi == std::string_view::npos) continue;  // the header: no pixels
    std::string chunk(seq.substr(semi + 1, seq.size() - 2 - (semi + 1)));
    gsize n = 0;
    guchar* bytes = g_base64_decode(chunk.c_str(), &n);
    rgba.insert(rgba.end(), bytes, bytes + n);
    g_free(bytes);
  }
  if (rgba.size() != static_cast<std::size_t>(w) * h * 4) return {};  // not what chafa prints
  for (std::size_t i = 0; i < rgba.size(); i += 4) rgb.insert(rgb.end(), &rgba[i], &rgba[i] + 3);
  const std::uint32_t id = kKittyIds[next_id];
  const auto replace_previous = [&](std::string& out) {
    if (shown) append_sequence(out, "\x1b_Ga=d,d=I,i=" + std::to_string(kKittyIds[1 - next_id]) + ",q=2\x1b\\", tmux);
  };
  if (shared_memory) {  // the terminal reads the object and removes it; only the name goes through the pty
    if (const std::string name = shared_memory_object(rgb); !name.empty()) {
      gchar* encoded_name = g_base64_encode(reinterpret_cast<const guchar*>(name.data()), name.size());
      std::string out;
      append_sequence(out,
                      "\x1b_Ga=T,t=s,f=24,s=" + std::to_string(w) + ",v=" + std::to_string(h) +
                          ",S=" + std::to_string(rgb.size()) + ",c=" + std::to_string(area.cols) +
                          ",r=" + std::to_string(area.rows) + ",i=" + std::to_string(id) + ",C=1,q=2;" +
                          encoded_name + "\x1b\\",
                      tmux);
      g_free(encoded_name);
      replace_previous(out);
      return out;
    }
  }
  gchar* b64 = g_base64_encode(rgb.data(), rgb.size());
  const std::string_view payload(b64);

  std::string out;
  for (std::size_t at = 0; at < payload.size() || at == 0; at += kKittyChunk) {
    const bool last = at + kKittyChunk >= payload.size();
    std::string seq = "\x1b_G";
    if (at == 0) {
      seq += "a=T,f=24,s=" + std::to_string(w) + ",v=" + std::to_string(h) + ",c=" + std::to_string(area.cols) +
             ",r=" + std::to_string(area.rows) + ",i=" + std::to_string(id) + ",C=1,";
    }
    seq += last ? "m=0,q=2;" : "m=1,q=2;";  // q on every chunk, as kitty's documentation allows
    seq += payload.substr(at, kKittyChunk);
    seq += "\x1b\\";
    append_sequence(out, seq, tmux);
  }
  g_free(b64);
  replace_previous(out);
  return out;
}

std::string PixelEncoder::Impl::sixel(const render::FrameView& frame, const Area& area, const Pane& pane,
                                      ChafaCanvasMode mode) {
  ChafaCanvas* c = canvas.get(CHAFA_PIXEL_MODE_SIXELS, mode, area.cols, area.rows, pane.cell_width, pane.cell_height);
  chafa_canvas_draw_all_pixels(c, CHAFA_PIXEL_RGB8, frame.data, frame.width, frame.height, frame.stride);
  const std::string printed = print(c, term);
  std::string out;
  for (std::string_view seq : sequences(printed, 'P')) append_sequence(out, seq, tmux);
  return out;
}

bool PixelEncoder::encode(const render::FrameView& frame, const Pane& pane, Clock::time_point now, std::string& out) {
  Impl& m = *impl_;
  const Area area = fitted_area(frame.width, frame.height, pane);
  if (!frame.valid() || area.cols == 0) return false;
  m.budget.recover(now);
  const std::size_t allowance = m.budget.allowance(now);
  const bool unlimited = m.budget.unlimited();
  const double rate = static_cast<double>(m.budget.rate());
  const int full_w = area.cols * pane.cell_width, full_h = area.rows * pane.cell_height;

  std::string bytes;
  double predicted = 0;
  int w = full_w, h = full_h;
  std::size_t sixel_level = 0;
  if (m.protocol == Protocol::kitty) {
    // kitty scales the picture to the cells itself: never send more pixels than the frame has.
    const double source_scale = std::min({1.0, static_cast<double>(frame.width) / full_w,
                                          static_cast<double>(frame.height) / full_h});
    const int max_w = std::max(1, static_cast<int>(std::lround(full_w * source_scale)));
    const int max_h = std::max(1, static_cast<int>(std::lround(full_h * source_scale)));
    w = max_w;
    h = max_h;
    // Through shared memory a frame costs its name, whatever its size: the rate caps only fps.
    if (!unlimited && !m.shared_memory) {
      // As many pixels as make a frame cost about rate/12, aspect kept, never below 64 wide.
      const double pixels = rate / kKittyFramesPerSecond / m.kitty_bytes_per_pixel;
      const double scale = std::min(1.0, std::sqrt(pixels / (static_cast<double>(max_w) * max_h)));
      w = std::clamp(static_cast<int>(std::lround(max_w * scale)), std::min(kKittyMinWidth, max_w), max_w);
      h = std::clamp(static_cast<int>(std::lround(static_cast<double>(w) * max_h / max_w)), 1, max_h);
    }
    predicted = m.shared_memory ? kSharedMemoryFrameBytes : m.kitty_bytes_per_pixel * w * h;
  } else {
    // Drawn 1:1; fewer colours when the richest palette would not fit 10 frames a second.
    const double pixels = static_cast<double>(full_w) * full_h;
    if (!unlimited) {
      while (sixel_level + 1 < kSixelModes.size() &&
             m.sixel_bytes_per_pixel[sixel_level] * pixels > rate / kSixelFramesPerSecond) {
        ++sixel_level;
      }
    }
    predicted = m.sixel_bytes_per_pixel[sixel_level] * pixels;
  }
  if (!unlimited && predicted > static_cast<double>(allowance)) {
    ++m.counts.frames_skipped;
    return false;
  }

  if (m.protocol == Protocol::kitty) {
    bytes = m.kitty(frame, area, w, h);
    if (!bytes.empty() && !m.shared_memory) {
      const double bpp = static_cast<double>(bytes.size()) / (static_cast<double>(w) * h);
      m.kitty_bytes_per_pixel += kSmoothing * (bpp - m.kitty_bytes_per_pixel);
    }
  } else {
    bytes = m.sixel(frame, area, pane, kSixelModes[sixel_level]);
    const double bpp = static_cast<double>(bytes.size()) / (static_cast<double>(full_w) * full_h);
    double& estimate = m.sixel_bytes_per_pixel[sixel_level];
    estimate += kSmoothing * (bpp - estimate);
  }
  // Cursor to the area's top-left: tmux itself takes it (its pane's coordinates), so it is
  // never wrapped for passthrough.
  std::string framed;
  append_cursor(framed, pane.origin.row + area.row, pane.origin.col + area.col);
  framed += bytes;
  // A prediction that fell short is refused too: the rate holds in every second.
  if (bytes.empty() || (!unlimited && framed.size() > allowance)) {
    ++m.counts.frames_skipped;
    return false;
  }
  out += framed;
  m.budget.spend(now, framed.size());
  ++m.counts.frames_drawn;
  m.width = w;
  // chafa's sixels are whole bands of 6 pixel rows: the last partial band is left out.
  m.height = m.protocol == Protocol::sixel ? h - h % 6 : h;
  if (m.protocol == Protocol::kitty) {
    m.shown = true;
    m.next_id = 1 - m.next_id;
  }
  return true;
}

std::string PixelEncoder::clear() const {
  if (impl_->protocol != Protocol::kitty) return "";
  std::string out;
  for (std::uint32_t id : kKittyIds) {
    append_sequence(out, "\x1b_Ga=d,d=I,i=" + std::to_string(id) + ",q=2\x1b\\", impl_->tmux);
  }
  return out;
}

PixelStats PixelEncoder::stats(Clock::time_point now) const {
  const Impl& m = *impl_;
  PixelStats s;
  s.output = m.counts;
  s.output.rate = m.budget.configured_rate();
  s.output.effective_rate = m.budget.rate();
  s.output.bytes_last_second = m.budget.bytes_last_second(now);
  s.output.frames_last_second = m.budget.writes_last_second(now);
  s.output.threshold = 0;
  s.width = m.width;
  s.height = m.height;
  return s;
}

}  // namespace clivrt::pixels
