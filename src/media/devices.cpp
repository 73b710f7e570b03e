#include "devices.hpp"

#include <fcntl.h>
#include <gst/gst.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace clivrt::media {

namespace {

bool opens(const char* factory, const std::string& device) {
  GstElement* element = gst_element_factory_make(factory, nullptr);
  if (element == nullptr) return false;
  gst_object_ref_sink(element);
  if (!device.empty()) g_object_set(element, "device", device.c_str(), nullptr);
  const bool usable = gst_element_set_state(element, GST_STATE_READY) != GST_STATE_CHANGE_FAILURE;
  gst_element_set_state(element, GST_STATE_NULL);
  gst_object_unref(element);
  return usable;
}

}  // namespace

AudioEndpoint choose_audio_device(bool capture, const std::string& setting, std::string& notice) {
  const char* pulse = capture ? "pulsesrc" : "pulsesink";
  const char* alsa = capture ? "alsasrc" : "alsasink";
  const char* what = capture ? "microphone" : "speaker";
  if (setting != "auto") {
    const auto colon = setting.find(':');
    const std::string api = colon == std::string::npos ? "" : setting.substr(0, colon);
    const std::string device = colon == std::string::npos ? "" : setting.substr(colon + 1);
    const char* factory = api == "pulse" ? pulse : api == "alsa" ? alsa : nullptr;
    if (factory == nullptr || device.empty()) {
      notice = std::string("unknown ") + what + " \"" + setting + "\" (see the devices command): using auto";
    } else if (!opens(factory, device)) {
      notice = std::string(what) + " \"" + setting + "\" cannot be opened: using auto";
    } else {
      return {factory, device};
    }
  }
  for (const char* factory : {pulse, alsa}) {
    if (opens(factory, "")) return {factory, ""};
  }
  return {};
}

std::string camera_problem(const std::string& device) {
  const int fd = ::open(device.c_str(), O_RDWR | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return std::strerror(errno);
  ::close(fd);
  GstElement* source = gst_element_factory_make("v4l2src", nullptr);
  if (source == nullptr) return "v4l2src is missing (install gstreamer1.0-plugins-good)";
  gst_object_ref_sink(source);
  g_object_set(source, "device", device.c_str(), nullptr);
  const bool usable = gst_element_set_state(source, GST_STATE_READY) != GST_STATE_CHANGE_FAILURE;
  gst_element_set_state(source, GST_STATE_NULL);
  gst_object_unref(source);
  return usable ? std::string() : "not a usable video capture device";
}

}  // namespace clivrt::media
