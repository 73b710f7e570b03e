// One call, one client per process, as in real use: the parent forks caller and callee, which
// exchange their descriptions (all candidates inside: no trickle) over a socketpair and call each
// other on 127.0.0.1. Each renders the remote video into a 160x45 cell grid and encodes it to
// terminal bytes (clivrt_render), like the app, and reports its own CPU time (getrusage), memory
// and time from the call to its first rendered remote frame.
// Usage: media_client_bench [seconds=60] [--audio-only] [width=640 height=480 fps=30]
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <thread>

#include "clivrt/media/call_session.hpp"
#include "clivrt/media/task_loop.hpp"
#include "clivrt/render/encoder.hpp"
#include "clivrt/render/renderer.hpp"

using namespace clivrt::media;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

struct Settings {
  int seconds = 60;
  bool audio_only = false;
  int width = 640, height = 480, fps = 30;
};

double cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const auto seconds = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
  };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

long status_kib(const char* field) {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind(field, 0) == 0) return std::atol(line.c_str() + std::strlen(field));
  }
  return -1;
}

bool write_all(int fd, const std::string& data) {
  std::size_t done = 0;
  while (done < data.size()) {
    const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

void send_description(int fd, const clivrt::protocol::SessionDescription& d) {
  const std::string body = d.type + "\n" + d.sdp;
  const std::uint32_t size = static_cast<std::uint32_t>(body.size());
  write_all(fd, std::string(reinterpret_cast<const char*>(&size), sizeof size) + body);
}

std::optional<clivrt::protocol::SessionDescription> read_description(int fd) {
  std::uint32_t size = 0;
  if (::read(fd, &size, sizeof size) != sizeof size || size > 1'000'000) return std::nullopt;
  std::string body(size, '\0');
  std::size_t done = 0;
  while (done < size) {
    const ssize_t n = ::read(fd, body.data() + done, size - done);
    if (n <= 0) return std::nullopt;
    done += static_cast<std::size_t>(n);
  }
  const auto newline = body.find('\n');
  return clivrt::protocol::SessionDescription{body.substr(0, newline), body.substr(newline + 1)};
}

int run_client(int fd, bool caller, const Settings& settings) {
  initialize_gstreamer();
  TaskLoop loop;
  CallOptions options;
  options.width = settings.width;
  options.height = settings.height;
  options.framerate = settings.fps;
  options.send_video = !settings.audio_only;
  options.microphone = "test";
  options.speaker = "none";
  options.trickle = false;
  options.local_addresses = {"127.0.0.1"};

  clivrt::render::Renderer renderer;
  clivrt::render::CellGrid grids[2] = {clivrt::render::CellGrid({160, 45}), clivrt::render::CellGrid({160, 45})};
  int current = 0;
  std::string bytes;
  std::size_t frames = 0, audio_chunks = 0, bytes_total = 0;
  Clock::time_point started, first_frame, first_audio;
  bool failed = false;

  CallEvents events;
  events.local_description = [fd](clivrt::protocol::SessionDescription d) { send_description(fd, d); };
  events.remote_frame = [&](std::shared_ptr<const VideoFrame> frame) {
    const clivrt::render::FrameView view{frame->rgb.data(), frame->width, frame->height, frame->stride};
    renderer.render(view, {}, grids[current]);
    bytes.clear();
    clivrt::render::encode_into(bytes, frames == 0 ? nullptr : &grids[1 - current], grids[current], {0, 0});
    bytes_total += bytes.size();
    current = 1 - current;
    if (frames++ == 0) first_frame = Clock::now();
  };
  events.remote_audio = [&](AudioChunk) {
    if (audio_chunks++ == 0) first_audio = Clock::now();
  };
  events.state = [&](CallState state, const std::string& detail) {
    if (state == CallState::failed) {
      std::fprintf(stderr, "%s: call failed: %s\n", caller ? "caller" : "callee", detail.c_str());
      failed = true;
    }
  };
  CallSession session(loop.access(), options, events);
  std::thread reader([fd, post = loop.poster(), &session, caller, &started] {
    if (auto description = read_description(fd)) {
      post([description = *description, &session, caller, &started] {
        if (caller) {
          session.set_answer(description);
        } else {
          started = Clock::now();
          session.accept_offer(description);
        }
      });
    }
  });
  if (caller) {
    started = Clock::now();
    session.start_offer();
  }
  const auto received = [&] { return failed || (settings.audio_only ? audio_chunks > 0 : frames > 0); };
  if (!loop.run_until(received, 30s) || failed) {
    ::shutdown(fd, SHUT_RDWR);
    reader.join();
    return 1;
  }
  const auto first = settings.audio_only ? first_audio : first_frame;
  loop.run_for(2s);
  const double cpu_start = cpu_seconds();
  const std::size_t frames_start = frames, bytes_start = bytes_total;
  const auto wall_start = Clock::now();
  loop.run_for(std::chrono::seconds(settings.seconds));
  const double wall = std::chrono::duration<double>(Clock::now() - wall_start).count();
  const double cpu = cpu_seconds() - cpu_start;
  const CallStats stats = session.stats();
  std::printf(
      "%s: first remote %s %.0f ms after the call started; CPU %.1f%% of one core; RSS %ld MiB "
      "(peak %ld MiB); rendered %.1f fps (%.0f bytes/frame at 160x45); video in %.0f kbit/s\n",
      caller ? "caller" : "callee", settings.audio_only ? "audio" : "frame rendered",
      std::chrono::duration<double, std::milli>(first - started).count(), 100 * cpu / wall, status_kib("VmRSS:") / 1024,
      status_kib("VmHWM:") / 1024, static_cast<double>(frames - frames_start) / wall,
      frames > frames_start
          ? static_cast<double>(bytes_total - bytes_start) / static_cast<double>(frames - frames_start)
          : 0.0,
      stats.video_in.bitrate_bps / 1000);
  std::fflush(stdout);
  ::shutdown(fd, SHUT_RDWR);
  reader.join();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Settings settings;
  int positional = 0;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--audio-only") == 0) {
      settings.audio_only = true;
      continue;
    }
    const int value = std::atoi(argv[i]);
    switch (positional++) {
      case 0: settings.seconds = value; break;
      case 1: settings.width = value; break;
      case 2: settings.height = value; break;
      case 3: settings.fps = value; break;
      default: break;
    }
  }
  int fds[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM, 0, fds) != 0) return 1;
  std::fflush(stdout);
  pid_t children[2];
  for (int side = 0; side < 2; ++side) {
    children[side] = ::fork();
    if (children[side] == 0) {  // GStreamer is initialised only in the children
      ::close(fds[1 - side]);
      std::_Exit(run_client(fds[side], side == 0, settings));
    }
  }
  ::close(fds[0]);
  ::close(fds[1]);
  int failures = 0;
  for (const pid_t child : children) {
    int status = 0;
    ::waitpid(child, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) ++failures;
  }
  std::printf("%dx%d@%d%s, %d s, two processes on 127.0.0.1\n", settings.width, settings.height, settings.fps,
              settings.audio_only ? " audio only (Opus, test tone)" : " VP8 + Opus", settings.seconds);
  return failures == 0 ? 0 : 1;
}
