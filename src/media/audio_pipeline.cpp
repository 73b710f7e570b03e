#include "audio_pipeline.hpp"

#include <gst/app/gstappsink.h>

#include <cmath>
#include <cstring>

#include "file_speaker.hpp"
#include "gst_build.hpp"

namespace clivrt::media {

namespace {

// One format on both paths: webrtcdsp and its probe must run at the same rate, webrtcdsp takes
// interleaved S16, and Opus encodes 48 kHz natively. Mono: a voice call.
constexpr const char* voice_caps = "audio/x-raw,format=S16LE,layout=interleaved,rate=48000,channels=1";
constexpr guint64 level_interval_ns = 100'000'000;  // about 10 readings a second
constexpr const char* local_level_name = "clivrt-level-local";
constexpr const char* remote_level_name = "clivrt-level-remote";

GstElement* add_level(GstBin* bin, const char* name) {
  GstElement* level = add(bin, "level", name);
  g_object_set(level, "interval", level_interval_ns, "post-messages", TRUE, nullptr);
  return level;
}

GstElement* add_capture_source(GstBin* bin, const AudioCapture& capture) {
  if (capture.source == "test") {
    GstElement* source = add(bin, "audiotestsrc");
    g_object_set(source, "is-live", TRUE, "freq", 440.0, "volume", 0.3, nullptr);
    return source;
  }
  if (capture.source == "echo") {
    GstElement* source = add(bin, "interaudiosrc");
    g_object_set(source, "channel", capture.echo_channel.c_str(), nullptr);  // silence until audio arrives
    return source;
  }
  GstElement* source = add(bin, capture.source.c_str());
  if (!capture.device.empty()) g_object_set(source, "device", capture.device.c_str(), nullptr);
  return source;
}

GstFlowReturn on_audio_sample(GstAppSink* sink, gpointer data) {
  auto& bridge = **static_cast<std::shared_ptr<SessionBridge>*>(data);
  GstSample* sample = gst_app_sink_pull_sample(sink);
  if (sample == nullptr) return GST_FLOW_EOS;
  GstMapInfo map;
  GstBuffer* buffer = gst_sample_get_buffer(sample);
  if (gst_buffer_map(buffer, &map, GST_MAP_READ)) {
    AudioChunk chunk{48000, std::vector<float>(map.size / sizeof(float))};
    std::memcpy(chunk.samples.data(), map.data, chunk.samples.size() * sizeof(float));
    gst_buffer_unmap(buffer, &map);
    bridge.dispatch([chunk = std::move(chunk)](SessionCore& core) mutable { core.deliver_audio(std::move(chunk)); });
  }
  gst_sample_unref(sample);
  return GST_FLOW_OK;
}

void link_tap(GstBin* bin, GstElement* tee, const std::shared_ptr<SessionBridge>& bridge) {
  GstElement* queue = add(bin, "queue");
  GstElement* convert = add(bin, "audioconvert");
  GstElement* caps = add_capsfilter(bin, "audio/x-raw,format=F32LE,channels=1,rate=48000,layout=interleaved");
  GstElement* tap = add(bin, "appsink");
  g_object_set(tap, "sync", FALSE, "emit-signals", FALSE, nullptr);
  GstAppSinkCallbacks callbacks{};
  callbacks.new_sample = on_audio_sample;
  gst_app_sink_set_callbacks(GST_APP_SINK(tap), &callbacks, user_data(bridge),
                             free_user_data_notify<std::shared_ptr<SessionBridge>>);
  link_chain({tee, queue, convert, caps, tap});
  sync_all({tap, caps, convert, queue});
}

// Echo mode: the decoded remote audio goes to the interaudiosrc of our own send branch.
void link_echo(GstBin* bin, GstElement* tee, const std::shared_ptr<SessionBridge>& bridge) {
  GstElement* queue = add(bin, "queue");
  GstElement* sink = add(bin, "interaudiosink");
  g_object_set(sink, "channel", bridge->echo_channel.c_str(), "sync", FALSE, "async", FALSE, nullptr);
  link_chain({tee, queue, sink});
  sync_all({sink, queue});
}

// The speaker the bridge names, or nullptr if it is a file that cannot be claimed (said to the user).
GstElement* add_speaker(GstBin* bin, SessionBridge& bridge) {
  if (bridge.speaker_sink != file_speaker_sink) {
    GstElement* speaker = add(bin, bridge.speaker_sink.c_str());
    if (!bridge.speaker_device.empty()) g_object_set(speaker, "device", bridge.speaker_device.c_str(), nullptr);
    return speaker;
  }
  // Claimed now, not when the call was placed: a call that never gets the peer's sound leaves no file.
  SpeakerFile file = claim_speaker_file(bridge.speaker_device);
  if (file.fd < 0) {
    bridge.dispatch([text = "cannot write the speaker file \"" + bridge.speaker_device + "\" (" + file.error +
                            "): remote audio is not played"](SessionCore& core) { core.report_warning(text); });
    return nullptr;
  }
  bridge.dispatch(
      [text = "writing the peer's sound to " + file.path](SessionCore& core) { core.report_warning(text); });
  GstElement* speaker = make_file_speaker(std::move(file));
  gst_bin_add(bin, speaker);
  return speaker;
}

double loudest(const GstStructure* structure, const char* field) {
  const GValue* list = gst_structure_get_value(structure, field);
  if (list == nullptr) return -120;
  double best = -120;
  // "rms"/"peak" are GValueArrays, one double per channel.
  if (G_VALUE_HOLDS_BOXED(list) && g_strcmp0(G_VALUE_TYPE_NAME(list), "GValueArray") == 0) {
    G_GNUC_BEGIN_IGNORE_DEPRECATIONS
    const auto* array = static_cast<const GValueArray*>(g_value_get_boxed(list));
    for (guint i = 0; array != nullptr && i < array->n_values; ++i) {
      const double value = g_value_get_double(g_value_array_get_nth(const_cast<GValueArray*>(array), i));
      if (std::isfinite(value)) best = std::max(best, value);
    }
    G_GNUC_END_IGNORE_DEPRECATIONS
  }
  return best;
}

}  // namespace

std::string audio_rtp_caps(int payload) {
  // encoding-params: RFC 7587 writes Opus as OPUS/48000/2, and Chromium refuses an m-line without it.
  return "application/x-rtp,media=audio,encoding-name=OPUS,clock-rate=48000,encoding-params=(string)2,payload=" +
         std::to_string(payload);
}

AudioSendBranch build_audio_send(GstBin* bin, GstElement* webrtc, const AudioCapture& capture) {
  AudioSendBranch out;
  GstElement* source = add_capture_source(bin, capture);
  GstElement* convert = add(bin, "audioconvert");
  GstElement* resample = add(bin, "audioresample");
  GstElement* format = add_capsfilter(bin, voice_caps);
  link_chain({source, convert, resample, format});
  GstElement* last = format;
  if (capture.dsp) {
    GstElement* dsp = add(bin, "webrtcdsp");
    // Echo cancellation needs the probe on our own playback; without a speaker there is no echo.
    g_object_set(dsp, "echo-cancel", capture.probe.empty() ? FALSE : TRUE, "noise-suppression", TRUE, "gain-control",
                 TRUE, nullptr);
    if (!capture.probe.empty()) g_object_set(dsp, "probe", capture.probe.c_str(), nullptr);
    GstElement* after = add(bin, "audioconvert");
    link_chain({last, dsp, after});
    last = after;
  }
  if (capture.source == "echo") {
    GstElement* delay = add(bin, "queue");
    g_object_set(delay, "min-threshold-time", echo_audio_delay, "max-size-time", 2 * echo_audio_delay,
                 "max-size-buffers", 0U, "max-size-bytes", 0U, nullptr);
    link_chain({last, delay});
    last = delay;
  }
  GstElement* volume = add(bin, "volume");
  out.volume = GstRef<GstElement>::retain(volume);
  link_chain({last, volume});
  out.capture_pad = GstRef<GstPad>::adopt(gst_element_get_static_pad(volume, "src"));
  last = volume;
  if (capture.levels) {
    GstElement* level = add_level(bin, local_level_name);
    link_chain({last, level});
    last = level;
  }
  GstElement* encoder = add(bin, "opusenc");
  g_object_set(encoder, "bitrate", 32000, "inband-fec", TRUE, nullptr);
  set_enum(encoder, "frame-size", "20");
  GstElement* payloader = add(bin, "rtpopuspay");
  g_object_set(payloader, "pt", static_cast<guint>(capture.payload), nullptr);
  GstElement* rtp = add_capsfilter(bin, audio_rtp_caps(capture.payload).c_str());
  link_chain({last, encoder, payloader, rtp});
  link_to_webrtc(rtp, webrtc, out.pad);
  return out;
}

void link_audio_receive(GstBin* bin, GstPad* pad, const std::shared_ptr<SessionBridge>& bridge) {
  GstElement* queue = add(bin, "queue");
  GstElement* depay = add(bin, "rtpopusdepay");
  GstElement* decoder = add(bin, "opusdec");
  GstElement* convert = add(bin, "audioconvert");
  GstElement* resample = add(bin, "audioresample");
  GstElement* format = add_capsfilter(bin, voice_caps);
  GstElement* level = bridge->levels ? add_level(bin, remote_level_name) : add(bin, "identity");
  GstElement* tee = add(bin, "tee");
  GstElement* speaker_queue = add(bin, "queue");
  link_chain({queue, depay, decoder, convert, resample, format, level, tee, speaker_queue});
  GstElement* speaker = bridge->speaker ? add_speaker(bin, *bridge) : nullptr;
  if (speaker == nullptr) {
    speaker = add(bin, "fakesink");
    g_object_set(speaker, "sync", FALSE, nullptr);
  }
  GstElement* probe = nullptr;
  if (!bridge->echo_probe.empty()) probe = gst_bin_get_by_name(bin, bridge->echo_probe.c_str());  // a new ref
  if (probe != nullptr) {
    link_chain({speaker_queue, probe, speaker});  // what the speaker plays is what the microphone may hear
    gst_object_unref(probe);
  } else {
    link_chain({speaker_queue, speaker});
  }
  sync_all({speaker, speaker_queue, tee, level, format, resample, convert, decoder, depay, queue});
  if (bridge->audio_tap) link_tap(bin, tee, bridge);
  if (bridge->echo_audio) link_echo(bin, tee, bridge);
  GstRef<GstPad> queue_sink = GstRef<GstPad>::adopt(gst_element_get_static_pad(queue, "sink"));
  if (gst_pad_link(pad, queue_sink.get()) != GST_PAD_LINK_OK) throw MediaError("cannot link the remote audio");
}

std::optional<LevelReading> read_level_message(GstMessage* message) {
  if (GST_MESSAGE_TYPE(message) != GST_MESSAGE_ELEMENT) return std::nullopt;
  const GstStructure* structure = gst_message_get_structure(message);
  if (structure == nullptr || !gst_structure_has_name(structure, "level")) return std::nullopt;
  const char* source = GST_OBJECT_NAME(GST_MESSAGE_SRC(message));
  LevelReading reading;
  if (g_strcmp0(source, local_level_name) == 0) {
    reading.local = true;
  } else if (g_strcmp0(source, remote_level_name) != 0) {
    return std::nullopt;
  }
  reading.rms_db = loudest(structure, "rms");
  reading.peak_db = loudest(structure, "peak");
  return reading;
}

}  // namespace clivrt::media
