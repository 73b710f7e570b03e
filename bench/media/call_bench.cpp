// Two CallSessions in this process over 127.0.0.1 (VP8 + Opus, real webrtcbin), measured from
// outside: time from start_offer to the first remote frame on both sides, then for a steady call
// the frames delivered per second each way, the video bitrate, and the process CPU time.
#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include "clivrt/media/call_session.hpp"
#include "clivrt/media/task_loop.hpp"

using namespace clivrt::media;
using namespace std::chrono_literals;

namespace {

double cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const auto seconds = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
  };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

struct Side {
  std::unique_ptr<CallSession> session;
  std::size_t frames = 0;
  CallState state = CallState::idle;
};

/// A and B wired to each other; frames counted on both sides.
struct LoopbackCall {
  TaskLoop loop;
  Side a, b;

  LoopbackCall(int width, int height, int fps) {
    CallOptions options;
    options.width = width;
    options.height = height;
    options.framerate = fps;
    options.microphone = "test";
    options.speaker = "none";
    options.local_addresses = {"127.0.0.1"};
    a.session = std::make_unique<CallSession>(loop.access(), options, events(a, b, true));
    b.session = std::make_unique<CallSession>(loop.access(), options, events(b, a, false));
  }

  static CallEvents events(Side& self, Side& peer, bool offerer) {
    CallEvents events;
    events.local_description = [&peer, offerer](clivrt::protocol::SessionDescription d) {
      if (offerer) {
        peer.session->accept_offer(d);
      } else {
        peer.session->set_answer(d);
      }
    };
    events.local_candidate = [&peer](clivrt::protocol::IceCandidate c) { peer.session->add_remote_candidate(c); };
    events.state = [&self](CallState state, const std::string&) { self.state = state; };
    events.remote_frame = [&self](const std::shared_ptr<const VideoFrame>&) { ++self.frames; };
    return events;
  }

  bool wait_for_frames() {
    return loop.run_until([&] { return a.frames > 0 && b.frames > 0; }, 30s);
  }
};

void BM_CallSetup(benchmark::State& state) {
  initialize_gstreamer();
  for (auto _ : state) {
    LoopbackCall call(640, 480, 30);
    const auto start = std::chrono::steady_clock::now();
    call.a.session->start_offer();
    if (!call.wait_for_frames()) return state.SkipWithError("the call did not connect");
    state.SetIterationTime(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
}
BENCHMARK(BM_CallSetup)->UseManualTime()->Iterations(3)->Unit(benchmark::kMillisecond);

void BM_SteadyCall(benchmark::State& state) {
  initialize_gstreamer();
  const int width = static_cast<int>(state.range(0)), height = width * 3 / 4;
  for (auto _ : state) {
    LoopbackCall call(width, height, 30);
    call.a.session->start_offer();
    if (!call.wait_for_frames()) return state.SkipWithError("the call did not connect");
    call.loop.run_for(1s);  // past the first keyframes and rate-control start
    const std::size_t a_frames = call.a.frames, b_frames = call.b.frames;
    const double cpu = cpu_seconds();
    const auto start = std::chrono::steady_clock::now();
    call.loop.run_for(5s);
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    state.SetIterationTime(wall);
    state.counters["fps_a"] = static_cast<double>(call.a.frames - a_frames) / wall;
    state.counters["fps_b"] = static_cast<double>(call.b.frames - b_frames) / wall;
    state.counters["cpu_%"] = 100 * (cpu_seconds() - cpu) / wall;  // both sessions: two calls' worth
    state.counters["kbit/s"] = call.b.session->stats().video_in.bitrate_bps / 1000;
  }
  state.SetLabel(std::to_string(width) + "x" + std::to_string(height) + "@30, VP8 + Opus, both ends in-process");
}
BENCHMARK(BM_SteadyCall)->Arg(320)->Arg(640)->UseManualTime()->Iterations(1)->Unit(benchmark::kSecond);

}  // namespace
