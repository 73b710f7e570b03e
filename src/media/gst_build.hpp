#pragma once
// Small helpers for building GStreamer branches (private to src/media): create, add, link, and
// say which Debian package a missing element comes from.
#include <gst/gst.h>

#include <initializer_list>
#include <stdexcept>
#include <string>

#include "gst_ref.hpp"

namespace clivrt::media {

struct MediaError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// Creates an element; throws MediaError naming the Debian package if the plugin is missing.
GstElement* make_element(const char* factory, const char* name = nullptr);

/// make_element + gst_bin_add.
GstElement* add(GstBin* bin, const char* factory, const char* name = nullptr);
GstElement* add_capsfilter(GstBin* bin, const char* caps_text);
/// A queue holding at most `buffers` buffers that drops the oldest when full (never blocks upstream).
GstElement* add_leaky_queue(GstBin* bin, guint buffers);

/// Sets an enum or flags property from its nick ("cbr", "downstream").
void set_enum(GstElement* element, const char* property, const char* value);

/// Links each element to the next; throws MediaError naming the pair that does not link.
void link_chain(std::initializer_list<GstElement*> chain);

/// Requests a webrtcbin sink pad and links `last` to it.
void link_to_webrtc(GstElement* last, GstElement* webrtc, GstRef<GstPad>& out_pad);

/// Brings elements added to a running pipeline to its state (downstream first).
void sync_all(std::initializer_list<GstElement*> elements);

}  // namespace clivrt::media
