// Process set-up for the media tests, which run real GStreamer pipelines.
#include <glib.h>

#include <cstdlib>
#include <string>

// Three library allocations are never freed, and only they are suppressed: GLib's, made while the
// dynamic loader runs its constructors, and OpenSSL's per-thread random generator (used by the
// DTLS elements), freed only when a thread exits, which GLib's pooled threads do not do before
// the process ends. Suppressions match whole stacks, and these libraries have no frame pointers.
extern "C" const char* __asan_default_options() { return "fast_unwind_on_malloc=0"; }
// GStreamer's PulseAudio device provider also leaks its client context when no server answers
// (the device list on a machine without sound).
extern "C" const char* __lsan_default_suppressions() { return "leak:_dl_init\nleak:libcrypto.so\nleak:libpulse.so\n"; }

namespace {

// GStreamer keeps its registry under the user's cache dir: the tests get their own HOME/XDG dirs,
// shared between runs so that the registry is built once.
const bool isolated = [] {
  const std::string home = std::string(g_get_tmp_dir()) + "/clivrt-media-test-home";
  g_mkdir_with_parents(home.c_str(), 0700);
  setenv("HOME", home.c_str(), 1);
  setenv("XDG_CACHE_HOME", (home + "/.cache").c_str(), 1);
  setenv("XDG_CONFIG_HOME", (home + "/.config").c_str(), 1);
  setenv("XDG_DATA_HOME", (home + "/.local/share").c_str(), 1);
  return true;
}();

}  // namespace
