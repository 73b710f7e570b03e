#include "gst_build.hpp"

#include <string_view>

namespace clivrt::media {

namespace {

const char* package_of(std::string_view factory) {
  if (factory == "webrtcbin" || factory == "openh264enc" || factory.starts_with("webrtc") ||
      factory.starts_with("inter")) {
    return "gstreamer1.0-plugins-bad";
  }
  if (factory == "x264enc") return "gstreamer1.0-plugins-ugly";
  if (factory == "avdec_h264") return "gstreamer1.0-libav";
  if (factory == "nicesrc" || factory == "nicesink") return "gstreamer1.0-nice";
  if (factory == "alsasrc" || factory == "alsasink") return "gstreamer1.0-alsa";
  if (factory.starts_with("vp8") || factory.starts_with("rtp") || factory == "v4l2src" || factory == "pulsesrc" ||
      factory == "pulsesink" || factory == "autoaudiosink" || factory == "level") {
    return "gstreamer1.0-plugins-good";
  }
  return "gstreamer1.0-plugins-base";
}

}  // namespace

GstElement* make_element(const char* factory, const char* name) {
  GstElement* element = gst_element_factory_make(factory, name);
  if (element == nullptr) {
    throw MediaError(std::string("GStreamer element \"") + factory + "\" is missing (install " + package_of(factory) +
                     ")");
  }
  return element;
}

GstElement* add(GstBin* bin, const char* factory, const char* name) {
  GstElement* element = make_element(factory, name);
  gst_bin_add(bin, element);
  return element;
}

GstElement* add_capsfilter(GstBin* bin, const char* caps_text) {
  GstElement* filter = add(bin, "capsfilter");
  GstCaps* caps = gst_caps_from_string(caps_text);
  g_object_set(filter, "caps", caps, nullptr);
  gst_caps_unref(caps);
  return filter;
}

GstElement* add_leaky_queue(GstBin* bin, guint buffers) {
  GstElement* queue = add(bin, "queue");
  g_object_set(queue, "max-size-buffers", buffers, "max-size-bytes", 0U, "max-size-time", G_GUINT64_CONSTANT(0),
               nullptr);
  set_enum(queue, "leaky", "downstream");
  return queue;
}

void set_enum(GstElement* element, const char* property, const char* value) {
  gst_util_set_object_arg(G_OBJECT(element), property, value);
}

void link_chain(std::initializer_list<GstElement*> chain) {
  GstElement* previous = nullptr;
  for (GstElement* element : chain) {
    if (previous != nullptr && !gst_element_link(previous, element)) {
      throw MediaError(std::string("cannot link ") + GST_ELEMENT_NAME(previous) + " to " + GST_ELEMENT_NAME(element));
    }
    previous = element;
  }
}

void link_to_webrtc(GstElement* last, GstElement* webrtc, GstRef<GstPad>& out_pad) {
  out_pad = GstRef<GstPad>::adopt(gst_element_request_pad_simple(webrtc, "sink_%u"));
  GstRef<GstPad> src = GstRef<GstPad>::adopt(gst_element_get_static_pad(last, "src"));
  if (!out_pad || gst_pad_link(src.get(), out_pad.get()) != GST_PAD_LINK_OK) {
    throw MediaError("cannot link a send branch to webrtcbin");
  }
}

void sync_all(std::initializer_list<GstElement*> elements) {
  for (GstElement* element : elements) gst_element_sync_state_with_parent(element);
}

}  // namespace clivrt::media
