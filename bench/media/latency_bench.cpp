// Glass-to-glass and mouth-to-ear latency of a loopback call (two CallSessions in this process,
// 127.0.0.1). Video: each raw frame gets its capture time stamped in as blocks before the encoder
// (capture hook) and the receiver reads it back from the decoded RGB frame when the app would draw
// it. Audio: A sends a click every 500 ms in silence; B's decoded audio is scanned for onsets.
// Usage: media_latency_bench [seconds=60] [width=640] [height=480] [fps=30]
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <mutex>

#include "media/call_session.hpp"
#include "media/capture_hooks.hpp"
#include "media/task_loop.hpp"
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
        const auto onset = arrived - std::chrono::microseconds(
                                         static_cast<long>(chunk.samples.size() - i) * 1'000'000 / rate);
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
  options.speaker = "none";
  options.local_addresses = {"127.0.0.1"};
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
  a = std::make_unique<CallSession>(loop.poster(), a_options, events(at_a, b, true));
  b = std::make_unique<CallSession>(loop.poster(), b_options, events(at_b, a, false));
  a->start_offer();
  if (!loop.run_until([&] { return at_a.frames > 0 && at_b.frames > 0; }, 30s)) {
    std::fprintf(stderr, "the call did not connect\n");
    return 1;
  }
  loop.run_for(2s);  // past the first keyframes
  at_a.measuring = at_b.measuring = true;
  loop.run_for(std::chrono::seconds(seconds));
  std::printf("%dx%d@%d, VP8 + Opus, loopback, %d s\n", options.width, options.height, options.framerate, seconds);
  report("glass-to-glass A->B", at_b.video_ms);
  report("glass-to-glass B->A", at_a.video_ms);
  std::printf("frames with unreadable stamp: A->B %zu, B->A %zu\n", at_b.unreadable, at_a.unreadable);
  report("mouth-to-ear A->B (clicks)", at_b.audio_ms);
  return 0;
}
