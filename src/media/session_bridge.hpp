#pragma once
// What GStreamer threads share with a call session (private to src/media). Streaming threads
// only touch the atomics and frame slots here and post tasks; the session itself lives on the
// app's loop thread and is reached through a weak_ptr, so late callbacks become no-ops.
#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <utility>

#include "clivrt/media/call_session.hpp"

namespace clivrt::media {

enum class FrameKind { remote, local };

/// Loop-side receiver of what the streaming threads report (implemented by the session).
class SessionCore {
 public:
  virtual void deliver_frame(FrameKind kind) = 0;  // drain the slot of `kind`
  virtual void deliver_audio(AudioChunk chunk) = 0;
  virtual void remote_stream(std::string media, std::string codec) = 0;
  virtual void report_warning(std::string text) = 0;
  virtual void report_error(std::string text) = 0;
  virtual void rewind_file() = 0;  // the "file:" video source reached its end

 protected:
  ~SessionCore() = default;
};

/// One newest-frame slot: a streaming thread puts, the loop takes; a slow loop drops old frames.
class FrameSlot {
 public:
  /// Any thread. True if the caller must post a drain task (none is pending yet).
  bool put(std::shared_ptr<VideoFrame> frame) {
    std::lock_guard lock(mutex_);
    frame->sequence = ++sequence_;
    latest_ = std::move(frame);
    return !std::exchange(pending_, true);
  }
  /// Loop thread.
  std::shared_ptr<const VideoFrame> take() {
    std::lock_guard lock(mutex_);
    pending_ = false;
    return std::exchange(latest_, nullptr);
  }

 private:
  std::mutex mutex_;
  std::shared_ptr<const VideoFrame> latest_;
  bool pending_ = false;
  std::uint64_t sequence_ = 0;
};

struct SessionBridge {
  Poster post;
  std::weak_ptr<SessionCore> core;
  std::atomic<bool> alive{true};
  bool audio_tap = false;  // build the remote-audio appsink
  bool speaker = true;     // play remote audio on a real sink (else fakesink)
  std::string speaker_sink = "autoaudiosink";
  std::string speaker_device;  // speaker_sink's "device"; empty = its default
  std::string echo_probe;      // the webrtcechoprobe (already in the pipeline) to put before the speaker
  std::string echo_channel;    // echo mode: the inter* channel the decoded remote media goes into
  bool echo_video = false, echo_audio = false;
  bool levels = false;  // post remote level messages

  FrameSlot remote_video, local_video;
  std::atomic<std::uint64_t> frames_received{0}, frames_decoded{0};
  std::atomic<std::uint64_t> packets_in{0}, media_packets_in{0};
  std::atomic<std::int64_t> last_packet_ns{0};  // steady_clock, any inbound packet

  /// Any thread: runs `task(core)` on the loop if the session still exists.
  template <typename Core = SessionCore, typename Task>
  void dispatch(Task task) {
    if (!alive.load()) return;
    post([weak = core, task = std::move(task)]() mutable {
      if (auto locked = weak.lock()) task(static_cast<Core&>(*locked));
    });
  }

  void note_packet(bool media) {
    packets_in.fetch_add(1, std::memory_order_relaxed);
    if (media) media_packets_in.fetch_add(1, std::memory_order_relaxed);
    last_packet_ns.store(std::chrono::steady_clock::now().time_since_epoch().count(), std::memory_order_relaxed);
  }
};

}  // namespace clivrt::media
