#include "line_presenter.hpp"

#include <ctime>

#include "clivrt/media/call_session.hpp"
#include "clivrt/text/sanitize.hpp"

namespace clivrt::app {

namespace {
// The off-screen pane line mode draws into: a typical full-screen video pane.
constexpr render::GridSize kOffscreenPane{160, 45};

const char* kind_name(EventKind kind) {
  switch (kind) {
    case EventKind::chat: return "chat";
    case EventKind::self_chat: return "self";
    case EventKind::info: return "info";
    case EventKind::warning: return "warning";
    case EventKind::error: return "error";
  }
  return "info";
}

std::string iso_time(std::chrono::system_clock::time_point time) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(time);
  std::tm local{};
  localtime_r(&seconds, &local);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &local);
  return text;
}
}  // namespace

std::vector<std::string> display_lines(const Event& event) {
  const bool own_text = event.kind != EventKind::chat && event.kind != EventKind::self_chat && event.sender.empty();
  if (!own_text) return {event.text};
  std::vector<std::string> lines;
  std::size_t start = 0;
  for (std::size_t end; (end = event.text.find('\n', start)) != std::string::npos; start = end + 1) {
    lines.push_back(event.text.substr(start, end - start));
  }
  lines.push_back(event.text.substr(start));
  return lines;
}

std::string format_clock(std::chrono::system_clock::time_point time) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(time);
  std::tm local{};
  localtime_r(&seconds, &local);
  char text[8];
  std::strftime(text, sizeof text, "%H:%M", &local);
  return text;
}

LinePresenter::LinePresenter(std::FILE* out, bool json, const VideoSettings& video) : out_(out), json_(json) {
  video_.configure(video);
}

void LinePresenter::write_line(const std::string& line) {
  std::fputs(line.c_str(), out_);
  std::fputc('\n', out_);
  std::fflush(out_);
}

void LinePresenter::show(const Event& event) {
  if (json_) {
    nlohmann::json line = event.data.is_object() ? event.data : nlohmann::json::object();
    line["event"] = event.type;
    line["kind"] = kind_name(event.kind);
    line["time"] = iso_time(event.time);
    line["text"] = event.text;
    if (!event.sender.empty()) line["from"] = event.sender;
    write_line(line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    return;
  }
  // Untrusted text is sanitized line by line; our own multi-line texts (help, stats) keep their lines.
  std::string prefix = format_clock(event.time) + " ";
  switch (event.kind) {
    case EventKind::chat:
    case EventKind::self_chat: prefix += text::sanitize_for_terminal(event.sender) + ": "; break;
    case EventKind::warning: prefix += "! "; break;
    case EventKind::error: prefix += "error: "; break;
    case EventKind::info:
      prefix += event.sender.empty() ? "* " : text::sanitize_for_terminal(event.sender) + ": ";
      break;
  }
  bool first = true;
  for (const auto& piece : display_lines(event)) {
    write_line((first ? prefix : std::string(prefix.size(), ' ')) + text::sanitize_for_terminal(piece));
    first = false;
  }
}

void LinePresenter::status(const StatusModel& status) {
  if (json_) {
    write_line(nlohmann::json{{"event", "status"},
                              {"server_connected", status.server_connected},
                              {"server_secure", status.server_secure},
                              {"server", status.server_text},
                              {"peer", status.peer_text},
                              {"peer_connected", status.peer_connected},
                              {"devices", status.devices},
                              {"peer_secure", status.peer_secure},
                              {"peer_relayed", status.peer_relayed}}
                   .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  }
  // Plain line mode reports what happened as events; the status bar itself is a UI thing.
}

void LinePresenter::video(std::shared_ptr<const media::VideoFrame> remote,
                          std::shared_ptr<const media::VideoFrame> self) {
  if (!remote) return;
  video_.draw(*remote, self.get(), kOffscreenPane, {0, 0}, std::chrono::steady_clock::now());
  if (!announced_first_frame_) {
    announced_first_frame_ = true;
    show(Event{EventKind::info,
               "first-frame",
               {},
               "first video frame " + std::to_string(remote->width) + "x" + std::to_string(remote->height) + " drawn",
               {{"width", remote->width}, {"height", remote->height}},
               std::chrono::system_clock::now()});
  }
}

void LinePresenter::video_ended() {
  announced_first_frame_ = false;
  video_.invalidate();
}

void LinePresenter::video_settings(const VideoSettings& settings) { video_.configure(settings); }

}  // namespace clivrt::app
