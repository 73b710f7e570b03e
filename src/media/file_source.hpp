#pragma once
// "file:PATH" video sources (private to src/media): filesrc ! decodebin ! clocksync, played at
// real-time pace and looped. At the end the file is rewound with a flushing seek whose flush
// events stop at the decoder's output, and the pad offset grows by the file's length, so that
// timestamps downstream keep increasing and the encoder and webrtcbin never see a gap or a flush.
#include <gst/gst.h>

#include <atomic>
#include <memory>
#include <string>

#include "gst_ref.hpp"
#include "session_bridge.hpp"

namespace clivrt::media {

class FileLoop {
 public:
  /// Adds the source to `bin`; its decoded video is linked into `next` once decodebin finds it.
  static std::shared_ptr<FileLoop> build(GstBin* bin, const std::string& path, GstElement* next,
                                         std::shared_ptr<SessionBridge> bridge);
  /// Loop thread, after the bridge reported the end of the file.
  void rewind();

 private:
  static void on_pad_added(GstElement* decoder, GstPad* pad, gpointer data);
  static GstPadProbeReturn on_data(GstPad* pad, GstPadProbeInfo* info, gpointer data);

  std::shared_ptr<SessionBridge> bridge_;
  GstElement* next_ = nullptr;  // owned by the bin
  std::mutex mutex_;            // guards pad_ (set on a streaming thread)
  GstRef<GstPad> pad_;
  std::atomic<GstClockTime> end_{0};  // end of the last buffer, in stream time
  GstClockTime offset_ = 0;           // loop thread
};

}  // namespace clivrt::media
