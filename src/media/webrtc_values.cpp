#include "webrtc_values.hpp"

#include <gst/sdp/sdp.h>

namespace clivrt::media {

Description wrap(GstWebRTCSessionDescription* description) {
  return Description(description, gst_webrtc_session_description_free);
}

std::string sdp_text(const GstWebRTCSessionDescription* description) {
  gchar* text = gst_sdp_message_as_text(description->sdp);
  std::string result = text != nullptr ? text : "";
  g_free(text);
  return result;
}

Description parse_description(const protocol::SessionDescription& input, GstWebRTCSDPType type) {
  GstSDPMessage* message = nullptr;
  gst_sdp_message_new(&message);
  const auto* bytes = reinterpret_cast<const guint8*>(input.sdp.data());
  if (gst_sdp_message_parse_buffer(bytes, static_cast<guint>(input.sdp.size()), message) != GST_SDP_OK ||
      gst_sdp_message_medias_len(message) == 0) {
    gst_sdp_message_free(message);
    return nullptr;
  }
  return wrap(gst_webrtc_session_description_new(type, message));
}

std::string reply_error(GstPromiseResult result, const GstStructure* reply) {
  if (result != GST_PROMISE_RESULT_REPLIED) return "webrtcbin did not answer";
  if (reply != nullptr && gst_structure_has_field_typed(reply, "error", G_TYPE_ERROR)) {
    GError* error = nullptr;
    gst_structure_get(reply, "error", G_TYPE_ERROR, &error, nullptr);
    std::string text = error != nullptr ? error->message : "unknown error";
    g_clear_error(&error);
    return text;
  }
  return {};
}

}  // namespace clivrt::media
