// Glass-to-glass and mouth-to-ear latency of a loopback call (two CallSessions in this process,
// 127.0.0.1). Video: each raw frame gets its capture time stamped in as blocks before the encoder
// (capture hook) and the receiver reads it back from the decoded RGB frame when the app would draw
// it. Audio: A sends a click every 500 ms in silence; B's decoded audio is scanned for onsets.
// path=relay: both sides relay-only through a coturn on 127.0.0.1 that the bench starts itself,
// so the difference to path=direct is what the relay's own forwarding adds.
// Usage: media_latency_bench [seconds=60] [width=640] [height=480] [fps=30] [path=direct|relay]
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "clivrt/media/call_session.hpp"
#include "clivrt/media/capture_hooks.hpp"
#include "clivrt/media/task_loop.hpp"
#include "stamps.hpp"

using namespace clivrt::media;
using namespace clivrt::bench;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

constexpr int rate = 48000;

struct Clicks {
  std::mutex mutex;
  std::vector<Clock::time_point> sent;  // capture time of each click
  std::size_t samples_since = rate;     // since the last click
};
Clicks clicks;

void add_click(std::int16_t* samples, std::size_t count) {
  std::fill_n(samples, count, 0);
  clicks.samples_since += count;
  if (clicks.samples_since < rate / 2) return;
  clicks.samples_since = 0;
  for (std::size_t i = 0; i < std::min<std::size_t>(count, 240); ++i) {  // 5 ms at 1 kHz
    samples[i] = static_cast<std::int16_t>(16000 * std::sin(2 * M_PI * 1000 * static_cast<double>(i) / rate));
  }
  // A live source pushes a buffer once its last sample is captured: the first one is `count` older.
  const auto captured = Clock::now() - std::chrono::microseconds(static_cast<long>(count) * 1'000'000 / rate);
  std::lock_guard lock(clicks.mutex);
  clicks.sent.push_back(captured);
}

struct Receiver {
  std::vector<double> video_ms, audio_ms;
  std::size_t frames = 0, unreadable = 0;
  std::size_t silent_run = 0;
  bool measuring = false;

  void on_frame(const VideoFrame& frame) {
    ++frames;
    if (!measuring) return;
    if (const auto stamp = read_stamp(frame.rgb.data(), frame.stride, frame.width, frame.height)) {
      video_ms.push_back(static_cast<double>(age_ms(*stamp)));
    } else {
      ++unreadable;
    }
  }

  void on_audio(const AudioChunk& chunk) {
    const auto arrived = Clock::now();
    for (std::size_t i = 0; i < chunk.samples.size(); ++i) {
      if (std::fabs(chunk.samples[i]) < 0.1f) {
        ++silent_run;
        continue;
      }
      if (silent_run > rate / 5 && measuring) {
        const auto onset =
            arrived - std::chrono::microseconds(static_cast<long>(chunk.samples.size() - i) * 1'000'000 / rate);
        std::lock_guard lock(clicks.mutex);
        for (auto sent = clicks.sent.rbegin(); sent != clicks.sent.rend(); ++sent) {
          if (*sent <= onset) {
            audio_ms.push_back(std::chrono::duration<double, std::milli>(onset - *sent).count());
            break;
          }
        }
      }
      silent_run = 0;
    }
  }
};

/// Debian's turnserver on a free 127.0.0.1 port with one long-term user, stopped on destruction.
class LocalCoturn {
 public:
  LocalCoturn() : port_(free_udp_port()) {
    const std::string listen = "--listening-port=" + std::to_string(port_);
    std::vector<std::string> args{"/usr/bin/turnserver",
                                  "-n",
                                  "--listening-ip=127.0.0.1",
                                  "--relay-ip=127.0.0.1",
                                  listen,
                                  "--lt-cred-mech",
                                  "--user=bench:bench-password",
                                  "--realm=bench",
                                  "--no-tls",
                                  "--no-dtls",
                                  "--no-cli",
                                  "--allow-loopback-peers",
                                  "--log-file=/dev/null",
                                  "--pidfile=/dev/null"};
    std::vector<char*> argv;
    for (auto& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    if (const int error = posix_spawn(&pid_, argv[0], nullptr, nullptr, argv.data(), environ)) {
      std::fprintf(stderr, "cannot start %s: %s\n", argv[0], std::strerror(error));
      std::exit(1);
    }
    std::this_thread::sleep_for(std::chrono::seconds(1));  // its listener and relay threads
  }
  ~LocalCoturn() {
    kill(pid_, SIGTERM);
    waitpid(pid_, nullptr, 0);
  }
  std::string uri() const { return "turn://bench:bench-password@127.0.0.1:" + std::to_string(port_); }

 private:
  static int free_udp_port() {
    const int fd = socket(AF_INET, SOCK_DGRAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t size = sizeof address;
    bind(fd, reinterpret_cast<sockaddr*>(&address), size);
    getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size);
    close(fd);
    return ntohs(address.sin_port);
  }
  int port_;
  pid_t pid_ = 0;
};

void report(const char* what, const std::vector<double>& values) {
  std::printf("%-28s n=%-5zu p50=%6.1f ms  p90=%6.1f ms  p99=%6.1f ms  max=%6.1f ms\n", what, values.size(),
              percentile(values, 50), percentile(values, 90), percentile(values, 99), percentile(values, 100));
}

}  // namespace

int main(int argc, char** argv) {
  const int seconds = argc > 1 ? std::atoi(argv[1]) : 60;
  CallOptions options;
  options.width = argc > 2 ? std::atoi(argv[2]) : 640;
  options.height = argc > 3 ? std::atoi(argv[3]) : 480;
  options.framerate = argc > 4 ? std::atoi(argv[4]) : 30;
  const std::string path = argc > 5 ? argv[5] : "direct";
  options.speaker = "none";
  options.local_addresses = {"127.0.0.1"};
  std::optional<LocalCoturn> coturn;
  if (path == "relay") {
    coturn.emplace();
    options.turn_servers = {coturn->uri()};
    options.relay_only = true;
  } else if (path != "direct") {
    std::fprintf(stderr, "path is direct or relay, not %s\n", path.c_str());
    return 2;
  }
  set_capture_hooks({[](std::uint8_t* luma, int stride, int width, int height) {
                       paint_stamp(luma, stride, width, height, now_ms24());
                     },
                     add_click});
  initialize_gstreamer();

  TaskLoop loop;
  Receiver at_a, at_b;
  std::unique_ptr<CallSession> a, b;
  auto events = [&](Receiver& self, std::unique_ptr<CallSession>& peer, bool offerer) {
    CallEvents e;
    e.local_description = [&peer, offerer](clivrt::protocol::SessionDescription d) {
      offerer ? peer->accept_offer(d) : peer->set_answer(d);
    };
    e.local_candidate = [&peer](clivrt::protocol::IceCandidate c) { peer->add_remote_candidate(c); };
    e.remote_frame = [&self](std::shared_ptr<const VideoFrame> f) { self.on_frame(*f); };
    e.remote_audio = [&self](AudioChunk c) { self.on_audio(c); };
    e.state = [](CallState s, const std::string& d) {
      if (s == CallState::failed) std::fprintf(stderr, "call failed: %s\n", d.c_str());
    };
    return e;
  };
  CallOptions a_options = options, b_options = options;
  a_options.microphone = "test";  // replaced by clicks in the hook
  b_options.microphone = "none";  // one clicking side, so that every click has one sender
  a = std::make_unique<CallSession>(loop.access(), a_options, events(at_a, b, true));
  b = std::make_unique<CallSession>(loop.access(), b_options, events(at_b, a, false));
  a->start_offer();
  if (!loop.run_until([&] { return at_a.frames > 0 && at_b.frames > 0; }, 30s)) {
    std::fprintf(stderr, "the call did not connect\n");
    return 1;
  }
  loop.run_for(2s);  // past the first keyframes
  at_a.measuring = at_b.measuring = true;
  loop.run_for(std::chrono::seconds(seconds));
  const CallPath used = a->stats().path;
  std::printf("%dx%d@%d, VP8 + Opus, loopback, %d s, path %s <-> %s\n", options.width, options.height,
              options.framerate, seconds, used.local_type.c_str(), used.remote_type.c_str());
  report("glass-to-glass A->B", at_b.video_ms);
  report("glass-to-glass B->A", at_a.video_ms);
  std::printf("frames with unreadable stamp: A->B %zu, B->A %zu\n", at_b.unreadable, at_a.unreadable);
  report("mouth-to-ear A->B (clicks)", at_b.audio_ms);
  return 0;
}
