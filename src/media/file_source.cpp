#include "file_source.hpp"

#include "media_pipeline.hpp"

namespace clivrt::media {

std::shared_ptr<FileLoop> FileLoop::build(GstBin* bin, const std::string& path, GstElement* next,
                                          std::shared_ptr<SessionBridge> bridge) {
  auto loop = std::make_shared<FileLoop>();
  loop->bridge_ = std::move(bridge);
  GstElement* source = make_element("filesrc");
  GstElement* decoder = make_element("decodebin");
  loop->next_ = make_element("clocksync");  // a file has no clock of its own: pace it
  g_object_set(source, "location", path.c_str(), nullptr);
  gst_bin_add_many(bin, source, decoder, loop->next_, nullptr);
  if (!gst_element_link(source, decoder) || !gst_element_link(loop->next_, next)) {
    throw MediaError("cannot link the video file source");
  }
  g_signal_connect_data(decoder, "pad-added", G_CALLBACK(on_pad_added), user_data(std::shared_ptr<FileLoop>(loop)),
                        free_user_data<std::shared_ptr<FileLoop>>, GConnectFlags{});
  return loop;
}

void FileLoop::on_pad_added(GstElement* decoder, GstPad* pad, gpointer data) {
  auto& self = **static_cast<std::shared_ptr<FileLoop>*>(data);
  GstCaps* caps = gst_pad_query_caps(pad, nullptr);
  const bool video = gst_caps_get_size(caps) > 0 &&
                     g_str_has_prefix(gst_structure_get_name(gst_caps_get_structure(caps, 0)), "video/");
  gst_caps_unref(caps);
  GstRef<GstPad> sink = GstRef<GstPad>::adopt(gst_element_get_static_pad(self.next_, "sink"));
  std::lock_guard lock(self.mutex_);
  if (!video || self.pad_) {  // other streams (the file's sound) are discarded
    GstElement* discard = gst_element_factory_make("fakesink", nullptr);
    g_object_set(discard, "sync", FALSE, "async", FALSE, nullptr);
    gst_bin_add(GST_BIN(GST_ELEMENT_PARENT(decoder)), discard);
    gst_element_sync_state_with_parent(discard);
    GstRef<GstPad> discard_pad = GstRef<GstPad>::adopt(gst_element_get_static_pad(discard, "sink"));
    gst_pad_link(pad, discard_pad.get());
    return;
  }
  self.pad_ = GstRef<GstPad>::retain(pad);
  gst_pad_add_probe(pad,
                    static_cast<GstPadProbeType>(GST_PAD_PROBE_TYPE_BUFFER | GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM |
                                                 GST_PAD_PROBE_TYPE_EVENT_FLUSH),
                    on_data, user_data(*static_cast<std::shared_ptr<FileLoop>*>(data)),
                    free_user_data_notify<std::shared_ptr<FileLoop>>);
  gst_pad_link(pad, sink.get());
}

GstPadProbeReturn FileLoop::on_data(GstPad* /*pad*/, GstPadProbeInfo* info, gpointer data) {
  auto& self = **static_cast<std::shared_ptr<FileLoop>*>(data);
  if ((info->type & GST_PAD_PROBE_TYPE_BUFFER) != 0) {
    GstBuffer* buffer = GST_PAD_PROBE_INFO_BUFFER(info);
    if (GST_BUFFER_PTS_IS_VALID(buffer)) {
      const GstClockTime duration = GST_BUFFER_DURATION_IS_VALID(buffer) ? GST_BUFFER_DURATION(buffer) : 0;
      self.end_ = std::max(self.end_.load(), GST_BUFFER_PTS(buffer) + duration);
    }
    return GST_PAD_PROBE_OK;
  }
  switch (GST_EVENT_TYPE(GST_PAD_PROBE_INFO_EVENT(info))) {
    case GST_EVENT_EOS:
      self.bridge_->dispatch([](SessionCore& core) { core.rewind_file(); });
      return GST_PAD_PROBE_DROP;
    case GST_EVENT_FLUSH_START:
    case GST_EVENT_FLUSH_STOP: return GST_PAD_PROBE_DROP;  // our own rewind: nothing downstream must be flushed
    default: return GST_PAD_PROBE_OK;
  }
}

void FileLoop::rewind() {
  GstRef<GstPad> pad;
  {
    std::lock_guard lock(mutex_);
    pad = pad_;
  }
  const GstClockTime length = end_.exchange(0);
  if (!pad || length == 0) {
    return bridge_->dispatch([](SessionCore& core) { core.report_warning("the video file has no frames to loop"); });
  }
  offset_ += length;
  gst_pad_set_offset(pad.get(), static_cast<gint64>(offset_));
  GstEvent* seek =
      gst_event_new_seek(1.0, GST_FORMAT_TIME, static_cast<GstSeekFlags>(GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_KEY_UNIT),
                         GST_SEEK_TYPE_SET, 0, GST_SEEK_TYPE_NONE, GST_CLOCK_TIME_NONE);
  if (!gst_pad_send_event(pad.get(), seek)) {
    bridge_->dispatch([](SessionCore& core) { core.report_warning("the video file cannot be looped: it ends here"); });
  }
}

}  // namespace clivrt::media
