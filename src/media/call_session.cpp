#include "clivrt/media/call_session.hpp"

#include <gst/gst.h>
#include <gst/webrtc/webrtc.h>

#include <cassert>
#include <cstring>
#include <mutex>
#include <ostream>
#include <set>
#include <thread>

#include "call_stats_collector.hpp"
#include "call_watchdog.hpp"
#include "gst_ref.hpp"
#include "ice_setup.hpp"
#include "media_choice.hpp"
#include "media_pipeline.hpp"
#include "negotiation.hpp"
#include "sdp_text.hpp"
#include "session_bridge.hpp"
#include "stats_report.hpp"
#include "webrtc_values.hpp"

namespace clivrt::media {

namespace {

using Clock = std::chrono::steady_clock;
constexpr auto tick_interval = std::chrono::milliseconds(500);
// How long a description waits for the send branches' first caps (a real camera may take this
// long to start); after it, the description is made with what webrtcbin knows.
constexpr auto caps_wait_limit = std::chrono::seconds(3);

// A relay's candidate priority tells TURN over UDP from TURN over TCP or TLS (stats_report);
// without any plain turn:…?transport=tcp server, a TCP-based relay can only be turns: (TLS).
bool has_plain_tcp_turn(const std::vector<std::string>& turn_servers) {
  return std::any_of(turn_servers.begin(), turn_servers.end(), [](const std::string& url) {
    return url.rfind("turn:", 0) == 0 && url.find("transport=tcp") != std::string::npos;
  });
}

}  // namespace

const char* to_string(CallState state) {
  switch (state) {
    case CallState::idle: return "idle";
    case CallState::negotiating: return "negotiating";
    case CallState::connecting: return "connecting";
    case CallState::connected: return "connected";
    case CallState::failed: return "failed";
    case CallState::closed: return "closed";
  }
  return "?";
}

std::ostream& operator<<(std::ostream& out, CallState state) { return out << to_string(state); }

void initialize_gstreamer() {
  static std::once_flag once;
  std::call_once(once, [] { gst_init(nullptr, nullptr); });
}

std::string gstreamer_version() {
  gchar* text = gst_version_string();
  std::string version = text;
  g_free(text);
  return version;
}

struct CallSession::Impl final : SessionCore, std::enable_shared_from_this<CallSession::Impl> {
  Impl(EventLoop loop, CallOptions options_in, CallEvents events_in)
      : options(std::move(options_in)),
        events(std::move(events_in)),
        bridge(std::make_shared<SessionBridge>()),
        post_after(std::move(loop.post_after)),
        negotiation(NegotiationOptions{.trickle = options.trickle, .polite = options.polite}),
        stats_collector(has_plain_tcp_turn(options.turn_servers)) {
    bridge->post = std::move(loop.post);
    bridge->audio_tap = static_cast<bool>(events.remote_audio);
  }
  ~Impl() { teardown(); }

  CallOptions options;
  CallEvents events;
  std::shared_ptr<SessionBridge> bridge;
  DelayedPoster post_after;                                        // the watchdog and stats clock (tick)
  const std::thread::id loop_thread = std::this_thread::get_id();  // the app's loop: see the header
  GstRef<GstElement> pipeline, webrtc;
  SendBranches send;
  std::shared_ptr<std::atomic<bool>> camera_enabled = std::make_shared<std::atomic<bool>>(true);
  std::vector<SignalConnection> signals;

  CallState state = CallState::idle;
  Negotiation negotiation;
  std::optional<SdpKind> description_waiting;  // a description to create once the send caps are known
  Description created;                         // the description webrtcbin made last, and its text
  std::string created_text;
  Clock::time_point built_at;
  Clock::time_point connected_at, negotiated_at;
  AudioLevels levels;
  std::set<std::string> media_warnings;  // each distinct one is reported once
  std::string video_codec_out;
  CallStatsCollector stats_collector;
  int ticks = 0;

  // ---- helpers -------------------------------------------------------------------------------

  void set_state(CallState next, std::string detail) {
    if (state == CallState::failed || state == CallState::closed) return;  // terminal
    if (next == state && next != CallState::connecting) return;
    state = next;
    if (next == CallState::failed || next == CallState::closed) teardown();
    if (events.state) events.state(next, std::move(detail));
  }
  void fail(std::string detail) { set_state(CallState::failed, std::move(detail)); }
  void warn(std::string text) {
    if (events.warning) events.warning(std::move(text));
  }

  void teardown() {
    bridge->alive = false;  // also stops the tick
    signals.clear();
    if (pipeline) {
      if (GstBus* bus = gst_element_get_bus(pipeline.get())) {
        gst_bus_set_sync_handler(bus, nullptr, nullptr, nullptr);
        gst_object_unref(bus);
      }
      gst_element_set_state(pipeline.get(), GST_STATE_NULL);
    }
    send = {};
    webrtc.reset();
    pipeline.reset();
  }

  template <typename Handler>
  void connect(gpointer instance, const char* signal, Handler handler) {
    using Context = std::shared_ptr<SessionBridge>;
    const gulong id = g_signal_connect_data(instance, signal, G_CALLBACK(handler), user_data(Context(bridge)),
                                            free_user_data<Context>, GConnectFlags{});
    signals.emplace_back(instance, id);
  }

  template <typename Task>
  static void to_loop(gpointer data, Task task) {
    (*static_cast<std::shared_ptr<SessionBridge>*>(data))->dispatch<Impl>(std::move(task));
  }

  // ---- building --------------------------------------------------------------------------------

  void add_recvonly(const std::string& caps_string) {
    GstCaps* caps = gst_caps_from_string(caps_string.c_str());
    if (!negotiation.offerer()) gst_structure_remove_field(gst_caps_get_structure(caps, 0), "payload");
    GstWebRTCRTPTransceiver* transceiver = nullptr;
    g_signal_emit_by_name(webrtc.get(), "add-transceiver", GST_WEBRTC_RTP_TRANSCEIVER_DIRECTION_RECVONLY, caps,
                          &transceiver);
    gst_caps_unref(caps);
    if (transceiver != nullptr) {
      if (caps_string.find("media=video") != std::string::npos) g_object_set(transceiver, "do-nack", TRUE, nullptr);
      gst_object_unref(transceiver);
    }
  }

  void build(const SendPlan& negotiated) {
    pipeline = GstRef<GstElement>::adopt(gst_pipeline_new(nullptr));
    webrtc = GstRef<GstElement>::retain(make_element("webrtcbin"));
    gst_bin_add(GST_BIN(pipeline.get()), webrtc.get());
    g_object_set(webrtc.get(), "latency", 80U, nullptr);
    gst_util_set_object_arg(G_OBJECT(webrtc.get()), "bundle-policy", negotiation.bundle() ? "max-bundle" : "none");
    for (auto& problem : configure_ice(webrtc.get(), options)) warn(std::move(problem));
    connect_signals();

    const SendPlan plan = choose_media(options, negotiated, static_cast<bool>(events.levels), *bridge,
                                       [this](std::string text) { warn(std::move(text)); });
    const VideoCodec codec = plan.codec;
    send = build_send_branches(GST_BIN(pipeline.get()), webrtc.get(), plan, bridge);
    built_at = Clock::now();
    for (GstPad* pad : {send.video_pad.get(), send.audio_pad.get()}) {
      if (pad == nullptr) continue;
      connect(
          pad, "notify::caps",
          +[](GstPad*, GParamSpec*, gpointer data) { to_loop(data, [](Impl& self) { self.describe_if_ready(); }); });
    }
    video_codec_out = plan.video_source.empty() ? "" : (codec == VideoCodec::h264 ? "H264" : "VP8");
    if (send.video_pad) {
      GstWebRTCRTPTransceiver* transceiver = nullptr;
      g_object_get(send.video_pad.get(), "transceiver", &transceiver, nullptr);
      if (transceiver != nullptr) {
        g_object_set(transceiver, "do-nack", TRUE, nullptr);  // NACK + RTX on video only (not audio)
        gst_object_unref(transceiver);
      }
      install_camera_switch(send.camera_pad.get(), camera_enabled);
    } else {
      add_recvonly(video_rtp_caps(codec, plan.video_payload));
    }
    if (!send.audio_pad) add_recvonly(audio_rtp_caps(plan.audio_payload));
    GstBus* bus = gst_element_get_bus(pipeline.get());
    gst_bus_set_sync_handler(bus, on_bus_message, user_data(std::shared_ptr<SessionBridge>(bridge)),
                             free_user_data_notify<std::shared_ptr<SessionBridge>>);
    gst_object_unref(bus);
    if (gst_element_set_state(pipeline.get(), GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE) {
      throw MediaError("the media pipeline cannot start");
    }
    schedule_tick();
  }

  /// The next tick, on the loop; none once the session is torn down or gone.
  void schedule_tick() {
    post_after(tick_interval, [weak = std::weak_ptr<SessionBridge>(bridge)] {
      const auto locked = weak.lock();
      if (!locked || !locked->alive) return;
      const auto core = locked->core.lock();  // keeps the session alive through its tick
      if (!core) return;
      auto& self = static_cast<Impl&>(*core);
      self.tick();
      if (locked->alive) self.schedule_tick();
    });
  }

  /// Builds the pipeline, turning a missing plugin or a start failure into state failed.
  bool build_or_fail(const SendPlan& negotiated) {
    if (pipeline || state == CallState::failed || state == CallState::closed) {
      warn(pipeline ? "this call was already started" : "this call has ended: start a new one");
      return false;
    }
    initialize_gstreamer();
    set_state(CallState::negotiating, negotiation.offerer() ? "creating offer" : "answering");
    try {
      build(negotiated);
      return true;
    } catch (const MediaError& error) {
      fail(error.what());
      return false;
    }
  }

  void connect_signals() {
    connect(
        webrtc.get(), "on-ice-candidate", +[](GstElement*, guint index, gchar* candidate, gpointer data) {
          to_loop(data, [index, text = std::string(candidate != nullptr ? candidate : "")](Impl& self) {
            self.on_local_candidate(index, text);
          });
        });
    const auto notify_enum = [this](const char* signal, void (*handler)(Impl&, int)) {
      struct Context {
        std::shared_ptr<SessionBridge> bridge;
        void (*handler)(Impl&, int);
        const char* property;
      };
      const char* property = signal + 8;  // after "notify::"
      const gulong id = g_signal_connect_data(
          webrtc.get(), signal, G_CALLBACK(+[](GstElement* element, GParamSpec*, gpointer data) {
            const auto& context = *static_cast<Context*>(data);
            int value = 0;
            g_object_get(element, context.property, &value, nullptr);
            context.bridge->dispatch<Impl>([handler = context.handler, value](Impl& self) { handler(self, value); });
          }),
          user_data(Context{bridge, handler, property}), free_user_data<Context>, GConnectFlags{});
      signals.emplace_back(webrtc.get(), id);
    };
    notify_enum("notify::ice-gathering-state", [](Impl& self, int value) { self.on_gathering_state(value); });
    notify_enum("notify::ice-connection-state", [](Impl& self, int value) { self.on_ice_state(value); });
    notify_enum("notify::connection-state", [](Impl& self, int value) { self.on_connection_state(value); });
    connect(
        webrtc.get(), "pad-added", +[](GstElement* element, GstPad* pad, gpointer data) {
          link_receive_branch(element, pad, *static_cast<std::shared_ptr<SessionBridge>*>(data));
        });
    connect(
        pipeline.get(), "deep-element-added", +[](GstBin*, GstBin*, GstElement* element, gpointer data) {
          GstElementFactory* factory = gst_element_get_factory(element);
          if (factory == nullptr || g_strcmp0(GST_OBJECT_NAME(factory), "nicesrc") != 0) return;
          count_network_packets(element, *static_cast<std::shared_ptr<SessionBridge>*>(data));
        });
  }

  static GstBusSyncReply on_bus_message(GstBus*, GstMessage* message, gpointer data) {
    const auto type = GST_MESSAGE_TYPE(message);
    if (const auto reading = read_level_message(message)) {
      to_loop(data, [reading = *reading](Impl& self) { self.on_level(reading); });
    }
    if (type == GST_MESSAGE_ERROR || type == GST_MESSAGE_WARNING) {
      GError* error = nullptr;
      gchar* debug = nullptr;
      if (type == GST_MESSAGE_ERROR) {
        gst_message_parse_error(message, &error, &debug);
      } else {
        gst_message_parse_warning(message, &error, &debug);
      }
      std::string text = std::string(GST_OBJECT_NAME(GST_MESSAGE_SRC(message))) + ": " +
                         (error != nullptr ? error->message : "unknown error");
      // The debug text ends with the reason, e.g. "streaming stopped, reason not-negotiated (-4)".
      if (const char* reason = debug != nullptr ? std::strstr(debug, "reason ") : nullptr) {
        text += std::string(" (") + std::string(reason).substr(0, 60) + ")";
      }
      g_clear_error(&error);
      g_free(debug);
      to_loop(data, [text = std::move(text), fatal = type == GST_MESSAGE_ERROR](Impl& self) {
        if (fatal) {
          self.fail("media error: " + text);
        } else if (self.media_warnings.size() < 50 && self.media_warnings.insert(text).second) {
          self.warn("media warning: " + text);  // e.g. a sound card that overruns: once, not 50 times a second
        }
      });
    }
    gst_message_unref(message);  // a sync handler that returns GST_BUS_DROP owns the message
    return GST_BUS_DROP;         // nobody pops this bus: everything is handled here
  }

  // ---- negotiation (loop thread): the Negotiation decides, this carries its steps out ----------

  bool ended() const { return state == CallState::failed || state == CallState::closed; }

  void run(NegotiationActions actions) {
    for (auto& action : actions) {
      if (ended()) return;
      std::visit([this](auto& step) { perform(step); }, action);
    }
  }

  void perform(negotiation::SetRemote& step) {
    const bool offer = step.kind == SdpKind::offer;
    auto description = parse_description({offer ? "offer" : "answer", step.sdp},
                                         offer ? GST_WEBRTC_SDP_TYPE_OFFER : GST_WEBRTC_SDP_TYPE_ANSWER);
    if (!description) return run(negotiation.remote_applied("not valid SDP"));
    if (!pipeline && !build_or_fail(plan_for_offer(sdp::media_sections(step.sdp)))) return;  // callee's first offer
    std::weak_ptr<SessionBridge> weak = bridge;
    auto on_reply = [weak](GstPromiseResult result, const GstStructure* reply) {
      if (auto locked = weak.lock()) {
        locked->dispatch<Impl>([error = reply_error(result, reply)](Impl& self) {
          if (self.webrtc)
            self.run(self.negotiation.remote_applied(error.empty() ? std::nullopt : std::optional(error)));
        });
      }
    };
    emit_with_promise(webrtc.get(), "set-remote-description", std::move(on_reply), description.get());
  }

  void perform(negotiation::StartOver&) {
    // A fresh bridge: whatever the old pipeline's threads still post dies with the old one.
    auto fresh = std::make_shared<SessionBridge>();
    fresh->post = bridge->post;
    fresh->core = bridge->core;
    fresh->audio_tap = bridge->audio_tap;
    teardown();
    bridge = std::move(fresh);
    description_waiting.reset();
    created = {};
    created_text.clear();
  }

  void perform(negotiation::CreateDescription& step) {
    if (!pipeline && !build_or_fail(SendPlan{})) return;  // the caller's offer
    description_waiting = step.kind;
    describe_if_ready();  // else again at each caps notification and tick
  }

  void perform(negotiation::SetLocal& step) {
    const bool offer = step.kind == SdpKind::offer;
    // The text differs from what webrtcbin made when a renegotiation's answer keeps our DTLS role.
    Description description = step.sdp == created_text
                                  ? created
                                  : parse_description({offer ? "offer" : "answer", step.sdp},
                                                      offer ? GST_WEBRTC_SDP_TYPE_OFFER : GST_WEBRTC_SDP_TYPE_ANSWER);
    if (!description) description = created;
    g_signal_emit_by_name(webrtc.get(), "set-local-description", description.get(), nullptr);
  }

  void perform(negotiation::SendDescription& step) {
    if (events.local_description) events.local_description(std::move(step.description));
  }

  void perform(negotiation::SendFullDescription&) {
    if (auto full = current_local_description(); full && events.local_description) events.local_description(*full);
  }

  void perform(negotiation::AddCandidate& step) {
    g_signal_emit_by_name(webrtc.get(), "add-ice-candidate", static_cast<guint>(step.mline_index),
                          step.candidate.c_str());
  }

  void perform(negotiation::SendCandidate& step) {
    if (events.local_candidate) events.local_candidate(std::move(step.candidate));
  }

  void perform(negotiation::Negotiated&) {
    negotiated_at = Clock::now();
    if (state == CallState::negotiating) set_state(CallState::connecting, "waiting for ICE");
  }

  void perform(negotiation::Warn& step) { warn(std::move(step.text)); }
  void perform(negotiation::Fail& step) { fail(std::move(step.text)); }

  /// webrtcbin describes a send stream from the caps that reached its sink pad: before they do,
  /// an offer lacks the stream's a=ssrc/a=msid (browsers then give the track no stream) and may
  /// say OPUS/48000 without /2 (Chromium then refuses the audio line). So wait for them.
  bool send_caps_ready() const {
    for (GstPad* pad : {send.video_pad.get(), send.audio_pad.get()}) {
      if (pad != nullptr && !gst_pad_has_current_caps(pad)) return false;
    }
    return true;
  }

  void describe_if_ready() {
    if (!description_waiting || !webrtc) return;
    if (!send_caps_ready() && Clock::now() - built_at <= caps_wait_limit) return;  // after it: the media never started
    const SdpKind kind = *description_waiting;
    description_waiting.reset();
    create_description(kind);
  }

  void create_description(SdpKind kind) {
    const bool offer = kind == SdpKind::offer;
    std::weak_ptr<SessionBridge> weak = bridge;
    auto on_reply = [weak, offer, kind](GstPromiseResult result, const GstStructure* reply) {
      auto locked = weak.lock();
      if (!locked) return;
      GstWebRTCSessionDescription* description = nullptr;
      std::string error = reply_error(result, reply);
      if (error.empty() && reply != nullptr) {
        gst_structure_get(reply, offer ? "offer" : "answer", GST_TYPE_WEBRTC_SESSION_DESCRIPTION, &description,
                          nullptr);
        if (description == nullptr) error = "webrtcbin returned no description";
      }
      locked->dispatch<Impl>(
          [error, offer, kind, description = description != nullptr ? wrap(description) : nullptr](Impl& self) {
            if (!self.webrtc) return;
            if (!description)
              return self.fail("cannot create the " + std::string(offer ? "offer" : "answer") + ": " + error);
            self.created = description;
            self.created_text = sdp_text(description.get());
            self.run(self.negotiation.local_created(kind, self.created_text));
          });
    };
    emit_with_promise(webrtc.get(), offer ? "create-offer" : "create-answer", std::move(on_reply),
                      static_cast<GstStructure*>(nullptr));
  }

  std::optional<protocol::SessionDescription> current_local_description() const {
    if (!webrtc || !negotiation.local_set()) return std::nullopt;
    GstWebRTCSessionDescription* description = nullptr;
    g_object_get(webrtc.get(), "local-description", &description, nullptr);
    if (description == nullptr) return std::nullopt;
    const Description held = wrap(description);
    return protocol::SessionDescription{negotiation.local_type(), sdp_text(held.get())};
  }

  // ---- webrtcbin notifications (loop thread) ---------------------------------------------------

  void on_local_candidate(guint index, const std::string& candidate) {
    run(negotiation.local_candidate(static_cast<int>(index), candidate));
  }

  void on_gathering_state(int value) {
    if (value == GST_WEBRTC_ICE_GATHERING_STATE_COMPLETE) run(negotiation.gathering_complete());
  }

  void on_ice_state(int value) {
    switch (value) {
      case GST_WEBRTC_ICE_CONNECTION_STATE_CHECKING:
        if (state == CallState::negotiating || state == CallState::connecting) {
          set_state(CallState::connecting, "ICE checking");
        }
        break;
      case GST_WEBRTC_ICE_CONNECTION_STATE_FAILED: fail("ICE failed: no working network path to the peer"); break;
      case GST_WEBRTC_ICE_CONNECTION_STATE_DISCONNECTED: warn("ICE disconnected: the peer may be gone"); break;
      default: break;
    }
  }

  void on_connection_state(int value) {
    if (value == GST_WEBRTC_PEER_CONNECTION_STATE_CONNECTED && state != CallState::connected) {
      connected_at = Clock::now();
      set_state(CallState::connected, "connected, DTLS-SRTP secure");
    } else if (value == GST_WEBRTC_PEER_CONNECTION_STATE_FAILED) {
      fail("connection failed (ICE or DTLS)");
    }
  }

  // ---- SessionCore (loop thread) ----------------------------------------------------------------

  void deliver_frame(FrameKind kind) override {
    auto frame = kind == FrameKind::remote ? bridge->remote_video.take() : bridge->local_video.take();
    if (!frame) return;
    const auto& handler = kind == FrameKind::remote ? events.remote_frame : events.local_frame;
    if (kind == FrameKind::remote) stats_collector.remote_frame_size(frame->width, frame->height);
    if (handler) handler(std::move(frame));
  }
  void deliver_audio(AudioChunk chunk) override {
    if (events.remote_audio) events.remote_audio(std::move(chunk));
  }
  void remote_stream(std::string media, std::string codec) override {
    stats_collector.remote_codec(media, std::move(codec));
  }
  void on_level(const LevelReading& reading) {
    (reading.local ? levels.local_rms_db : levels.remote_rms_db) = reading.rms_db;
    (reading.local ? levels.local_peak_db : levels.remote_peak_db) = reading.peak_db;
    // Each meter reads 10 times a second: pass the pair on at the pace of the microphone's meter,
    // or of the remote one when we send no sound.
    if (reading.local == static_cast<bool>(send.audio_pad) && events.levels && webrtc) events.levels(levels);
  }
  void report_warning(std::string text) override { warn(std::move(text)); }
  void report_error(std::string text) override { fail(std::move(text)); }
  void rewind_file() override {
    if (send.file) send.file->rewind();
  }

  // ---- watchdog and stats (loop thread, every tick_interval) ------------------------------------

  void tick() {
    if (!webrtc) return;
    WatchdogReading reading;
    reading.state = state;
    reading.now = Clock::now();
    reading.connected_at = connected_at;
    reading.negotiated_at = negotiated_at;
    reading.last_packet = Clock::time_point(Clock::duration(bridge->last_packet_ns.load()));
    reading.media_seen = bridge->media_packets_in.load() > 0;
    reading.negotiated = negotiation.remote_set();
    if (auto verdict = watchdog_verdict(reading, options.media_timeout, options.connect_timeout)) {
      return fail(std::move(*verdict));
    }
    describe_if_ready();
    if (++ticks % 2 == 0 && negotiation.remote_set()) request_stats();
  }

  void request_stats() {
    std::weak_ptr<SessionBridge> weak = bridge;
    auto on_reply = [weak](GstPromiseResult, const GstStructure* reply) {
      auto locked = weak.lock();
      if (!locked || reply == nullptr) return;
      locked->dispatch<Impl>([entries = read_stats(reply)](Impl& self) {
        SendingNow sending;
        if (self.send.video_pad) {
          sending = {self.video_codec_out, self.options.width, self.options.height,
                     self.camera_enabled->load() ? static_cast<double>(self.options.framerate) : 0.0, false};
        }
        sending.audio = static_cast<bool>(self.send.audio_pad);
        self.stats_collector.add_report(entries, Clock::now(), self.bridge->frames_decoded.load(), sending);
      });
    };
    emit_with_promise(webrtc.get(), "get-stats", std::move(on_reply), static_cast<GstPad*>(nullptr));
  }

  CallStats current_stats() const {
    CallStats out = stats_collector.latest();
    out.frames_received = bridge->frames_received.load();
    out.frames_decoded = bridge->frames_decoded.load();
    return out;
  }
};

CallSession::CallSession(EventLoop loop, CallOptions options, CallEvents events)
    : impl_(std::make_shared<Impl>(std::move(loop), std::move(options), std::move(events))) {
  impl_->bridge->core = impl_;
}

CallSession::~CallSession() { assert(std::this_thread::get_id() == impl_->loop_thread); }

void CallSession::start_offer() {
  assert(std::this_thread::get_id() == impl_->loop_thread);
  if (impl_->ended()) return impl_->warn("this call has ended: start a new one");
  impl_->run(impl_->negotiation.start_offer());
}

void CallSession::accept_offer(const protocol::SessionDescription& offer) {
  assert(std::this_thread::get_id() == impl_->loop_thread);
  if (impl_->ended()) return impl_->warn("this call has ended: start a new one");
  impl_->run(impl_->negotiation.remote_offer(offer));
}

void CallSession::set_answer(const protocol::SessionDescription& answer) {
  assert(std::this_thread::get_id() == impl_->loop_thread);
  if (impl_->ended()) return impl_->warn("ignoring an unexpected answer");
  impl_->run(impl_->negotiation.remote_answer(answer));
}

void CallSession::add_remote_candidate(const protocol::IceCandidate& candidate) {
  assert(std::this_thread::get_id() == impl_->loop_thread);
  if (!impl_->ended()) impl_->run(impl_->negotiation.remote_candidate(candidate));
}

void CallSession::set_microphone_muted(bool muted) {
  if (impl_->send.volume) g_object_set(impl_->send.volume.get(), "mute", muted ? TRUE : FALSE, nullptr);
}

void CallSession::set_camera_enabled(bool enabled) { impl_->camera_enabled->store(enabled); }

void CallSession::hang_up() { impl_->set_state(CallState::closed, "hung up"); }

CallState CallSession::state() const { return impl_->state; }

CallStats CallSession::stats() const { return impl_->current_stats(); }

std::optional<protocol::SessionDescription> CallSession::local_description() const {
  return impl_->current_local_description();
}

}  // namespace clivrt::media
