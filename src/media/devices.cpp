#include "media/devices.hpp"

#include <fcntl.h>
#include <gst/gst.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace clivrt::media {

std::string first_usable_element(std::initializer_list<const char*> factories) {
  for (const char* factory : factories) {
    GstElement* element = gst_element_factory_make(factory, nullptr);
    if (element == nullptr) continue;
    gst_object_ref_sink(element);
    const bool usable = gst_element_set_state(element, GST_STATE_READY) != GST_STATE_CHANGE_FAILURE;
    gst_element_set_state(element, GST_STATE_NULL);
    gst_object_unref(element);
    if (usable) return factory;
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
