#include "tui_frontend.hpp"

#include <unistd.h>

#include <spdlog/spdlog.h>

#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <vector>

#include "client_app.hpp"
#include "clivrt/tui/terminal_ui.hpp"
#include "video_view.hpp"

namespace clivrt::app {

namespace {
tui::LogKind log_kind(EventKind kind) {
  switch (kind) {
    case EventKind::chat: return tui::LogKind::chat;
    case EventKind::self_chat: return tui::LogKind::self;
    case EventKind::info: return tui::LogKind::info;
    case EventKind::warning: return tui::LogKind::warning;
    case EventKind::error: return tui::LogKind::error;
  }
  return tui::LogKind::info;
}

const std::vector<std::string> kBanner = {
    R"(      _ _            _   )", R"(  ___| (_)_   ___ __| |_ )", R"( / __| | \ \ / / '__| __|)",
    R"(| (__| | |\ V /| |  | |_ )", R"( \___|_|_| \_/ |_|   \__|)", "",
    "video calls in your terminal", "login · lookup · call <user>",
};
}  // namespace

class TuiFrontend::Impl final : public Presenter {
 public:
  Impl(boost::asio::io_context& io, const VideoSettings& video) : io_(io), retry_(io) { video_.configure(video); }

  void attach(ClientApp& app) {
    tui::Callbacks callbacks;
    callbacks.on_line = [&app](const std::string& line) { app.handle_line(line); };
    callbacks.on_eof = [&app] { app.quit(); };
    callbacks.on_interrupt = [&app] { app.quit(); };
    callbacks.complete = [&app](std::string_view line, std::size_t word_start) {
      return app.complete(line, word_start);
    };
    callbacks.on_resize = [this] { redraw_video(); };
    callbacks.on_features = [this](tui::TerminalFeatures features) {
      spdlog::info("terminal {:?}: REP {}, kitty graphics {}{}, sixel {}, cell {}x{} px{}", features.name,
                   features.repeat ? "works" : "missing", features.kitty_graphics ? "yes" : "no",
                   features.kitty_via_tmux ? " (through tmux)" : "", features.sixel ? "yes" : "no",
                   features.cell_width, features.cell_height, features.tmux ? ", inside tmux" : "");
      output_changed(video_.set_terminal(features));
    };
    callbacks.on_output_drained = [this](std::chrono::steady_clock::duration waited) {
      const tui::UiStats ui = ui_->stats();
      const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(waited).count();
      spdlog::debug("terminal output drained after {} ms: {} stalls so far, at most {} bytes waited", ms, ui.stalls,
                    ui.max_waiting);
      // Longer than a frame: the terminal or the link is slow, not just the pty's small buffer.
      if (waited >= kSlowTerminal && !congestion_noted_) video_.congested(std::chrono::steady_clock::now());
      congestion_noted_ = false;
      if (video_waiting_) redraw_video();
    };
    ui_ = std::make_unique<tui::TerminalUi>(io_, STDIN_FILENO, STDOUT_FILENO, std::move(callbacks));
    ui_->set_banner(kBanner);
    for (auto& event : pending_) show(event);
    pending_.clear();
    if (pending_status_) status(*pending_status_);
  }

  void show(const Event& event) override {
    if (!ui_) {
      pending_.push_back(event);
      return;
    }
    const std::string time = format_clock(event.time);
    for (auto& line : display_lines(event)) {
      ui_->log(tui::LogLine{time, event.sender, std::move(line), log_kind(event.kind)});
    }
  }

  void status(const StatusModel& status) override {
    if (!ui_) {
      pending_status_ = status;
      return;
    }
    tui::StatusInfo info;
    info.server_connected = status.server_connected;
    info.server_secure = status.server_secure;
    info.server_text = status.server_text;
    info.peer_connected = status.peer_connected;
    info.peer_secure = status.peer_secure;
    info.peer_relayed = status.peer_relayed;
    info.peer_text = status.peer_text;
    info.hint = status.hint;
    info.right = status.devices;
    ui_->set_status(info);
  }

  void video(std::shared_ptr<const media::VideoFrame> remote, std::shared_ptr<const media::VideoFrame> self) override {
    last_remote_ = std::move(remote);
    last_self_ = std::move(self);
    redraw_video();
  }

  void video_ended() override {
    last_remote_.reset();
    last_self_.reset();
    if (ui_) ui_->show_banner();
  }

  void video_settings(const VideoSettings& settings) override {
    output_changed(video_.configure(settings));
    redraw_video();
  }

  RenderStats render_stats() const override { return video_.stats(); }

 private:
  // Pixels or cells may have changed: a picture of the old kind goes with the next frame drawn
  // (or with the banner), and the UI learns how to remove the new kind.
  void output_changed(const std::string& notice) {
    if (!notice.empty()) show(Event{EventKind::warning, "video", {}, notice});
    std::string clear = video_.pixel_clear();
    if (clear == clear_) return;
    stale_clear_ += clear_;
    clear_ = std::move(clear);
    if (ui_) ui_->set_video_clear(clear_ + stale_clear_);
    redraw_video();
  }

  // Draws the newest frame now if the terminal and the byte budget allow, else as soon as they
  // do; frames arriving meanwhile replace it, so what is drawn is never behind.
  void redraw_video() {
    if (!ui_ || !last_remote_) return;
    const auto now = std::chrono::steady_clock::now();
    if (ui_->output_blocked()) {  // the terminal is behind: on_output_drained calls back
      // A new frame while the last update still waits: the terminal or the link does not keep up
      // with this rate, and what waits in its buffers is latency (said once per wait).
      if (!congestion_noted_) {
        video_.congested(now);
        congestion_noted_ = true;
      }
      video_waiting_ = true;
      return;
    }
    video_waiting_ = false;
    const tui::VideoArea area = ui_->video_area();
    if (area.width <= 0 || area.height <= 0) return;
    if (area.epoch != epoch_) {
      epoch_ = area.epoch;
      video_.invalidate();
    }
    const std::string* bytes =
        video_.draw(*last_remote_, last_self_.get(), {area.width, area.height}, {area.row, area.col}, now);
    if (bytes == nullptr) {
      retry_later();
      return;
    }
    if (!stale_clear_.empty()) {
      ui_->draw_video(stale_clear_ + *bytes, area);
      stale_clear_.clear();
      ui_->set_video_clear(clear_);
    } else {
      ui_->draw_video(*bytes, area);
    }
  }

  // No budget left for this frame: try again shortly in case no newer frame comes (a frozen
  // peer, the last frame of a call being drawn to the end).
  void retry_later() {
    if (retry_armed_) return;
    retry_armed_ = true;
    retry_.expires_after(kRetryDelay);
    retry_.async_wait([this](const boost::system::error_code& ec) {
      if (ec) return;  // cancelled: we may be gone
      retry_armed_ = false;
      redraw_video();
    });
  }

  static constexpr std::chrono::milliseconds kRetryDelay{40};
  static constexpr std::chrono::milliseconds kSlowTerminal{50};

  boost::asio::io_context& io_;
  std::unique_ptr<tui::TerminalUi> ui_;
  VideoView video_;
  boost::asio::steady_timer retry_;
  bool retry_armed_ = false;
  bool video_waiting_ = false;     // a frame waits for the terminal to drain
  bool congestion_noted_ = false;  // for the update waiting now
  unsigned long epoch_ = ~0ul;
  std::shared_ptr<const media::VideoFrame> last_remote_, last_self_;
  std::string clear_;        // removes the pictures drawn now (pixels), "" for cells
  std::string stale_clear_;  // removes pictures of a kind no longer drawn, sent with the next frame
  std::vector<Event> pending_;
  std::optional<StatusModel> pending_status_;
};

TuiFrontend::TuiFrontend(boost::asio::io_context& io, const VideoSettings& video)
    : impl_(std::make_unique<Impl>(io, video)) {}

TuiFrontend::~TuiFrontend() = default;

Presenter& TuiFrontend::presenter() { return *impl_; }

void TuiFrontend::attach(ClientApp& app) { impl_->attach(app); }

}  // namespace clivrt::app
