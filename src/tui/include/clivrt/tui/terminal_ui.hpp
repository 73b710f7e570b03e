#pragma once
// The full-screen terminal UI: video pane (or banner) on top, chat/event log, the input line
// `> ` (GNU readline, callback interface) and the status bar at the bottom. It is the single
// display boundary: every outside string is sanitized here, and one renderer owns the screen —
// each update is one write(2) inside synchronized output, sending only the rows that changed.
//
// Threads: construct, use and destroy on the thread that runs the io_context (loop thread only).
// Readline is process-global, so at most one TerminalUi exists at a time.
#include "clivrt/tui/types.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace boost::asio {
class io_context;
}

namespace clivrt::tui {

/// What the terminal showed it can do, found by asking it (never guessed from TERM).
struct TerminalFeatures {
  bool repeat = false;  ///< REP (CSI n b) repeats the last character: a probe moved the cursor by it
  bool kitty_graphics = false;  ///< answered the kitty graphics query with OK
  bool kitty_via_tmux = false;  ///< ... and that answer came through tmux's passthrough
  bool kitty_shared_memory = false;  ///< ... and it read a POSIX shared-memory object of ours: it runs here
  bool sixel = false;           ///< primary device attributes list 4 (sixel graphics)
  int cell_width = 0, cell_height = 0;  ///< one cell in pixels (CSI 16 t), 0 if not told
  bool tmux = false;   ///< inside tmux ($TMUX, or XTVERSION says so)
  std::string name;    ///< XTVERSION's answer, e.g. "tmux 3.3a" or "kitty(0.26.5)"; sanitize to show
  bool operator==(const TerminalFeatures&) const = default;
};

/// Called on the loop thread, never from inside a TerminalUi method (except `complete`, which
/// readline needs synchronously: it must not destroy the TerminalUi). Any may be empty.
struct Callbacks {
  std::function<void(std::string line)> on_line;  ///< Enter; the line is added to history
  std::function<void()> on_eof;                   ///< Ctrl-D on an empty line, or terminal gone
  std::function<void()> on_interrupt;             ///< Ctrl-C
  /// Candidates for the word starting at byte `word_start` of `line` (the word ends at the
  /// cursor). Candidates not starting with that word are ignored.
  std::function<std::vector<std::string>(std::string_view line, std::size_t word_start)> complete;
  /// After the layout changed (SIGWINCH) or the screen was redrawn in full (Ctrl-L, resume
  /// after Ctrl-Z): the video pane is blank, draw the current frame again (see video_area()).
  std::function<void()> on_resize;
  /// The terminal took everything that was waiting (see output_blocked()), `waited` after the
  /// write that could not go through at once: draw the newest frame. A short wait is only the
  /// kernel's small pty buffer; a long one, a slow terminal or link.
  std::function<void(std::chrono::steady_clock::duration waited)> on_output_drained;
  /// The terminal answered the start-up probe (see TerminalFeatures); until then, none. Called
  /// again with the full answers if the first call came when the probe timed out (slow link).
  std::function<void(TerminalFeatures)> on_features;
};

struct UiStats {
  std::uint64_t writes = 0;  ///< write(2) calls made on the output fd
  std::uint64_t bytes = 0;
  std::uint64_t redraws = 0;  ///< updates flushed (each one is one write unless interrupted)
  std::uint64_t stalls = 0;   ///< times the terminal could not take a whole update at once
  std::uint64_t max_waiting = 0;  ///< most bytes ever waiting for the terminal (one update at most)
};

class TerminalUi {
 public:
  /// Takes over the terminal on in_fd/out_fd (not closed by us): raw mode, alternate screen,
  /// bracketed paste, no autowrap; restores it on destruction, at exit() and on crash signals.
  /// Throws std::system_error when out_fd is not a terminal, std::logic_error if another
  /// TerminalUi exists.
  TerminalUi(boost::asio::io_context& io, int in_fd, int out_fd, Callbacks callbacks);
  ~TerminalUi();
  TerminalUi(const TerminalUi&) = delete;
  TerminalUi& operator=(const TerminalUi&) = delete;

  /// Appends to the log (history kept; PageUp/PageDown scroll it). Long lines wrap.
  void log(LogLine line);
  void set_status(StatusInfo status);
  /// Idle art shown centred in the video pane while no video is drawn.
  void set_banner(std::vector<std::string> lines);

  /// The video pane's place and size now. Encode frames for exactly this area. With the video
  /// renderer (clivrt::render), on each new frame and in on_resize (redraw the last frame):
  ///
  ///     const VideoArea area = ui.video_area();
  ///     if (area.height > 0) {
  ///       render::CellGrid grid = render::render_frame(frame, {area.width, area.height}, options);
  ///       const render::CellGrid* previous = area.epoch == last_epoch ? &last_grid : nullptr;
  ///       ui.draw_video(render::encode(previous, grid, {area.row, area.col}), area);
  ///       last_grid = std::move(grid);
  ///       last_epoch = area.epoch;
  ///     }
  VideoArea video_area() const;
  /// Draws bytes encoded by the video renderer for `area` (cursor addressing absolute, within the
  /// area only; trusted, not sanitized). The first call after the banner clears the pane. Bytes
  /// for a stale area (epoch changed meanwhile) are dropped: re-encode for video_area().
  void draw_video(std::string_view encoded, const VideoArea& area);
  /// True while part of the last update is still waiting for the terminal (a slow ssh link, a
  /// stalled reader). Meanwhile nothing more is written: typing and other changes are kept and go
  /// out in one update once it drains; video frames should not be encoded at all (on_output_drained
  /// says when to draw the newest one). The loop never blocks on the terminal.
  bool output_blocked() const;
  /// Back to the banner (call ended). Changes the epoch.
  void show_banner();
  /// Bytes that remove pictures drawn into the video pane as pixels (kitty keeps images above
  /// the text): written whenever the pane stops showing them — banner, full redraw (resize,
  /// Ctrl-L, resume) — and before the terminal is handed back (quit, Ctrl-Z). Trusted; "" = none.
  void set_video_clear(std::string bytes);

  /// Replaces the input line's text (cursor at the end), e.g. to prefill a command.
  void set_input(std::string_view text);

  UiStats stats() const;

  struct Impl;

 private:
  std::shared_ptr<Impl> impl_;
};

}  // namespace clivrt::tui
