#include "ice_setup.hpp"

#include <gst/webrtc/webrtc.h>

namespace clivrt::media {

std::vector<std::string> configure_ice(GstElement* webrtc, const CallOptions& options) {
  std::vector<std::string> problems;
  GstWebRTCICE* ice = nullptr;
  g_object_get(webrtc, "ice-agent", &ice, nullptr);
  if (ice == nullptr) return problems;
  // UDP only: media over ICE-TCP turns loss into retransmission stalls, and host TCP
  // candidates (even on IPv6 link-local) would dodge a UDP-only firewall rule.
  if (g_object_class_find_property(G_OBJECT_GET_CLASS(ice), "ice-tcp") != nullptr) {
    g_object_set(ice, "ice-tcp", FALSE, nullptr);
  }
  if (g_object_class_find_property(G_OBJECT_GET_CLASS(ice), "agent") != nullptr) {
    GObject* agent = nullptr;
    g_object_get(ice, "agent", &agent, nullptr);
    if (agent != nullptr) {
      g_object_set(agent, "upnp", FALSE, nullptr);
      g_object_unref(agent);
    }
  }
  // webrtcbin takes one STUN server; further ones would only find the same reflexive address.
  if (!options.stun_servers.empty()) g_object_set(webrtc, "stun-server", options.stun_servers.front().c_str(), nullptr);
  for (const auto& turn : options.turn_servers) {
    gboolean added = FALSE;
    g_signal_emit_by_name(webrtc, "add-turn-server", turn.c_str(), &added);
    if (!added) problems.emplace_back("ICE cannot use a TURN server (bad URL or credentials format)");
  }
  if (options.relay_only) gst_util_set_object_arg(G_OBJECT(webrtc), "ice-transport-policy", "relay");
  for (const auto& address : options.local_addresses) {
    gboolean added = FALSE;
    g_signal_emit_by_name(ice, "add-local-ip-address", address.c_str(), &added);
    if (!added) problems.push_back("ICE cannot use the local address " + address);
  }
  gst_object_unref(ice);
  return problems;
}

}  // namespace clivrt::media
