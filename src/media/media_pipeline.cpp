#include "media_pipeline.hpp"

#include <gst/app/gstappsink.h>
#include <gst/video/video.h>

#include <cstring>

#include <string_view>
#include "clivrt/media/capture_hooks.hpp"

namespace clivrt::media {

namespace {

// appsink → VideoFrame (tight packed RGB) → newest-frame slot → one drain task on the loop.
struct VideoSinkContext {
  std::shared_ptr<SessionBridge> bridge;
  FrameKind kind;
};

GstFlowReturn on_video_sample(GstAppSink* sink, gpointer data) {
  const auto& context = *static_cast<VideoSinkContext*>(data);
  GstSample* sample = gst_app_sink_pull_sample(sink);
  if (sample == nullptr) return GST_FLOW_EOS;
  GstVideoInfo info;
  GstVideoFrame mapped;
  if (gst_video_info_from_caps(&info, gst_sample_get_caps(sample)) &&
      gst_video_frame_map(&mapped, &info, gst_sample_get_buffer(sample), GST_MAP_READ)) {
    auto frame = std::make_shared<VideoFrame>();
    frame->width = GST_VIDEO_INFO_WIDTH(&info);
    frame->height = GST_VIDEO_INFO_HEIGHT(&info);
    frame->stride = frame->width * 3;
    frame->rgb.resize(static_cast<std::size_t>(frame->stride) * static_cast<std::size_t>(frame->height));
    const auto* source = static_cast<const std::uint8_t*>(GST_VIDEO_FRAME_PLANE_DATA(&mapped, 0));
    const int source_stride = GST_VIDEO_FRAME_PLANE_STRIDE(&mapped, 0);
    for (int row = 0; row < frame->height; ++row) {
      std::memcpy(frame->rgb.data() + static_cast<std::ptrdiff_t>(row) * frame->stride,
                  source + static_cast<std::ptrdiff_t>(row) * source_stride, static_cast<std::size_t>(frame->stride));
    }
    gst_video_frame_unmap(&mapped);
    frame->received = std::chrono::steady_clock::now();
    auto& bridge = *context.bridge;
    if (context.kind == FrameKind::remote) bridge.frames_decoded.fetch_add(1, std::memory_order_relaxed);
    auto& slot = context.kind == FrameKind::remote ? bridge.remote_video : bridge.local_video;
    if (slot.put(std::move(frame))) {
      bridge.dispatch([kind = context.kind](SessionCore& core) { core.deliver_frame(kind); });
    }
  }
  gst_sample_unref(sample);
  return GST_FLOW_OK;
}

GstElement* add_video_appsink(GstBin* bin, const std::shared_ptr<SessionBridge>& bridge, FrameKind kind) {
  GstElement* sink = add(bin, "appsink");
  GstCaps* caps = gst_caps_from_string("video/x-raw,format=RGB");
  g_object_set(sink, "caps", caps, "max-buffers", 1U, "drop", TRUE, "sync", FALSE, "emit-signals", FALSE, nullptr);
  gst_caps_unref(caps);
  GstAppSinkCallbacks callbacks{};
  callbacks.new_sample = on_video_sample;
  gst_app_sink_set_callbacks(GST_APP_SINK(sink), &callbacks, user_data(VideoSinkContext{bridge, kind}),
                             free_user_data_notify<VideoSinkContext>);
  return sink;
}

GstPadProbeReturn count_frame(GstPad* /*pad*/, GstPadProbeInfo* /*info*/, gpointer data) {
  (*static_cast<std::shared_ptr<SessionBridge>*>(data))->frames_received.fetch_add(1, std::memory_order_relaxed);
  return GST_PAD_PROBE_OK;
}

GstElement* build_video_source(GstBin* bin, const SendPlan& plan, GstElement* convert,
                               const std::shared_ptr<SessionBridge>& bridge, SendBranches& out) {
  if (plan.video_source == "test") {
    GstElement* source = add(bin, "videotestsrc");
    g_object_set(source, "is-live", TRUE, "horizontal-speed", 4, nullptr);
    set_enum(source, "pattern", "smpte");
    return source;
  }
  if (plan.video_source == "echo") {
    // Black until the peer's first frame, then its frames as they are decoded (repeated if late).
    GstElement* source = add(bin, "intervideosrc");
    g_object_set(source, "channel", plan.echo_channel.c_str(), nullptr);
    return source;
  }
  if (plan.video_source.starts_with("file:")) {
    out.file = FileLoop::build(bin, plan.video_source.substr(5), convert, bridge);
    return nullptr;
  }
  GstElement* source = add(bin, "v4l2src");
  g_object_set(source, "device", plan.video_source.c_str(), nullptr);
  return source;
}

struct Chain {
  GstElement* first;
  GstElement* last;
};

// encoder → payloader, returned unlinked at both ends.
Chain build_video_encoder(GstBin* bin, const SendPlan& plan) {
  const double pixels_per_second = static_cast<double>(plan.width) * plan.height * plan.framerate;
  const int bitrate = static_cast<int>(std::clamp(pixels_per_second * 0.08, 150'000.0, 4'000'000.0));
  if (plan.codec == VideoCodec::h264) {
    GstElement* encoder = add(bin, "x264enc");
    g_object_set(encoder, "bitrate", static_cast<guint>(bitrate / 1000), "key-int-max",
                 static_cast<guint>(plan.framerate * 2), "threads", 2U, nullptr);
    set_enum(encoder, "tune", "zerolatency");
    set_enum(encoder, "speed-preset", "ultrafast");
    GstElement* profile = add_capsfilter(bin, "video/x-h264,profile=constrained-baseline");
    GstElement* payloader = add(bin, "rtph264pay");
    g_object_set(payloader, "config-interval", -1, "pt", static_cast<guint>(plan.video_payload), nullptr);
    set_enum(payloader, "aggregate-mode", "zero-latency");
    link_chain({encoder, profile, payloader});
    return {encoder, payloader};
  }
  GstElement* encoder = add(bin, "vp8enc");
  // Realtime settings: no look-ahead, fast, resilient to loss, a keyframe at least every 2 s.
  // One thread up to 720p: libvpx's second thread busy-waits, and one cut a client from 65% to
  // 21% of a core at 640x480@30 (docs/performance.md).
  const int threads = plan.width * plan.height > 1280 * 720 ? 2 : 1;
  g_object_set(encoder, "deadline", G_GINT64_CONSTANT(1), "cpu-used", 8, "target-bitrate", bitrate, "lag-in-frames", 0,
               "keyframe-max-dist", plan.framerate * 2, "threads", threads, "max-quantizer", 56, nullptr);
  set_enum(encoder, "end-usage", "cbr");
  set_enum(encoder, "error-resilient", "default");
  GstElement* payloader = add(bin, "rtpvp8pay");
  g_object_set(payloader, "pt", static_cast<guint>(plan.video_payload), nullptr);
  set_enum(payloader, "picture-id-mode", "15-bit");
  link_chain({encoder, payloader});
  return {encoder, payloader};
}

void build_video(GstBin* bin, GstElement* webrtc, const SendPlan& plan, const std::shared_ptr<SessionBridge>& bridge,
                 SendBranches& out) {
  GstElement* convert = add(bin, "videoconvert");
  GstElement* source = build_video_source(bin, plan, convert, bridge, out);
  GstElement* scale = add(bin, "videoscale");
  GstElement* rate = add(bin, "videorate");
  const std::string caps = "video/x-raw,format=I420,pixel-aspect-ratio=1/1,width=" + std::to_string(plan.width) +
                           ",height=" + std::to_string(plan.height) + ",framerate=" + std::to_string(plan.framerate) +
                           "/1";
  GstElement* size = add_capsfilter(bin, caps.c_str());
  GstElement* tee = add(bin, "tee");
  if (source != nullptr) link_chain({source, convert});
  link_chain({convert, scale, rate, size, tee});
  out.camera_pad = GstRef<GstPad>::adopt(gst_element_get_static_pad(tee, "sink"));

  GstElement* queue = add(bin, "queue");
  g_object_set(queue, "max-size-buffers", 2U, "max-size-bytes", 0U, "max-size-time", G_GUINT64_CONSTANT(0), nullptr);
  set_enum(queue, "leaky", "downstream");
  const Chain encoder = build_video_encoder(bin, plan);
  const std::string rtp_caps =
      video_rtp_caps(plan.codec, plan.video_payload) + ",rtcp-fb-nack-pli=(boolean)true,rtcp-fb-ccm-fir=(boolean)true";
  GstElement* rtp = add_capsfilter(bin, rtp_caps.c_str());
  link_chain({tee, queue, encoder.first});
  link_chain({encoder.last, rtp});
  link_to_webrtc(rtp, webrtc, out.video_pad);

  // Self view: a leaky queue so it never holds back the encoder, at most 10 fps.
  GstElement* view_queue = add(bin, "queue");
  g_object_set(view_queue, "max-size-buffers", 1U, "max-size-bytes", 0U, "max-size-time", G_GUINT64_CONSTANT(0),
               nullptr);
  set_enum(view_queue, "leaky", "downstream");
  GstElement* view_rate = add(bin, "videorate");
  g_object_set(view_rate, "max-rate", 10, nullptr);
  GstElement* view_convert = add(bin, "videoconvert");
  GstElement* view_sink = add_video_appsink(bin, bridge, FrameKind::local);
  link_chain({tee, view_queue, view_rate, view_convert, view_sink});
}

void link_video_receive(GstBin* bin, GstPad* pad, const std::string& codec,
                        const std::shared_ptr<SessionBridge>& bridge) {
  const bool h264 = codec == "H264";
  GstElement* queue = add(bin, "queue");
  GstElement* depay = add(bin, h264 ? "rtph264depay" : "rtpvp8depay");
  // A lost packet asks the sender for a keyframe (PLI). Decoding goes on meanwhile: a few
  // smeared cells heal at the next keyframe, while waiting for one froze the picture for good
  // when a keyframe was lost too (seen at 5% loss).
  g_object_set(depay, "request-keyframe", TRUE, "wait-for-keyframe", FALSE, nullptr);
  GstElement* parse = h264 ? add(bin, "h264parse") : nullptr;
  GstElement* decoder = add(bin, h264 ? "avdec_h264" : "vp8dec");
  // A corrupt frame after loss is skipped, never an error that ends the call.
  g_object_set(decoder, "max-errors", -1, nullptr);
  GstElement* tee = add(bin, "tee");
  GstElement* convert = add(bin, "videoconvert");
  GstElement* sink = add_video_appsink(bin, bridge, FrameKind::remote);
  if (h264) {
    link_chain({queue, depay, parse, decoder, tee, convert, sink});
    sync_all({sink, convert, tee, decoder, parse, depay, queue});
  } else {
    link_chain({queue, depay, decoder, tee, convert, sink});
    sync_all({sink, convert, tee, decoder, depay, queue});
  }
  if (bridge->echo_video) {
    // Echo mode: our own send branch (an intervideosrc) picks the decoded frames up from here.
    GstElement* echo_queue = add_leaky_queue(bin, 2);
    GstElement* echo_sink = add(bin, "intervideosink");
    g_object_set(echo_sink, "channel", bridge->echo_channel.c_str(), "sync", FALSE, "async", FALSE, nullptr);
    link_chain({tee, echo_queue, echo_sink});
    sync_all({echo_sink, echo_queue});
  }
  GstRef<GstPad> depay_src = GstRef<GstPad>::adopt(gst_element_get_static_pad(depay, "src"));
  gst_pad_add_probe(depay_src.get(), GST_PAD_PROBE_TYPE_BUFFER, count_frame, user_data(bridge),
                    free_user_data_notify<std::shared_ptr<SessionBridge>>);
  GstRef<GstPad> queue_sink = GstRef<GstPad>::adopt(gst_element_get_static_pad(queue, "sink"));
  if (gst_pad_link(pad, queue_sink.get()) != GST_PAD_LINK_OK) throw MediaError("cannot link the remote video");
}

void link_discard(GstBin* bin, GstPad* pad) {
  GstElement* sink = add(bin, "fakesink");
  g_object_set(sink, "sync", FALSE, "async", FALSE, nullptr);
  gst_element_sync_state_with_parent(sink);
  GstRef<GstPad> sink_pad = GstRef<GstPad>::adopt(gst_element_get_static_pad(sink, "sink"));
  gst_pad_link(pad, sink_pad.get());
}

GstPadProbeReturn blacken(GstPad* pad, GstPadProbeInfo* info, gpointer data) {
  if ((*static_cast<std::shared_ptr<std::atomic<bool>>*>(data))->load(std::memory_order_relaxed))
    return GST_PAD_PROBE_OK;
  GstBuffer* original = GST_PAD_PROBE_INFO_BUFFER(info);
  GstCaps* caps = gst_pad_get_current_caps(pad);
  GstVideoInfo video;
  const bool known = caps != nullptr && gst_video_info_from_caps(&video, caps);
  if (caps != nullptr) gst_caps_unref(caps);
  if (!known) return GST_PAD_PROBE_OK;
  GstBuffer* black = gst_buffer_new_allocate(nullptr, GST_VIDEO_INFO_SIZE(&video), nullptr);
  GstVideoFrame frame;
  if (gst_video_frame_map(&frame, &video, black, GST_MAP_WRITE)) {
    for (guint plane = 0; plane < GST_VIDEO_FRAME_N_PLANES(&frame); ++plane) {
      const int rows = GST_VIDEO_FRAME_COMP_HEIGHT(&frame, plane);
      const int stride = GST_VIDEO_FRAME_PLANE_STRIDE(&frame, plane);
      std::memset(GST_VIDEO_FRAME_PLANE_DATA(&frame, plane), plane == 0 ? 16 : 128,
                  static_cast<std::size_t>(rows) * static_cast<std::size_t>(stride));
    }
    gst_video_frame_unmap(&frame);
  }
  gst_buffer_copy_into(black, original, GST_BUFFER_COPY_METADATA, 0, static_cast<gsize>(-1));
  gst_buffer_unref(original);
  GST_PAD_PROBE_INFO_DATA(info) = black;
  return GST_PAD_PROBE_OK;
}

// The benchmarks' capture hooks (capture_hooks.hpp), on a writable copy of each raw buffer.
GstPadProbeReturn run_video_hook(GstPad* pad, GstPadProbeInfo* info, gpointer /*data*/) {
  GstBuffer* buffer = gst_buffer_make_writable(GST_PAD_PROBE_INFO_BUFFER(info));
  GST_PAD_PROBE_INFO_DATA(info) = buffer;
  GstCaps* caps = gst_pad_get_current_caps(pad);
  GstVideoInfo video;
  const bool known = caps != nullptr && gst_video_info_from_caps(&video, caps);
  if (caps != nullptr) gst_caps_unref(caps);
  GstVideoFrame frame;
  if (known && gst_video_frame_map(&frame, &video, buffer, GST_MAP_WRITE)) {
    capture_hooks().video(static_cast<std::uint8_t*>(GST_VIDEO_FRAME_PLANE_DATA(&frame, 0)),
                          GST_VIDEO_FRAME_PLANE_STRIDE(&frame, 0), GST_VIDEO_INFO_WIDTH(&video),
                          GST_VIDEO_INFO_HEIGHT(&video));
    gst_video_frame_unmap(&frame);
  }
  return GST_PAD_PROBE_OK;
}

GstPadProbeReturn run_audio_hook(GstPad* /*pad*/, GstPadProbeInfo* info, gpointer /*data*/) {
  GstBuffer* buffer = gst_buffer_make_writable(GST_PAD_PROBE_INFO_BUFFER(info));
  GST_PAD_PROBE_INFO_DATA(info) = buffer;
  GstMapInfo map;
  if (gst_buffer_map(buffer, &map, GST_MAP_WRITE)) {
    capture_hooks().audio(reinterpret_cast<std::int16_t*>(map.data), map.size / sizeof(std::int16_t));
    gst_buffer_unmap(buffer, &map);
  }
  return GST_PAD_PROBE_OK;
}

// Counts every packet out of libnice (RTP, RTCP, DTLS) for the inactivity watchdog.
GstPadProbeReturn on_network_packet(GstPad* /*pad*/, GstPadProbeInfo* info, gpointer data) {
  auto& bridge = **static_cast<std::shared_ptr<SessionBridge>*>(data);
  bool media = false;
  if (GstBuffer* buffer = GST_PAD_PROBE_INFO_BUFFER(info); (info->type & GST_PAD_PROBE_TYPE_BUFFER) != 0) {
    guint8 header[2] = {0, 0};
    // RTP and RTCP start with version 2; RTCP packet types are 192..223 (RFC 5761 section 4).
    if (gst_buffer_extract(buffer, 0, header, 2) == 2 && (header[0] & 0xC0) == 0x80) {
      media = header[1] < 192 || header[1] > 223;
    }
  } else {
    media = true;  // buffer lists carry RTP
  }
  bridge.note_packet(media);
  return GST_PAD_PROBE_OK;
}

}  // namespace

std::string video_rtp_caps(VideoCodec codec, int payload) {
  if (codec == VideoCodec::h264) {
    // No profile-level-id: rtph264pay derives it from the stream (x264 makes constrained baseline).
    return "application/x-rtp,media=video,encoding-name=H264,clock-rate=90000,payload=" + std::to_string(payload) +
           ",packetization-mode=(string)1";
  }
  return "application/x-rtp,media=video,encoding-name=VP8,clock-rate=90000,payload=" + std::to_string(payload);
}

SendBranches build_send_branches(GstBin* pipeline, GstElement* webrtc, const SendPlan& plan,
                                 const std::shared_ptr<SessionBridge>& bridge) {
  SendBranches out;
  if (!plan.video_source.empty()) build_video(pipeline, webrtc, plan, bridge, out);
  if (!plan.audio.probe.empty()) {
    // Exists from the start (webrtcdsp looks it up by name when it starts); linked before the
    // speaker when the remote audio arrives.
    add(pipeline, "webrtcechoprobe", plan.audio.probe.c_str());
  }
  if (!plan.audio.source.empty()) {
    AudioCapture capture = plan.audio;
    capture.payload = plan.audio_payload;
    AudioSendBranch audio = build_audio_send(pipeline, webrtc, capture);
    out.audio_pad = std::move(audio.pad);
    out.volume = std::move(audio.volume);
    out.audio_capture_pad = std::move(audio.capture_pad);
  }
  if (capture_hooks().video && out.camera_pad) {
    gst_pad_add_probe(out.camera_pad.get(), GST_PAD_PROBE_TYPE_BUFFER, run_video_hook, nullptr, nullptr);
  }
  if (capture_hooks().audio && out.audio_capture_pad) {
    gst_pad_add_probe(out.audio_capture_pad.get(), GST_PAD_PROBE_TYPE_BUFFER, run_audio_hook, nullptr, nullptr);
  }
  return out;
}

void link_receive_branch(GstElement* webrtc, GstPad* pad, const std::shared_ptr<SessionBridge>& bridge) {
  if (GST_PAD_DIRECTION(pad) != GST_PAD_SRC) return;
  GstBin* bin = GST_BIN(GST_ELEMENT_PARENT(webrtc));
  GstCaps* caps = gst_pad_get_current_caps(pad);
  if (caps == nullptr) caps = gst_pad_query_caps(pad, nullptr);
  const GstStructure* structure = gst_caps_get_structure(caps, 0);
  const char* media_field = structure != nullptr ? gst_structure_get_string(structure, "media") : nullptr;
  const char* codec_field = structure != nullptr ? gst_structure_get_string(structure, "encoding-name") : nullptr;
  const std::string media = media_field != nullptr ? media_field : "";
  const std::string codec = codec_field != nullptr ? codec_field : "";
  gst_caps_unref(caps);
  try {
    if (media == "video" && (codec == "VP8" || codec == "H264")) {
      link_video_receive(bin, pad, codec, bridge);
    } else if (media == "audio" && codec == "OPUS") {
      link_audio_receive(bin, pad, bridge);
    } else {
      link_discard(bin, pad);
      bridge->dispatch([media, codec](SessionCore& core) {
        core.report_warning("ignoring the peer's " + media + " stream: unsupported codec \"" + codec + "\"");
      });
      return;
    }
    bridge->dispatch([media, codec](SessionCore& core) { core.remote_stream(media, codec); });
  } catch (const MediaError& error) {
    bridge->dispatch([text = std::string(error.what())](SessionCore& core) { core.report_error(text); });
  }
}

void install_camera_switch(GstPad* pad, std::shared_ptr<std::atomic<bool>> enabled) {
  gst_pad_add_probe(pad, GST_PAD_PROBE_TYPE_BUFFER, blacken, user_data(std::move(enabled)),
                    free_user_data_notify<std::shared_ptr<std::atomic<bool>>>);
}

void count_network_packets(GstElement* nicesrc, const std::shared_ptr<SessionBridge>& bridge) {
  GstRef<GstPad> pad = GstRef<GstPad>::adopt(gst_element_get_static_pad(nicesrc, "src"));
  if (!pad) return;
  gst_pad_add_probe(pad.get(), static_cast<GstPadProbeType>(GST_PAD_PROBE_TYPE_BUFFER | GST_PAD_PROBE_TYPE_BUFFER_LIST),
                    on_network_packet, user_data(bridge), free_user_data_notify<std::shared_ptr<SessionBridge>>);
}

/// Codec and payload types that make our senders match the offer's first audio and video m-lines:
/// VP8 if offered, else H.264 (for peers that offer only that).
SendPlan plan_for_offer(const std::vector<sdp::MediaSection>& sections) {
  SendPlan plan;
  bool video_seen = false, audio_seen = false;
  for (const auto& section : sections) {
    if (section.kind == "video" && !std::exchange(video_seen, true)) {
      if (const int vp8 = section.payload_type("VP8"); vp8 >= 0) {
        plan.video_payload = vp8;
      } else if (const int h264 = section.payload_type("H264", "profile-level-id=42e01f"); h264 >= 0) {
        plan.codec = VideoCodec::h264;
        plan.video_payload = h264;
      }
    } else if (section.kind == "audio" && !std::exchange(audio_seen, true)) {
      if (const int opus = section.payload_type("OPUS"); opus >= 0) plan.audio_payload = opus;
    }
  }
  return plan;
}

}  // namespace clivrt::media
