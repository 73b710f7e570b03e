#pragma once
// Shared by the media call tests: two CallSessions in one process wired to each other over
// 127.0.0.1, what each side observed, and small signal measurements.
#include <gtest/gtest.h>

#include <cmath>
#include <deque>
#include <functional>
#include <numeric>

#include "clivrt/media/call_session.hpp"
#include "clivrt/media/task_loop.hpp"

namespace clivrt::media {

using namespace std::chrono_literals;

using TestLoop = TaskLoop;

/// What one side observed through its events.
struct Observed {
  CallState state = CallState::idle;
  std::string detail;
  std::vector<CallState> states;
  std::shared_ptr<const VideoFrame> remote, local;
  std::size_t remote_frames = 0, local_frames = 0;
  std::size_t trickled = 0, end_of_candidates = 0;
  protocol::IceCandidate end_marker;  // the last end-of-candidates sent
  std::size_t descriptions_sent = 0;
  std::vector<std::string> warnings;
  std::deque<float> audio;        // the last second of remote audio
  std::size_t audio_samples = 0;  // all remote audio samples so far
  AudioLevels levels;
  std::size_t level_events = 0;
  std::string sent_sdp;
};

inline CallOptions small_options() {
  CallOptions options;
  options.width = 320;
  options.height = 240;
  options.framerate = 15;
  options.microphone = "none";
  options.speaker = "none";
  options.local_addresses = {"127.0.0.1"};
  return options;
}

/// Two sessions wired to each other through their events, as the app would through the server.
struct Call {
  TestLoop loop;
  Observed a_seen, b_seen;
  std::unique_ptr<CallSession> a, b;
  bool lose_candidates = false;
  /// Returns true for a description it keeps back (to deliver it later, e.g. to stage glare).
  std::function<bool(bool from_a, const protocol::SessionDescription&)> hold_descriptions;

  static void deliver(CallSession& to, const protocol::SessionDescription& description) {
    if (description.type == "offer") {
      to.accept_offer(description);
    } else {
      to.set_answer(description);
    }
  }

  CallEvents events_for(Observed& seen, std::unique_ptr<CallSession>& peer, bool is_a) {
    CallEvents events;
    events.local_description = [this, &seen, &peer, is_a](const protocol::SessionDescription& description) {
      seen.sent_sdp = description.sdp;
      ++seen.descriptions_sent;
      if (!peer || (hold_descriptions && hold_descriptions(is_a, description))) return;
      deliver(*peer, description);
    };
    events.local_candidate = [this, &seen, &peer](const protocol::IceCandidate& candidate) {
      (candidate.candidate.empty() ? seen.end_of_candidates : seen.trickled) += 1;
      if (candidate.candidate.empty()) seen.end_marker = candidate;
      if (peer && !lose_candidates) peer->add_remote_candidate(candidate);
    };
    events.state = [&seen](CallState state, std::string detail) {
      seen.state = state;
      seen.detail = std::move(detail);
      seen.states.push_back(state);
    };
    events.remote_frame = [&seen](std::shared_ptr<const VideoFrame> frame) {
      seen.remote = std::move(frame);
      ++seen.remote_frames;
    };
    events.local_frame = [&seen](std::shared_ptr<const VideoFrame> frame) {
      seen.local = std::move(frame);
      ++seen.local_frames;
    };
    events.warning = [&seen](std::string text) { seen.warnings.push_back(std::move(text)); };
    return events;
  }

  /// `taps`: which sides keep their remote audio (Observed::audio) and levels.
  Call(CallOptions a_options, CallOptions b_options, bool b_taps_audio = false, bool a_taps_audio = false) {
    auto a_events = events_for(a_seen, b, true);
    if (a_taps_audio) tap(a_events, a_seen);
    a = std::make_unique<CallSession>(loop.access(), std::move(a_options), std::move(a_events));
    auto b_events = events_for(b_seen, a, false);
    if (b_taps_audio) tap(b_events, b_seen);
    b = std::make_unique<CallSession>(loop.access(), std::move(b_options), std::move(b_events));
  }

  static void tap(CallEvents& events, Observed& seen) {
    events.remote_audio = [&seen](const AudioChunk& chunk) {
      for (const float sample : chunk.samples) seen.audio.push_back(sample);
      while (seen.audio.size() > 48000) seen.audio.pop_front();
      seen.audio_samples += chunk.samples.size();
    };
    events.levels = [&seen](AudioLevels levels) {
      seen.levels = levels;
      ++seen.level_events;
    };
  }

  std::string describe() const {
    std::string text = "A: " + std::string(to_string(a_seen.state)) + " (" + a_seen.detail + "), " +
                       std::to_string(a_seen.remote_frames) + " frames; B: " + to_string(b_seen.state) + " (" +
                       b_seen.detail + "), " + std::to_string(b_seen.remote_frames) + " frames";
    for (const auto& warning : a_seen.warnings) text += "\nA warning: " + warning;
    for (const auto& warning : b_seen.warnings) text += "\nB warning: " + warning;
    return text;
  }

  bool run_until_frames(std::size_t frames) {
    return loop.run_until([&] { return a_seen.remote_frames >= frames && b_seen.remote_frames >= frames; }, 20s);
  }
};

/// Power of `frequency` in the samples (Goertzel), normalized by the sample count.
inline double tone_power(const std::deque<float>& samples, double frequency, double rate = 48000) {
  const double coefficient = 2 * std::cos(2 * M_PI * frequency / rate);
  double previous = 0, before = 0;
  for (const float sample : samples) {
    const double current = sample + coefficient * previous - before;
    before = previous;
    previous = current;
  }
  const double power = previous * previous + before * before - coefficient * previous * before;
  return power / static_cast<double>(samples.size() * samples.size());
}

inline double rms(const std::deque<float>& samples) {
  const double sum = std::accumulate(samples.begin(), samples.end(), 0.0, [](double s, float v) { return s + v * v; });
  return samples.empty() ? 0 : std::sqrt(sum / static_cast<double>(samples.size()));
}

/// The frequency in [low, high] Hz (1 Hz steps) with the most power.
inline double dominant_frequency(const std::deque<float>& samples, int low, int high) {
  int best = low;
  for (int frequency = low; frequency <= high; ++frequency) {
    if (tone_power(samples, frequency) > tone_power(samples, best)) best = frequency;
  }
  return best;
}

inline std::deque<float> last_samples(const std::deque<float>& audio, std::size_t count) {
  return std::deque<float>(audio.end() - static_cast<std::ptrdiff_t>(std::min(count, audio.size())), audio.end());
}

inline double mean_brightness(const VideoFrame& frame) {
  const double sum = std::accumulate(frame.rgb.begin(), frame.rgb.end(), 0.0);
  return sum / static_cast<double>(frame.rgb.size());
}

}  // namespace clivrt::media
