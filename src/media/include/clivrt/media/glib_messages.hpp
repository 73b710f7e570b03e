#pragma once
// GLib's own messages (libnice's and GStreamer's g_warning, g_critical, g_debug) are written to
// stdout/stderr by default: in the full-screen UI they would land on top of the picture (libnice
// warns at the end of every call that used TURN). route_glib_messages() sends them to a sink.
#include <functional>
#include <string_view>

namespace clivrt::media {

enum class GlibSeverity { debug, info, warning, error };
using GlibMessageSink = std::function<void(GlibSeverity, std::string_view domain, std::string_view message)>;

/// Once, before the first GStreamer call; later calls replace the sink.
void route_glib_messages(GlibMessageSink sink);

}  // namespace clivrt::media
