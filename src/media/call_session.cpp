#include "media/call_session.hpp"

#define GST_USE_UNSTABLE_API
#include <gst/gst.h>
#include <gst/webrtc/webrtc.h>

#include <cassert>
#include <cstring>
#include <deque>
#include <mutex>
#include <ostream>
#include <set>
#include <thread>

#include "media/gst_ref.hpp"
#include "media/media_choice.hpp"
#include "media/media_pipeline.hpp"
#include "media/sdp_text.hpp"
#include "media/session_bridge.hpp"
#include "media/stats_report.hpp"
#include "media/webrtc_values.hpp"

namespace clivrt::media {

namespace {

using Clock = std::chrono::steady_clock;
constexpr std::size_t max_queued_candidates = 200;
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

struct CallSession::Impl final : SessionCore, std::enable_shared_from_this<CallSession::Impl> {
  Impl(EventLoop loop, CallOptions options_in, CallEvents events_in)
      : options(std::move(options_in)),
        events(std::move(events_in)),
        bridge(std::make_shared<SessionBridge>()),
        post_after(std::move(loop.post_after)) {
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
  bool offerer = false;
  bool bundle = true;
  bool remote_set = false, local_set = false, gathering_done = false, description_sent = false;
  std::optional<bool> description_waiting;  // an offer (true) or answer waiting for the send caps
  std::string renegotiation_role;           // our DTLS role ("active"/"passive") once a re-offer came
  Clock::time_point built_at;
  std::string local_type;
  std::deque<protocol::IceCandidate> queued_candidates;
  std::vector<sdp::MediaSection> local_sections, remote_sections;
  Clock::time_point connected_at, negotiated_at;
  AudioLevels levels;
  std::set<std::string> media_warnings;  // each distinct one is reported once
  std::string video_codec_out;

  mutable std::mutex stats_mutex;  // guards `latest` against the const stats() reader only
  CallStats latest;
  Clock::time_point last_stats_at;
  std::uint64_t frames_at_last_stats = 0;
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
    if (!offerer) gst_structure_remove_field(gst_caps_get_structure(caps, 0), "payload");
    GstWebRTCRTPTransceiver* transceiver = nullptr;
    g_signal_emit_by_name(webrtc.get(), "add-transceiver", GST_WEBRTC_RTP_TRANSCEIVER_DIRECTION_RECVONLY, caps,
                          &transceiver);
    gst_caps_unref(caps);
    if (transceiver != nullptr) {
      if (caps_string.find("media=video") != std::string::npos) g_object_set(transceiver, "do-nack", TRUE, nullptr);
      gst_object_unref(transceiver);
    }
  }

  void setup_ice() {
    GstWebRTCICE* ice = nullptr;
    g_object_get(webrtc.get(), "ice-agent", &ice, nullptr);
    if (ice == nullptr) return;
    // UDP only: media over ICE-TCP turns loss into retransmission stalls, and host TCP
    // candidates (even on IPv6 link-local) would dodge a UDP-only firewall rule.
    if (g_object_class_find_property(G_OBJECT_GET_CLASS(ice), "ice-tcp") != nullptr) {
      g_object_set(ice, "ice-tcp", FALSE, nullptr);
    }
    if (g_object_class_find_property(G_OBJECT_GET_CLASS(ice), "agent") != nullptr) {
      GObject* agent = nullptr;
      g_object_get(ice, "agent", &agent, nullptr);
      if (agent != nullptr) {
        g_object_set(agent, "upnp", FALSE, nullptr);
        g_object_unref(agent);
      }
    }
    // webrtcbin takes one STUN server; further ones would only find the same reflexive address.
    if (!options.stun_servers.empty())
      g_object_set(webrtc.get(), "stun-server", options.stun_servers.front().c_str(), nullptr);
    for (const auto& turn : options.turn_servers) {
      gboolean added = FALSE;
      g_signal_emit_by_name(webrtc.get(), "add-turn-server", turn.c_str(), &added);
      if (!added) warn("ICE cannot use a TURN server (bad URL or credentials format)");
    }
    if (options.relay_only) gst_util_set_object_arg(G_OBJECT(webrtc.get()), "ice-transport-policy", "relay");
    for (const auto& address : options.local_addresses) {
      gboolean added = FALSE;
      g_signal_emit_by_name(ice, "add-local-ip-address", address.c_str(), &added);
      if (!added) warn("ICE cannot use the local address " + address);
    }
    gst_object_unref(ice);
  }

  void build(const SendPlan& negotiated) {
    pipeline = GstRef<GstElement>::adopt(gst_pipeline_new(nullptr));
    webrtc = GstRef<GstElement>::retain(make_element("webrtcbin"));
    gst_bin_add(GST_BIN(pipeline.get()), webrtc.get());
    g_object_set(webrtc.get(), "latency", 80U, nullptr);
    gst_util_set_object_arg(G_OBJECT(webrtc.get()), "bundle-policy", bundle ? "max-bundle" : "none");
    setup_ice();
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
    set_state(CallState::negotiating, offerer ? "creating offer" : "answering");
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

  // ---- negotiation (loop thread) ---------------------------------------------------------------

  /// webrtcbin describes a send stream from the caps that reached its sink pad: before they do,
  /// an offer lacks the stream's a=ssrc/a=msid (browsers then give the track no stream) and may
  /// say OPUS/48000 without /2 (Chromium then refuses the audio line). So wait for them.
  bool send_caps_ready() const {
    for (GstPad* pad : {send.video_pad.get(), send.audio_pad.get()}) {
      if (pad != nullptr && !gst_pad_has_current_caps(pad)) return false;
    }
    return true;
  }

  void create_when_media_ready(bool offer) {
    description_waiting = offer;
    describe_if_ready();  // else again at each caps notification and tick
  }

  void describe_if_ready() {
    if (!description_waiting || !webrtc) return;
    if (!send_caps_ready() && Clock::now() - built_at <= caps_wait_limit) return;  // after it: the media never started
    const bool offer = *description_waiting;
    description_waiting.reset();
    create_description(offer);
  }

  void create_description(bool offer) {
    std::weak_ptr<SessionBridge> weak = bridge;
    auto on_reply = [weak, offer](GstPromiseResult result, const GstStructure* reply) {
      auto locked = weak.lock();
      if (!locked) return;
      GstWebRTCSessionDescription* description = nullptr;
      std::string error = reply_error(result, reply);
      if (error.empty() && reply != nullptr) {
        gst_structure_get(reply, offer ? "offer" : "answer", GST_TYPE_WEBRTC_SESSION_DESCRIPTION, &description,
                          nullptr);
        if (description == nullptr) error = "webrtcbin returned no description";
      }
      locked->dispatch<Impl>([error, description = description != nullptr ? wrap(description) : nullptr](Impl& self) {
        if (description) {
          self.on_description_created(description);
        } else {
          self.fail("cannot create the " + std::string(self.offerer ? "offer" : "answer") + ": " + error);
        }
      });
    };
    emit_with_promise(webrtc.get(), offer ? "create-offer" : "create-answer", std::move(on_reply),
                      static_cast<GstStructure*>(nullptr));
  }

  void on_description_created(Description description) {
    if (!webrtc) return;
    std::string text = sdp_text(description.get());
    if (!renegotiation_role.empty() && description->type == GST_WEBRTC_SDP_TYPE_ANSWER) {
      text = sdp::with_setup_role(text, renegotiation_role);
      if (auto kept = parse_description({"answer", text}, GST_WEBRTC_SDP_TYPE_ANSWER)) description = std::move(kept);
    }
    g_signal_emit_by_name(webrtc.get(), "set-local-description", description.get(), nullptr);
    local_set = true;
    local_type = description->type == GST_WEBRTC_SDP_TYPE_OFFER ? "offer" : "answer";
    local_sections = sdp::media_sections(text);
    if (options.trickle) {
      description_sent = true;
      if (events.local_description) events.local_description({local_type, text});
    } else if (gathering_done) {
      send_full_description();
    }
  }

  void send_full_description() {
    if (description_sent) return;
    auto full = current_local_description();
    if (!full) return;
    description_sent = true;
    if (events.local_description) events.local_description(*full);
  }

  std::optional<protocol::SessionDescription> current_local_description() const {
    if (!webrtc || !local_set) return std::nullopt;
    GstWebRTCSessionDescription* description = nullptr;
    g_object_get(webrtc.get(), "local-description", &description, nullptr);
    if (description == nullptr) return std::nullopt;
    const Description held = wrap(description);
    return protocol::SessionDescription{local_type, sdp_text(held.get())};
  }

  void set_remote(const Description& description, bool then_answer) {
    remote_sections = sdp::media_sections(sdp_text(description.get()));
    std::weak_ptr<SessionBridge> weak = bridge;
    auto on_reply = [weak, then_answer](GstPromiseResult result, const GstStructure* reply) {
      if (auto locked = weak.lock()) {
        locked->dispatch<Impl>(
            [error = reply_error(result, reply), then_answer](Impl& self) { self.on_remote_set(error, then_answer); });
      }
    };
    emit_with_promise(webrtc.get(), "set-remote-description", std::move(on_reply), description.get());
  }

  void on_remote_set(const std::string& error, bool then_answer) {
    if (!webrtc) return;
    if (!error.empty() && then_answer && local_set) {             // a new offer within the call
      return warn("the peer's new offer was refused: " + error);  // the call goes on as it was
    }
    if (!error.empty()) return fail("the peer's description was refused: " + error);
    remote_set = true;
    negotiated_at = Clock::now();
    if (state == CallState::negotiating) set_state(CallState::connecting, "waiting for ICE");
    while (!queued_candidates.empty()) {
      apply_candidate(queued_candidates.front());
      queued_candidates.pop_front();
    }
    if (then_answer) create_when_media_ready(false);
  }

  /// Our DTLS role as the first exchange settled it: ours if we answered, else the opposite of
  /// the answer's. Empty if unknown (webrtcbin then chooses).
  std::string negotiated_dtls_role() const {
    const std::string ours = local_sections.empty() ? "" : local_sections.front().setup;
    if (ours == "active" || ours == "passive") return ours;
    const std::string theirs = remote_sections.empty() ? "" : remote_sections.front().setup;
    if (theirs == "active") return "passive";
    if (theirs == "passive") return "active";
    return "";
  }

  /// A new offer within the call (e.g. a browser that answered without media and now adds its
  /// camera): answered on the same connection, keeping the DTLS role.
  void accept_renegotiation(const protocol::SessionDescription& offer) {
    const std::string text = bundle ? offer.sdp : sdp::without_bundle_group(offer.sdp);
    auto description = parse_description({offer.type, text}, GST_WEBRTC_SDP_TYPE_OFFER);
    if (!description) return warn("ignoring the peer's new offer: not valid SDP");
    renegotiation_role = negotiated_dtls_role();
    description_sent = false;
    set_remote(description, true);
  }

  void apply_candidate(const protocol::IceCandidate& candidate) {
    int index = -1;
    if (candidate.sdp_mline_index) {
      index = *candidate.sdp_mline_index;
    } else if (candidate.sdp_mid) {
      for (std::size_t i = 0; i < remote_sections.size(); ++i) {
        if (remote_sections[i].mid == *candidate.sdp_mid) index = static_cast<int>(i);
      }
    }
    if (index < 0 || static_cast<std::size_t>(index) >= remote_sections.size()) {
      return warn("ignoring a remote ICE candidate for an unknown media line");
    }
    const std::string text = sdp::normalize_candidate(candidate.candidate);
    if (!text.starts_with("candidate:")) return warn("ignoring a malformed remote ICE candidate");
    g_signal_emit_by_name(webrtc.get(), "add-ice-candidate", static_cast<guint>(index), text.c_str());
  }

  // ---- webrtcbin notifications (loop thread) ---------------------------------------------------

  void on_local_candidate(guint index, const std::string& candidate) {
    if (!options.trickle || !events.local_candidate) return;
    protocol::IceCandidate out;
    out.candidate = candidate;
    out.sdp_mline_index = static_cast<int>(index);
    if (index < local_sections.size() && !local_sections[index].mid.empty()) out.sdp_mid = local_sections[index].mid;
    events.local_candidate(std::move(out));
  }

  void on_gathering_state(int value) {
    if (value != GST_WEBRTC_ICE_GATHERING_STATE_COMPLETE || gathering_done) return;
    gathering_done = true;
    if (!options.trickle) {
      if (local_set) send_full_description();
    } else if (events.local_candidate) {
      // End of candidates: an empty candidate for each transport (one when bundled), named by
      // mid and index like any other, since peers build an RTCIceCandidate from it.
      const std::size_t transports = bundle ? std::min<std::size_t>(1, local_sections.size()) : local_sections.size();
      if (transports == 0) events.local_candidate(protocol::IceCandidate{});
      for (std::size_t i = 0; i < transports; ++i) {
        protocol::IceCandidate end;
        end.sdp_mline_index = static_cast<int>(i);
        if (!local_sections[i].mid.empty()) end.sdp_mid = local_sections[i].mid;
        events.local_candidate(std::move(end));
      }
    }
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
    if (kind == FrameKind::remote) {
      std::lock_guard lock(stats_mutex);
      latest.video_in.width = frame->width;
      latest.video_in.height = frame->height;
    }
    if (handler) handler(std::move(frame));
  }
  void deliver_audio(AudioChunk chunk) override {
    if (events.remote_audio) events.remote_audio(std::move(chunk));
  }
  void remote_stream(std::string media, std::string codec) override {
    std::lock_guard lock(stats_mutex);
    (media == "video" ? latest.video_in : latest.audio_in).codec = codec;
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
    if (state == CallState::connected) {
      const auto last = Clock::time_point(Clock::duration(bridge->last_packet_ns.load()));
      const auto since = Clock::now() - std::max(last, connected_at);
      const auto limit = bridge->media_packets_in.load() > 0 ? options.media_timeout : options.media_timeout * 3;
      if (since > limit) {
        const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(limit).count();
        return fail("no media from peer for " + std::to_string(seconds) + " s");
      }
    }
    if (state == CallState::connecting && remote_set && Clock::now() - negotiated_at > options.connect_timeout) {
      const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(options.connect_timeout).count();
      return fail("cannot connect to the peer within " + std::to_string(seconds) + " s (no working network path)");
    }
    describe_if_ready();
    if (++ticks % 2 == 0 && remote_set) request_stats();
  }

  void request_stats() {
    std::weak_ptr<SessionBridge> weak = bridge;
    auto on_reply = [weak](GstPromiseResult, const GstStructure* reply) {
      auto locked = weak.lock();
      if (!locked || reply == nullptr) return;
      locked->dispatch<Impl>([entries = read_stats(reply)](Impl& self) { self.on_stats(entries); });
    };
    emit_with_promise(webrtc.get(), "get-stats", std::move(on_reply), static_cast<GstPad*>(nullptr));
  }

  void on_stats(const std::vector<StatsEntry>& entries) {
    const auto now = Clock::now();
    std::lock_guard lock(stats_mutex);
    CallStats next;
    next.video_in.codec = latest.video_in.codec;
    next.audio_in.codec = latest.audio_in.codec;
    next.video_in.width = latest.video_in.width;
    next.video_in.height = latest.video_in.height;
    const std::chrono::duration<double> interval =
        last_stats_at == Clock::time_point{} ? std::chrono::duration<double>(0) : now - last_stats_at;
    fold_stats(entries, latest, interval, next);
    next.path = selected_path(entries);
    if (!next.path.selected()) next.path = latest.path;  // between two reports of a pair
    if (next.path.relay_protocol == "tcp" && !has_plain_tcp_turn(options.turn_servers))
      next.path.relay_protocol = "tls";
    if (next.video_in.codec.empty()) next.video_in.codec = latest.video_in.codec;
    if (next.audio_in.codec.empty()) next.audio_in.codec = latest.audio_in.codec;
    const std::uint64_t decoded = bridge->frames_decoded.load();
    if (interval.count() > 0)
      next.video_in.fps = static_cast<double>(decoded - frames_at_last_stats) / interval.count();
    frames_at_last_stats = decoded;
    if (send.video_pad) {
      next.video_out.codec = video_codec_out;
      next.video_out.width = options.width;
      next.video_out.height = options.height;
      next.video_out.fps = camera_enabled->load() ? options.framerate : 0;
    }
    if (send.audio_pad) next.audio_out.codec = "OPUS";
    latest = next;
    last_stats_at = now;
  }

  CallStats current_stats() const {
    std::lock_guard lock(stats_mutex);
    CallStats out = latest;
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
  impl_->offerer = true;
  if (!impl_->build_or_fail(SendPlan{})) return;
  impl_->create_when_media_ready(true);
}

void CallSession::accept_offer(const protocol::SessionDescription& offer) {
  assert(std::this_thread::get_id() == impl_->loop_thread);
  auto& self = *impl_;
  if (offer.type != "offer") return self.fail("expected an offer, got \"" + offer.type + "\"");
  if (self.pipeline && self.remote_set && self.local_set) return self.accept_renegotiation(offer);
  self.offerer = false;
  std::string text = offer.sdp;
  if (sdp::bundle_has_mixed_ufrags(text)) {
    // aiortc 1.4: webrtcbin 1.22 refuses such a BUNDLE; each m-line gets its own transport instead.
    text = sdp::without_bundle_group(text);
    self.bundle = false;
  }
  auto description = parse_description({offer.type, text}, GST_WEBRTC_SDP_TYPE_OFFER);
  if (!description) return self.fail("the peer's offer is not valid SDP");
  if (!self.build_or_fail(plan_for_offer(sdp::media_sections(text)))) return;
  self.set_remote(description, true);
}

void CallSession::set_answer(const protocol::SessionDescription& answer) {
  assert(std::this_thread::get_id() == impl_->loop_thread);
  auto& self = *impl_;
  if (!self.webrtc || !self.offerer || self.remote_set) return self.warn("ignoring an unexpected answer");
  if (answer.type != "answer") return self.fail("expected an answer, got \"" + answer.type + "\"");
  auto description = parse_description(answer, GST_WEBRTC_SDP_TYPE_ANSWER);
  if (!description) return self.fail("the peer's answer is not valid SDP");
  self.set_remote(description, false);
}

void CallSession::add_remote_candidate(const protocol::IceCandidate& candidate) {
  assert(std::this_thread::get_id() == impl_->loop_thread);
  auto& self = *impl_;
  if (candidate.candidate.empty()) return;  // end of candidates: libnice needs no signal for it
  if (self.state == CallState::failed || self.state == CallState::closed) return;
  if (!self.remote_set) {
    if (self.queued_candidates.size() >= max_queued_candidates) {
      return self.warn("too many ICE candidates before the peer's description: ignoring one");
    }
    self.queued_candidates.push_back(candidate);
    return;
  }
  self.apply_candidate(candidate);
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
