#pragma once
// webrtcbin's session descriptions and promises as C++ values (private to src/media).
#include <gst/gst.h>
#include <gst/webrtc/webrtc.h>

#include <memory>
#include <string>

#include "clivrt/protocol/messages.hpp"
#include "gst_ref.hpp"

namespace clivrt::media {

using Description = std::shared_ptr<GstWebRTCSessionDescription>;

/// Takes ownership of a description returned "transfer full".
Description wrap(GstWebRTCSessionDescription* description);

std::string sdp_text(const GstWebRTCSessionDescription* description);

/// Parses untrusted SDP text; nullptr if it is not SDP with at least one m= line.
Description parse_description(const protocol::SessionDescription& input, GstWebRTCSDPType type);

/// The error text of a promise reply, or "" if it succeeded (a NULL reply is a success).
std::string reply_error(GstPromiseResult result, const GstStructure* reply);

/// Emits `signal` with `args..., promise`; `on_reply(result, reply)` runs on webrtcbin's thread.
template <typename OnReply, typename... Args>
void emit_with_promise(GstElement* element, const char* signal, OnReply on_reply, Args... args) {
  GstPromise* promise = gst_promise_new_with_change_func(
      [](GstPromise* done, gpointer data) {
        const GstPromiseResult result = gst_promise_wait(done);
        (*static_cast<OnReply*>(data))(result,
                                       result == GST_PROMISE_RESULT_REPLIED ? gst_promise_get_reply(done) : nullptr);
      },
      user_data(std::move(on_reply)), free_user_data_notify<OnReply>);
  g_signal_emit_by_name(element, signal, args..., promise);
  gst_promise_unref(promise);
}

}  // namespace clivrt::media
