#include "clivrt/media/media_devices.hpp"

#include <gst/gst.h>

#include <string_view>

#include "clivrt/media/call_session.hpp"

namespace clivrt::media {

namespace {

// The settings name of a device: its element's "device" property, prefixed with the API we
// build it with ("pulse:", "alsa:"); cameras by path. Devices of other APIs are left out.
std::string settings_name(GstDevice* device, MediaDeviceKind kind) {
  GstElement* element = gst_device_create_element(device, nullptr);
  if (element == nullptr) return {};
  gst_object_ref_sink(element);
  std::string name;
  const std::string_view factory =
      gst_element_get_factory(element) != nullptr ? GST_OBJECT_NAME(gst_element_get_factory(element)) : "";
  gchar* value = nullptr;
  if (g_object_class_find_property(G_OBJECT_GET_CLASS(element), "device") != nullptr) {
    g_object_get(element, "device", &value, nullptr);
  }
  if (value != nullptr) {
    if (kind == MediaDeviceKind::camera && factory == "v4l2src") {
      name = value;
    } else if (factory.starts_with("pulse")) {
      name = std::string("pulse:") + value;
    } else if (factory.starts_with("alsa")) {
      name = std::string("alsa:") + value;
    }
    g_free(value);
  }
  gst_object_unref(element);
  return name;
}

}  // namespace

const char* to_string(MediaDeviceKind kind) {
  switch (kind) {
    case MediaDeviceKind::microphone: return "microphone";
    case MediaDeviceKind::speaker: return "speaker";
    case MediaDeviceKind::camera: return "camera";
  }
  return "?";
}

std::vector<MediaDevice> list_media_devices() {
  initialize_gstreamer();
  GstDeviceMonitor* monitor = gst_device_monitor_new();
  gst_device_monitor_add_filter(monitor, "Audio/Source", nullptr);
  gst_device_monitor_add_filter(monitor, "Audio/Sink", nullptr);
  gst_device_monitor_add_filter(monitor, "Video/Source", nullptr);
  std::vector<MediaDevice> out;
  GList* devices = gst_device_monitor_get_devices(monitor);
  for (GList* item = devices; item != nullptr; item = item->next) {
    auto* device = static_cast<GstDevice*>(item->data);
    MediaDevice entry;
    if (gst_device_has_classes(device, "Audio/Source")) {
      entry.kind = MediaDeviceKind::microphone;
    } else if (gst_device_has_classes(device, "Audio/Sink")) {
      entry.kind = MediaDeviceKind::speaker;
    } else {
      entry.kind = MediaDeviceKind::camera;
    }
    entry.name = settings_name(device, entry.kind);
    gchar* description = gst_device_get_display_name(device);
    entry.description = description != nullptr ? description : "";
    g_free(description);
    if (!entry.name.empty()) out.push_back(std::move(entry));
  }
  g_list_free_full(devices, gst_object_unref);
  gst_object_unref(monitor);
  return out;
}

}  // namespace clivrt::media
