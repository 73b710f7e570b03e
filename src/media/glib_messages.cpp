#include "clivrt/media/glib_messages.hpp"

#include <glib.h>

#include <mutex>

namespace clivrt::media {
namespace {

std::mutex sink_mutex;  // GLib logs from any thread (libnice's, GStreamer's streaming threads)
GlibMessageSink& sink() {
  static GlibMessageSink instance;
  return instance;
}

GlibSeverity severity_of(GLogLevelFlags level) {
  if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL)) return GlibSeverity::error;
  if (level & G_LOG_LEVEL_WARNING) return GlibSeverity::warning;
  if (level & (G_LOG_LEVEL_MESSAGE | G_LOG_LEVEL_INFO)) return GlibSeverity::info;
  return GlibSeverity::debug;
}

void deliver(GLogLevelFlags level, const char* domain, const char* message) {
  std::lock_guard lock(sink_mutex);
  if (sink()) sink()(severity_of(level), domain != nullptr ? domain : "", message != nullptr ? message : "");
}

void on_plain_message(const gchar* domain, GLogLevelFlags level, const gchar* message, gpointer) {
  deliver(level, domain, message);
}

GLogWriterOutput on_structured_message(GLogLevelFlags level, const GLogField* fields, gsize count, gpointer) {
  const char* domain = nullptr;
  const char* message = nullptr;
  for (gsize i = 0; i < count; ++i) {
    if (g_strcmp0(fields[i].key, "GLIB_DOMAIN") == 0) domain = static_cast<const char*>(fields[i].value);
    if (g_strcmp0(fields[i].key, "MESSAGE") == 0) message = static_cast<const char*>(fields[i].value);
  }
  deliver(level, domain, message);
  return G_LOG_WRITER_HANDLED;
}

}  // namespace

void route_glib_messages(GlibMessageSink new_sink) {
  {
    std::lock_guard lock(sink_mutex);
    sink() = std::move(new_sink);
  }
  static std::once_flag once;
  std::call_once(once, [] {
    g_log_set_default_handler(on_plain_message, nullptr);
    g_log_set_writer_func(on_structured_message, nullptr, nullptr);
  });
}

}  // namespace clivrt::media
