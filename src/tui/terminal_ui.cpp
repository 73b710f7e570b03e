#include "clivrt/tui/terminal_ui.hpp"

#include "banner.hpp"
#include "input_line.hpp"
#include "input_parser.hpp"
#include "layout.hpp"
#include "line_editor.hpp"
#include "log_pane.hpp"
#include "screen.hpp"
#include "status_bar.hpp"
#include "terminal_mode.hpp"
#include "terminal_probe.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

#include <algorithm>
#include <cassert>
#include <cerrno>
#include <clocale>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <system_error>
#include <thread>

#include <openssl/evp.h>

#include <fcntl.h>
#include <poll.h>
#include <sys/mman.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace clivrt::tui {

namespace asio = boost::asio;

namespace {

constexpr std::size_t kMaxCandidatesShown = 200;
constexpr std::string_view kSyncBegin = "\x1b[?2026h\x1b[?25l";
constexpr std::string_view kSyncEnd = "\x1b[?25h\x1b[?2026l";
// How long the start-up probe waits for the answers (a terminal that never answers DA1).
constexpr auto kProbeTimeout = std::chrono::milliseconds(1500);

// The UI draws UTF-8 (status icons, wide characters) and readline must edit multibyte
// characters: a process still in the "C" locale gets C.UTF-8 for LC_CTYPE.
void ensure_utf8_ctype() {
  const char* current = std::setlocale(LC_CTYPE, nullptr);
  if (current == nullptr || std::strcmp(current, "C") == 0 || std::strcmp(current, "POSIX") == 0) {
    std::setlocale(LC_CTYPE, "C.UTF-8");
  }
}

int dup_or_throw(int fd) {
  const int copy = ::dup(fd);
  if (copy < 0) throw std::system_error(errno, std::generic_category(), "dup(terminal input)");
  return copy;
}

// The terminal opened once more, non-blocking: a file description of our own, so O_NONBLOCK
// does not leak to the shell sharing out_fd's. -1 if it cannot be had (then writes block).
int open_nonblocking_twin(int fd) {
  char path[256];
  if (::ttyname_r(fd, path, sizeof path) != 0) return -1;
  const int twin = ::open(path, O_WRONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
  if (twin < 0) return -1;
  struct stat ours {}, theirs {};
  if (::fstat(fd, &theirs) != 0 || ::fstat(twin, &ours) != 0 || ours.st_rdev != theirs.st_rdev) {
    ::close(twin);
    return -1;
  }
  return twin;
}

// The probe's shared-memory object, also removed at exit() (a client that quits at once).
char g_probe_object[64] = {};

void remove_probe_object() {
  if (g_probe_object[0] != '\0') ::shm_unlink(g_probe_object);
  g_probe_object[0] = '\0';
}

// A 1x1 RGB shared-memory object for the probe's kitty query through shared memory: only a
// terminal on this machine can read it (and then removes it). Returns its name, or "".
std::string make_probe_object() {
  static const bool registered = std::atexit(remove_probe_object) == 0;
  (void)registered;
  const std::string name = "/clivrt-probe-" + std::to_string(::getpid());
  const int fd = ::shm_open(name.c_str(), O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0) return {};
  const unsigned char pixel[3] = {0, 0, 0};
  const bool ok = ::write(fd, pixel, sizeof pixel) == static_cast<ssize_t>(sizeof pixel);
  ::close(fd);
  if (!ok) {
    ::shm_unlink(name.c_str());
    return {};
  }
  std::snprintf(g_probe_object, sizeof g_probe_object, "%s", name.c_str());
  return name;
}

std::string base64(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

// How long quitting waits for a stalled terminal to take the rest of an update.
constexpr int kShutdownFlushMs = 500;

}  // namespace

struct TerminalUi::Impl : std::enable_shared_from_this<Impl> {
  Impl(asio::io_context& io_context, int in_fd, int output_fd, Callbacks cbs)
      : io(io_context),
        out_fd(output_fd),
        callbacks(std::move(cbs)),
        mode(in_fd, output_fd),
        input(io_context, dup_or_throw(in_fd)),
        signals(io_context, SIGWINCH, SIGCONT),
        probe_timer(io_context),
        probe(std::getenv("TMUX") != nullptr && *std::getenv("TMUX") != '\0') {
    if (const int twin = open_nonblocking_twin(output_fd); twin >= 0) output.emplace(io_context, twin);
  }

  void start();
  void shutdown();

  // Input.
  void wait_input();
  void on_input_ready();
  void process_input(std::string_view bytes);
  void wait_signal();
  // Rendering.
  void schedule_redraw();
  void redraw();
  void reflow();
  void write_out(std::string_view bytes);
  bool write_some(std::string_view& bytes);  // false: the terminal is gone
  void wait_writable();
  void on_writable();
  void finish_pending();
  void write_before_handover(std::string_view bytes);  // waits up to kShutdownFlushMs
  void finish_probe(bool answered);  // answered: DA1's answer came, else timed out
  // App callbacks run from the loop, never from inside our own code or readline.
  template <typename F>
  void post_callback(F f);

  asio::io_context& io;
  int out_fd;
  Callbacks callbacks;
  TerminalMode mode;
  asio::posix::stream_descriptor input;
  asio::signal_set signals;
  std::optional<asio::posix::stream_descriptor> output;  // non-blocking writes, if available
  std::string pending;  // the rest of an update the terminal has not taken yet
  bool redraw_after_drain = false;
  std::chrono::steady_clock::time_point blocked_since;  // when `pending` last began
  asio::steady_timer probe_timer;
  TerminalProbe probe;
  bool features_known = false;
  std::string video_clear;  // removes pixel pictures from the pane (set_video_clear)
  bool video_clear_due = false;
  InputParser parser;
  std::optional<LineEditor> editor;
  LogPane log;
  InputLine input_line;
  StatusInfo status;
  std::vector<std::string> banner;
  Screen screen;
  Layout layout;
  int cursor_col = 0;
  std::optional<std::pair<int, int>> shown_cursor;

  bool stopped = false;
  bool input_closed = false;
  bool resumed_self = false;
  bool redraw_posted = false;
  bool full = true;
  bool log_dirty = false, status_dirty = false, input_dirty = false, pane_dirty = false;
  bool video_active = false, video_starting = false;
  unsigned long epoch = 0;
  std::string video_bytes;
  UiStats counters;
  const std::thread::id owner = std::this_thread::get_id();

  // Loop thread only (see the header): catches a GStreamer thread calling in directly.
  void check_thread() const { assert(std::this_thread::get_id() == owner); }
};

template <typename F>
void TerminalUi::Impl::post_callback(F f) {
  asio::post(io, [weak = weak_from_this(), f = std::move(f)]() mutable {
    const auto self = weak.lock();  // keeps us alive even if the callback destroys the UI
    if (self && !self->stopped) f(*self);
  });
}

void TerminalUi::Impl::start() {
  LineEditor::Hooks hooks;
  hooks.on_line = [this](std::optional<std::string> line) {
    if (!line) {
      post_callback([](Impl& self) {
        if (self.callbacks.on_eof) self.callbacks.on_eof();
      });
    } else {
      post_callback([l = std::move(*line)](Impl& self) mutable {
        if (self.callbacks.on_line) self.callbacks.on_line(std::move(l));
      });
    }
  };
  hooks.complete = [this](std::string_view line, std::size_t start) {
    return callbacks.complete ? callbacks.complete(line, start) : std::vector<std::string>{};
  };
  hooks.on_candidates = [this](std::vector<std::string> list) {
    std::string text;
    for (std::size_t i = 0; i < list.size() && i < kMaxCandidatesShown; ++i) text += (i ? "  " : "") + list[i];
    if (list.size() > kMaxCandidatesShown) text += "  … " + std::to_string(list.size() - kMaxCandidatesShown) + " more";
    log.append({"", "", text, LogKind::info});
    log_dirty = true;
  };
  hooks.on_change = [this] {
    input_line.set(editor ? editor->buffer() : std::string(), editor ? editor->point() : 0);
    input_dirty = true;
    schedule_redraw();
  };
  editor.emplace(std::move(hooks));
  input_line.set({}, 0);
  // The first redraw clears what the probe printed (the x on row 2).
  parser.expect_replies(true);
  // Not through tmux: it could not pass the answer back, and the terminal outside may be remote.
  const std::string probe_object = probe.features().tmux ? std::string() : make_probe_object();
  write_out(probe_sequence(probe.features().tmux, probe_object.empty() ? std::string() : base64(probe_object)));
  probe_timer.expires_after(kProbeTimeout);
  probe_timer.async_wait([weak = weak_from_this()](boost::system::error_code ec) {
    const auto self = weak.lock();
    if (!self || self->stopped || ec) return;
    self->finish_probe(false);
  });
  redraw();
  wait_input();
  wait_signal();
}

void TerminalUi::Impl::shutdown() {
  if (stopped) return;
  stopped = true;
  editor.reset();
  boost::system::error_code ignored;
  input.cancel(ignored);
  input.close(ignored);
  signals.cancel(ignored);
  probe_timer.cancel();
  remove_probe_object();
  finish_pending();
  write_before_handover(video_clear);
  if (output) output->close(ignored);
  mode.leave();
}

void TerminalUi::Impl::finish_pending() {
  // Before the terminal is handed back (quit, Ctrl-Z): finish the update in flight if the
  // terminal takes it soon. A cut one ends at worst inside an escape sequence, which the leave
  // sequence's ESC cancels; what it drew is repainted on return.
  write_before_handover(pending);
  pending.clear();
}

void TerminalUi::Impl::write_before_handover(std::string_view bytes) {
  while (!bytes.empty()) {
    if (output) {
      pollfd p{output->native_handle(), POLLOUT, 0};
      if (::poll(&p, 1, kShutdownFlushMs) <= 0) break;
    }
    if (!write_some(bytes)) break;
  }
}

void TerminalUi::Impl::finish_probe(bool answered) {
  // On time out (a slow link), what is known so far is reported, and the answers are still
  // taken as answers until DA1's comes, then reported again: a late one never lands in the input line.
  if (features_known) return;
  features_known = answered;
  remove_probe_object();  // a kitty that read it removed it already; one that did not by now never will
  if (answered) {
    parser.expect_replies(false);
    probe_timer.cancel();
  }
  TerminalFeatures features = probe.features();
  if (features.cell_width == 0) {  // not told by CSI 16 t: the kernel may know the pixel size
    winsize ws{};
    if (::ioctl(out_fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0 && ws.ws_row > 0 && ws.ws_xpixel >= ws.ws_col &&
        ws.ws_ypixel >= ws.ws_row) {
      features.cell_width = ws.ws_xpixel / ws.ws_col;
      features.cell_height = ws.ws_ypixel / ws.ws_row;
    }
  }
  post_callback([features = std::move(features)](Impl& self) {
    if (self.callbacks.on_features) self.callbacks.on_features(features);
  });
}

void TerminalUi::Impl::wait_input() {
  if (input_closed) return;
  input.async_wait(asio::posix::descriptor_base::wait_read, [weak = weak_from_this()](boost::system::error_code ec) {
    const auto self = weak.lock();
    if (!self || self->stopped || ec) return;
    self->on_input_ready();
  });
}

void TerminalUi::Impl::on_input_ready() {
  // Read only what is there: the descriptor stays blocking (it is shared with the shell).
  pollfd p{input.native_handle(), POLLIN, 0};
  if (::poll(&p, 1, 0) > 0) {
    char buf[4096];
    const ssize_t n = ::read(input.native_handle(), buf, sizeof buf);
    if (n > 0) {
      process_input(std::string_view(buf, static_cast<std::size_t>(n)));
      if (stopped) return;
    } else if (n == 0 || (errno != EINTR && errno != EAGAIN)) {
      // The terminal went away (hang-up): as good as Ctrl-D.
      input_closed = true;
      post_callback([](Impl& self) {
        if (self.callbacks.on_eof) self.callbacks.on_eof();
      });
      return;
    }
  }
  wait_input();
}

void TerminalUi::Impl::process_input(std::string_view bytes) {
  std::vector<InputEvent> events;
  parser.feed(bytes, events);
  for (InputEvent& ev : events) {
    switch (ev.type) {
      case InputEvent::Type::keys: editor->feed(ev.bytes); break;
      case InputEvent::Type::paste: editor->insert(ev.bytes); break;
      case InputEvent::Type::page_up: log_dirty |= log.page_up(); break;
      case InputEvent::Type::page_down: log_dirty |= log.page_down(); break;
      case InputEvent::Type::interrupt:
        post_callback([](Impl& self) {
          if (self.callbacks.on_interrupt) self.callbacks.on_interrupt();
        });
        break;
      case InputEvent::Type::suspend:
        finish_pending();
        write_before_handover(video_clear);
        mode.suspend();
        resumed_self = true;
        reflow();
        break;
      case InputEvent::Type::redraw: reflow(); break;
      case InputEvent::Type::cursor_report:
        remove_probe_object();  // asked after the shared-memory query: a kitty has read it by now
        if (!features_known) probe.on_cursor_report(ev.col);
        break;
      case InputEvent::Type::reply:
        if (!features_known && probe.on_reply(ev.bytes)) finish_probe(true);
        break;
    }
  }
  if (parser.take_truncated()) {
    log.append({"", "", "paste cut to " + std::to_string(InputParser::kMaxPaste) + " bytes", LogKind::warning});
    log_dirty = true;
  }
  redraw();  // typing shows at once, in one write with whatever else changed
}

void TerminalUi::Impl::wait_signal() {
  signals.async_wait([weak = weak_from_this()](boost::system::error_code ec, int sig) {
    const auto self = weak.lock();
    if (!self || self->stopped || ec) return;
    if (sig == SIGCONT) {
      if (self->resumed_self) {
        self->resumed_self = false;  // our own Ctrl-Z: already back in raw mode and redrawn
      } else {
        self->mode.enter();  // stopped from outside: a shell may have changed the terminal
        self->reflow();
      }
    } else {
      self->reflow();
    }
    self->wait_signal();
  });
}

void TerminalUi::Impl::reflow() {
  full = true;
  redraw();
  post_callback([](Impl& self) {
    if (self.callbacks.on_resize) self.callbacks.on_resize();
  });
}

void TerminalUi::Impl::schedule_redraw() {
  if (redraw_posted || stopped) return;
  redraw_posted = true;
  asio::post(io, [weak = weak_from_this()] {
    const auto self = weak.lock();
    if (!self) return;
    self->redraw_posted = false;
    self->redraw();
  });
}

void TerminalUi::Impl::redraw() {
  if (stopped) return;
  if (!pending.empty()) {  // everything dirty stays dirty and goes out once the terminal drains
    redraw_after_drain = true;
    return;
  }
  std::string body;
  if (full) {
    full = false;
    winsize ws{};
    if (::ioctl(out_fd, TIOCGWINSZ, &ws) != 0 || ws.ws_row == 0 || ws.ws_col == 0) {
      ws.ws_row = 24;
      ws.ws_col = 80;
    }
    layout = compute_layout(ws.ws_row, ws.ws_col);
    screen.reset(layout.rows);
    log.resize(layout.log.width, layout.log.height);
    ++epoch;
    video_bytes.clear();  // encoded for the old layout
    video_clear_due = true;
    body += "\x1b[0m\x1b[2J";
    log_dirty = status_dirty = input_dirty = pane_dirty = true;
    if (layout.separator_row >= 0) {
      std::string line;
      for (int i = 0; i < layout.cols; ++i) line += "─";
      screen.set_row(layout.separator_row, std::string(sgr::dim) + line + std::string(sgr::reset));
    }
    shown_cursor.reset();
  }
  if (video_clear_due) {
    video_clear_due = false;
    body += video_clear;
  }
  if (status_dirty && layout.status_row >= 0) screen.set_row(layout.status_row, render_status_bar(status, layout.cols));
  if (log_dirty) {
    const std::vector<std::string> rows = log.render();
    for (int i = 0; i < static_cast<int>(rows.size()); ++i)
      screen.set_row(layout.log.row + i, rows[static_cast<std::size_t>(i)]);
  }
  if (input_dirty && layout.input_row >= 0) {
    InputLine::View view = input_line.render(layout.cols);
    screen.set_row(layout.input_row, std::move(view.bytes));
    cursor_col = view.cursor_col;
  }
  if (video_active) {
    if (pane_dirty || video_starting) {
      // The pane goes blank once (the renderer draws only what it has), then is the video's.
      for (int r = 0; r < layout.video.height; ++r) screen.set_row(layout.video.row + r, "");
    }
  } else if (pane_dirty) {
    const std::vector<std::string> rows = render_banner(banner, layout.video.width, layout.video.height);
    for (int i = 0; i < static_cast<int>(rows.size()); ++i)
      screen.set_row(layout.video.row + i, rows[static_cast<std::size_t>(i)]);
  }
  log_dirty = status_dirty = input_dirty = false;
  screen.flush(body);
  if (video_active && (pane_dirty || video_starting)) {
    for (int r = 0; r < layout.video.height; ++r) screen.release_row(layout.video.row + r);
  }
  pane_dirty = video_starting = false;
  if (!video_bytes.empty()) {
    body += video_bytes;
    body += sgr::reset;
    video_bytes.clear();
  }
  const std::pair<int, int> cursor{layout.input_row, cursor_col};
  if (body.empty() && shown_cursor == cursor) return;
  std::string out(kSyncBegin);
  out += body;
  if (layout.input_row >= 0) {
    out += cursor_to(cursor.first, cursor.second);
    out += kSyncEnd;
  } else {
    out += "\x1b[?2026l";
  }
  shown_cursor = cursor;
  ++counters.redraws;
  write_out(out);
}

void TerminalUi::Impl::write_out(std::string_view bytes) {
  // One write(2) per update. What the terminal cannot take now waits in `pending` (one update
  // at most: redraw() holds back until it drains) while the loop goes on.
  if (!write_some(bytes) || bytes.empty()) return;
  pending.assign(bytes);
  blocked_since = std::chrono::steady_clock::now();
  ++counters.stalls;
  counters.max_waiting = std::max<std::uint64_t>(counters.max_waiting, pending.size());
  wait_writable();
}

bool TerminalUi::Impl::write_some(std::string_view& bytes) {
  const int fd = output ? output->native_handle() : out_fd;
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    ++counters.writes;
    if (n > 0) {
      counters.bytes += static_cast<std::uint64_t>(n);
      bytes.remove_prefix(static_cast<std::size_t>(n));
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else if (n < 0 && errno == EAGAIN && output) {
      return true;  // full: the caller keeps the rest
    } else if (n < 0 && errno == EAGAIN) {
      pollfd p{fd, POLLOUT, 0};  // out_fd is non-blocking after all: wait, as a blocking write would
      ::poll(&p, 1, -1);
    } else {
      bytes = {};
      return false;  // the terminal is gone; the input side reports it
    }
  }
  return true;
}

void TerminalUi::Impl::wait_writable() {
  output->async_wait(asio::posix::descriptor_base::wait_write, [weak = weak_from_this()](boost::system::error_code ec) {
    const auto self = weak.lock();
    if (!self || self->stopped || ec) return;
    self->on_writable();
  });
}

void TerminalUi::Impl::on_writable() {
  std::string_view rest = pending;
  const bool alive = write_some(rest);
  if (alive && !rest.empty()) {
    pending.erase(0, pending.size() - rest.size());
    wait_writable();
    return;
  }
  pending.clear();
  if (redraw_after_drain) {
    redraw_after_drain = false;
    redraw();
  }
  post_callback([waited = std::chrono::steady_clock::now() - blocked_since](Impl& self) {
    if (self.callbacks.on_output_drained) self.callbacks.on_output_drained(waited);
  });
}

TerminalUi::TerminalUi(asio::io_context& io, int in_fd, int out_fd, Callbacks callbacks) {
  if (::isatty(out_fd) == 0) throw std::system_error(ENOTTY, std::generic_category(), "terminal output");
  ensure_utf8_ctype();
  impl_ = std::make_shared<Impl>(io, in_fd, out_fd, std::move(callbacks));
  impl_->start();
}

TerminalUi::~TerminalUi() {
  if (impl_) impl_->shutdown();
}

void TerminalUi::log(LogLine line) {
  impl_->check_thread();
  impl_->log.append(line);
  impl_->log_dirty = true;
  impl_->schedule_redraw();
}

void TerminalUi::set_status(StatusInfo status) {
  impl_->check_thread();
  if (status == impl_->status) return;
  impl_->status = std::move(status);
  impl_->status_dirty = true;
  impl_->schedule_redraw();
}

void TerminalUi::set_banner(std::vector<std::string> lines) {
  impl_->check_thread();
  impl_->banner = std::move(lines);
  if (!impl_->video_active) impl_->pane_dirty = true;
  impl_->schedule_redraw();
}

VideoArea TerminalUi::video_area() const {
  impl_->check_thread();
  const Rect& v = impl_->layout.video;
  return {v.row, v.col, v.width, v.height, impl_->epoch};
}

void TerminalUi::draw_video(std::string_view encoded, const VideoArea& area) {
  impl_->check_thread();
  Impl& s = *impl_;
  if (s.full || area != video_area() || area.height == 0) return;  // stale: the app re-encodes on on_resize
  if (!s.video_active) {
    s.video_active = true;
    s.video_starting = true;
  }
  s.video_bytes.append(encoded);
  s.schedule_redraw();
}

void TerminalUi::show_banner() {
  impl_->check_thread();
  Impl& s = *impl_;
  if (!s.video_active) return;
  s.video_active = false;
  s.video_bytes.clear();
  ++s.epoch;
  s.pane_dirty = true;
  s.video_clear_due = true;
  s.schedule_redraw();
}

void TerminalUi::set_video_clear(std::string bytes) {
  impl_->check_thread();
  impl_->video_clear = std::move(bytes);
}

void TerminalUi::set_input(std::string_view text) {
  impl_->check_thread();
  if (impl_->editor) impl_->editor->replace(text);
}

UiStats TerminalUi::stats() const { return impl_->counters; }

bool TerminalUi::output_blocked() const { return !impl_->pending.empty(); }

}  // namespace clivrt::tui
