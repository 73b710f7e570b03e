// A call's GStreamer objects die with it: after a real call over 127.0.0.1 is hung up and both
// sessions are destroyed, its pipelines, webrtcbins and file speakers are finalized (a reference
// left behind keeps every thread, socket and buffer of the call alive until the process exits).
// The objects are found through GstBin's "element-added" signal (an emission hook sees every bin
// in the process), so the sessions need no test accessor.
#include <gst/gst.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <thread>

#include <unistd.h>

#include "file_speaker.hpp"
#include "testing/call_test_support.hpp"

namespace clivrt::media {
namespace {

/// Weak references on the call objects made while this exists; says which are still alive.
class Watched {
 public:
  Watched() {
    g_type_class_unref(g_type_class_ref(GST_TYPE_BIN));  // the signal exists once the class does
    signal_ = g_signal_lookup("element-added", GST_TYPE_BIN);
    hook_ = g_signal_add_emission_hook(signal_, 0, on_element_added, state_, nullptr);
  }
  ~Watched() {
    g_signal_remove_emission_hook(signal_, hook_);
    // An object still alive may be finalized later, on any thread: its weak reference then needs
    // the state, which is left to the process in that case.
    if (alive().empty()) delete state_;
  }
  Watched(const Watched&) = delete;
  Watched& operator=(const Watched&) = delete;

  /// "GstPipeline pipeline0, …" for what has not been finalized; empty if all were.
  std::string alive() {
    std::lock_guard lock(state_->mutex);
    std::string text;
    for (const auto& [object, name] : state_->alive) text += (text.empty() ? "" : ", ") + name;
    return text;
  }
  /// How many "pipeline", "webrtcbin" or "speaker" objects were made.
  std::size_t count(const std::string& kind) {
    std::lock_guard lock(state_->mutex);
    return state_->kinds[kind];
  }

 private:
  struct State {
    std::mutex mutex;
    std::map<GObject*, std::string> alive;
    std::map<std::string, std::size_t> kinds;

    void watch(GObject* object, const std::string& kind) {
      std::lock_guard lock(mutex);
      if (alive.contains(object)) return;
      alive.emplace(object, std::string(G_OBJECT_TYPE_NAME(object)) + " " + GST_OBJECT_NAME(object));
      ++kinds[kind];
      g_object_weak_ref(object, on_finalized, this);
    }
  };

  // Any thread that adds an element to a bin.
  static gboolean on_element_added(GSignalInvocationHint*, guint count, const GValue* values, gpointer data) {
    auto& state = *static_cast<State*>(data);
    if (count < 2) return TRUE;
    auto* bin = static_cast<GObject*>(g_value_get_object(&values[0]));
    auto* element = static_cast<GObject*>(g_value_get_object(&values[1]));
    if (GST_IS_PIPELINE(bin)) state.watch(bin, "pipeline");
    if (GstElementFactory* factory = gst_element_get_factory(GST_ELEMENT(element));
        factory != nullptr && g_strcmp0(GST_OBJECT_NAME(factory), "webrtcbin") == 0) {
      state.watch(element, "webrtcbin");
    }
    if (g_str_has_suffix(G_OBJECT_TYPE_NAME(element), "FileSpeaker")) state.watch(element, "speaker");
    return TRUE;  // stay connected
  }

  static void on_finalized(gpointer data, GObject* object) {
    auto& state = *static_cast<State*>(data);
    std::lock_guard lock(state.mutex);
    state.alive.erase(object);
  }

  State* state_ = new State;
  guint signal_ = 0;
  gulong hook_ = 0;
};

std::string read_all(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(file), {}};
}

std::uint32_t le32_at(const std::string& bytes, std::size_t offset) {
  std::uint32_t value = 0;
  std::memcpy(&value, bytes.data() + offset, 4);  // little-endian host
  return value;
}

/// The recordings this side was told about ("writing the peer's sound to PATH").
std::vector<std::string> recordings(const Observed& seen) {
  static const std::string prefix = "writing the peer's sound to ";
  std::vector<std::string> paths;
  for (const auto& warning : seen.warnings) {
    if (warning.starts_with(prefix)) paths.push_back(warning.substr(prefix.size()));
  }
  return paths;
}

void wait_until_finalized(Watched& watched) {
  // Finalizing happens on whatever thread drops the last reference: give GStreamer's threads a
  // moment to wind down.
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (!watched.alive().empty() && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(50ms);
}

class CallTeardown : public testing::Test {
 protected:
  void SetUp() override {
    initialize_gstreamer();
    dir_ = std::filesystem::temp_directory_path() / ("clivrt-teardown-" + std::to_string(getpid()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path dir_;
};

// Both sides are given the same speaker file, as two clients on one machine might be: each gets
// its own (hears.wav, hears-2.wav), and both are complete recordings of the other's tone.
TEST_F(CallTeardown, PipelinesWebrtcbinsAndSpeakersAreFinalizedAfterTheCall) {
  Watched watched;
  const std::string shared = (dir_ / "hears.wav").string();
  CallOptions a_options = small_options(), b_options = small_options();
  a_options.microphone = b_options.microphone = "test";
  a_options.speaker = b_options.speaker = "file:" + shared;
  std::vector<std::string> written;
  {
    Call call(a_options, b_options, true, true);
    call.a->start_offer();
    ASSERT_TRUE(call.loop.run_until(
        [&] { return call.a_seen.audio_samples >= 48000 && call.b_seen.audio_samples >= 48000; }, 30s))
        << call.describe();
    call.loop.run_for(500ms);  // the speakers are half a second behind the taps at most
    call.a->hang_up();
    call.a.reset();
    call.b.reset();
    call.loop.run_for(200ms);  // late tasks from streaming threads run, as no-ops
    for (const Observed* seen : {&call.a_seen, &call.b_seen}) {
      const auto paths = recordings(*seen);
      ASSERT_EQ(paths.size(), 1U) << call.describe();
      written.push_back(paths.front());
    }
  }
  std::sort(written.begin(), written.end());
  EXPECT_EQ(written, (std::vector<std::string>{(dir_ / "hears-2.wav").string(), shared}));
  for (const auto& path : written) {
    const std::string bytes = read_all(path);
    const auto data = find_wav_data(path);
    ASSERT_TRUE(data.has_value()) << path;
    EXPECT_EQ(le32_at(bytes, 4), bytes.size() - 8) << path;  // finished when the call ended
    EXPECT_EQ(le32_at(bytes, data->offset - 4), data->size) << path;
    ASSERT_GE(data->size, 48000U) << path;
    std::deque<float> samples;
    for (std::size_t at = data->offset; at + 2 <= bytes.size(); at += 2) {
      std::int16_t sample = 0;
      std::memcpy(&sample, bytes.data() + at, 2);
      samples.push_back(static_cast<float>(sample) / 32768.0F);
    }
    EXPECT_NEAR(dominant_frequency(last_samples(samples, 24000), 400, 480), 440, 3) << path;
  }
  EXPECT_EQ(watched.count("pipeline"), 2U);
  EXPECT_EQ(watched.count("webrtcbin"), 2U);
  EXPECT_EQ(watched.count("speaker"), 2U);
  wait_until_finalized(watched);
  EXPECT_EQ(watched.alive(), "") << "still referenced after the call ended";
}

// An offer nobody answers (a declined call): no speaker file is made, and nothing is left.
TEST_F(CallTeardown, AnUnansweredCallLeavesNoFileAndNoPipeline) {
  Watched watched;
  CallOptions options = small_options();
  options.microphone = "test";
  options.speaker = "file:" + (dir_ / "hears.wav").string();
  {
    TaskLoop loop;
    bool described = false;
    CallEvents events;
    events.local_description = [&](const protocol::SessionDescription&) { described = true; };
    auto session = std::make_unique<CallSession>(loop.access(), options, std::move(events));
    session->start_offer();
    ASSERT_TRUE(loop.run_until([&] { return described; }, 10s));
    session->hang_up();
    session.reset();
    loop.run_for(200ms);
  }
  EXPECT_TRUE(std::filesystem::is_empty(dir_));
  EXPECT_EQ(watched.count("pipeline"), 1U);
  EXPECT_EQ(watched.count("webrtcbin"), 1U);
  wait_until_finalized(watched);
  EXPECT_EQ(watched.alive(), "") << "still referenced after the call ended";
}

}  // namespace
}  // namespace clivrt::media
