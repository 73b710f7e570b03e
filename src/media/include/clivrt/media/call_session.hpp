#pragma once
// One WebRTC call (GStreamer webrtcbin): VP8 video + Opus audio both ways, decoded frames out.
// No GStreamer headers here (pimpl). Thread ownership: every CallSession method is called on the
// app's loop thread, and every CallEvents callback runs there too, posted through EventLoop::post;
// the session's own clock (watchdog, stats) is EventLoop::post_after, so a call adds no thread.
#include <chrono>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "clivrt/protocol/messages.hpp"

namespace clivrt::media {

/// A decoded video frame, packed RGB24: `rgb.size() == stride * height`, `stride == width * 3`.
struct VideoFrame {
  int width = 0;
  int height = 0;
  int stride = 0;
  std::vector<std::uint8_t> rgb;
  std::uint64_t sequence = 0;  // counts frames delivered by this stream, from 1
  std::chrono::steady_clock::time_point received;
};

/// Mono float samples of the remote audio (optional tap, for level meters and tests).
struct AudioChunk {
  int rate = 0;
  std::vector<float> samples;
};

enum class CallState { idle, negotiating, connecting, connected, failed, closed };
std::ostream& operator<<(std::ostream& out, CallState state);
const char* to_string(CallState state);

/// Sound levels for a meter, in dBFS (0 = full scale; -120 = silence or no such stream).
struct AudioLevels {
  double local_rms_db = -120, local_peak_db = -120;    // our microphone after mute: what the peer gets
  double remote_rms_db = -120, remote_peak_db = -120;  // the peer's audio as received
};

struct CallOptions {
  /// "test" (moving test pattern), a V4L2 device path ("/dev/video0"), "file:PATH" (looping video
  /// file), "echo" (send back the peer's own decoded video; black until its first frame) or "none"
  /// (send no video). An unusable device falls back to the test pattern with a warning.
  std::string video_source = "test";
  int width = 640, height = 480, framerate = 30;
  bool send_video = true, send_audio = true;
  /// "auto" (PulseAudio/PipeWire if a server answers, else ALSA's default, else none with one
  /// warning per process), a device name from list_media_devices() ("pulse:…", "alsa:…"; auto if it
  /// cannot be opened, with a warning), "test" (440 Hz tone), "echo" (the peer's own audio, sent back
  /// one second later) or "none". Remote audio is received whatever this says.
  std::string microphone = "auto";
  /// "auto", a device name as above, or "none"; without a usable device remote audio is discarded.
  std::string speaker = "auto";
  /// webrtcdsp on a real microphone: noise suppression and gain control, plus echo cancellation
  /// against our own speaker (webrtcechoprobe) when there is one. Not applied to "test"/"echo".
  bool echo_cancellation = true;
  /// Addresses given to ICE explicitly, e.g. "127.0.0.1" for loopback calls (libnice never gathers
  /// loopback itself; giving any address stops automatic gathering on the other interfaces).
  std::vector<std::string> local_addresses;
  /// STUN and TURN servers in webrtcbin's URI form: "stun://HOST:PORT",
  /// "turn://USER:PASSWORD@HOST:PORT?transport=tcp" (user and password percent-encoded).
  std::vector<std::string> stun_servers, turn_servers;
  /// Gather relay candidates only: media always goes through TURN, the peer never sees our address.
  bool relay_only = false;
  /// false: no trickle — the local description is sent once ICE gathering is complete, with every
  /// candidate inside it, and no local_candidate events (what the original clivrt peers expect).
  bool trickle = true;
  /// Glare (both sides offer at once): the polite side withdraws its offer and answers the
  /// peer's; the impolite one ignores the peer's offer. Make exactly one side polite (the callee).
  bool polite = false;
  /// Inbound silence (no packet at all) after which a connected call fails. The peer's RTCP alone
  /// arrives every few seconds, so a peer that sends no media gets three times this.
  std::chrono::milliseconds media_timeout{4000};
  /// A call not connected this long after both descriptions are set fails ("cannot connect").
  std::chrono::milliseconds connect_timeout{20000};
};

struct CallEvents {
  std::function<void(protocol::SessionDescription)> local_description;  // offer or answer to send
  std::function<void(protocol::IceCandidate)> local_candidate;          // trickle; empty candidate = end of candidates
  std::function<void(CallState, std::string detail)> state;
  std::function<void(std::shared_ptr<const VideoFrame>)> remote_frame;  // coalesced: newest only
  std::function<void(std::shared_ptr<const VideoFrame>)> local_frame;   // self view, <= 10 fps, coalesced
  std::function<void(std::string)> warning;
  std::function<void(AudioChunk)> remote_audio;  // optional; set it only if you need the samples
  std::function<void(AudioLevels)> levels;       // optional, about 10 per second while audio flows
};

struct StreamStats {
  std::string codec;          // "VP8", "OPUS", "H264"; empty if the stream does not exist
  int width = 0, height = 0;  // video only
  double fps = 0;             // video only, over the last stats interval
  double bitrate_bps = 0;     // over the last stats interval
  std::uint64_t bytes = 0, packets = 0;
  std::int64_t packets_lost = 0;  // inbound: lost on the way to us; outbound: as reported by the peer
  double jitter_s = 0;
  std::uint64_t nacks = 0, plis = 0;  // inbound: requests we sent; outbound: requests the peer sent
};

/// The network path ICE selected (RFC 8445 candidate types: host, srflx, prflx, relay).
struct CallPath {
  std::string local_type, remote_type;        // empty until a pair is selected
  std::string protocol;                       // "udp" or "tcp" between the two candidates
  std::string relay_protocol;                 // relay: how we reach the TURN server (udp, tcp, tls); may be empty
  std::string local_address, remote_address;  // "ADDRESS:PORT"
  bool selected() const { return !local_type.empty(); }
  bool relayed() const { return local_type == "relay" || remote_type == "relay"; }
};

struct CallStats {
  StreamStats video_in, video_out, audio_in, audio_out;
  CallPath path;
  double rtt_s = -1;                  // from the peer's RTCP receiver reports; -1 = unknown yet
  std::uint64_t frames_received = 0;  // encoded video frames out of the depayloader
  std::uint64_t frames_decoded = 0;   // decoded video frames delivered to remote_frame
};

/// Posts a task onto the app's loop thread; must be callable from any thread and never block,
/// and stay valid after the session is gone (GStreamer threads may still hold a copy).
using Poster = std::function<void(std::function<void()>)>;
/// Runs a task on the loop thread after a delay; called on the loop thread only.
using DelayedPoster = std::function<void(std::chrono::milliseconds, std::function<void()>)>;

/// The app's event loop as a session uses it (asio in the app, TaskLoop in tests and tools).
struct EventLoop {
  Poster post;
  DelayedPoster post_after;
};

/// A call's media as the app drives it: CallSession in the product, a fake in the app's tests.
/// Events arrive through the CallEvents given to the factory.
class MediaSession {
 public:
  virtual ~MediaSession() = default;
  virtual void start_offer() = 0;                                        // caller
  virtual void accept_offer(const protocol::SessionDescription&) = 0;    // callee; in a call, renegotiates
  virtual void set_answer(const protocol::SessionDescription&) = 0;      // caller, with the callee's answer
  virtual void add_remote_candidate(const protocol::IceCandidate&) = 0;  // queued until the remote description
  virtual void set_microphone_muted(bool muted) = 0;                     // sends silence; no renegotiation
  virtual void set_camera_enabled(bool enabled) = 0;                     // sends black; no renegotiation
  virtual CallStats stats() const = 0;                                   // refreshed about once a second
};

using MediaSessionFactory = std::function<std::unique_ptr<MediaSession>(CallOptions, CallEvents)>;

class CallSession final : public MediaSession {
 public:
  CallSession(EventLoop loop, CallOptions options, CallEvents events);
  ~CallSession() override;  // stops the pipeline; callbacks still in flight become no-ops
  CallSession(const CallSession&) = delete;
  CallSession& operator=(const CallSession&) = delete;

  void start_offer() override;
  void accept_offer(const protocol::SessionDescription&) override;
  void set_answer(const protocol::SessionDescription&) override;
  void add_remote_candidate(const protocol::IceCandidate&) override;
  void set_microphone_muted(bool muted) override;
  void set_camera_enabled(bool enabled) override;
  void hang_up();  // stops media now and reports closed (the destructor does the same silently)

  CallState state() const;
  CallStats stats() const override;  // never blocks
  /// The current local SDP, with every candidate gathered so far inside it.
  std::optional<protocol::SessionDescription> local_description() const;

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

/// gst_init once; safe to call repeatedly and from several threads.
void initialize_gstreamer();

/// "GStreamer 1.22.0": the library loaded, which may be newer than the headers built against.
std::string gstreamer_version();

}  // namespace clivrt::media
