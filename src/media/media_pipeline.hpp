#pragma once
// Builds the GStreamer parts of a call around webrtcbin (private to src/media): the send branches
// (source → encoder → payloader → webrtcbin) and, on pad-added, the receive branches
// (depayloader → decoder → appsink / speaker). Missing plugins throw MediaError with the package.
#include <gst/gst.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "audio_pipeline.hpp"
#include "clivrt/media/call_session.hpp"
#include "file_source.hpp"
#include "gst_build.hpp"
#include "gst_ref.hpp"
#include "sdp_text.hpp"
#include "session_bridge.hpp"

namespace clivrt::media {

enum class VideoCodec { vp8, h264 };

struct SendPlan {
  std::string video_source;  // "test", "echo", "/dev/videoN", "file:PATH"; empty = no video sent
  std::string echo_channel;  // "echo": the intervideo channel the decoded remote video goes into
  VideoCodec codec = VideoCodec::vp8;
  int video_payload = 96;  // answering: the offer's payload types, so the m-lines match our senders
  int audio_payload = 111;
  int width = 640, height = 480, framerate = 30;
  AudioCapture audio;  // audio.source empty = no audio sent; audio.payload is set from audio_payload
};

struct SendBranches {
  GstRef<GstPad> video_pad;  // webrtcbin sink pads (their transceivers get options set)
  GstRef<GstPad> audio_pad;
  GstRef<GstElement> volume;         // microphone mute
  GstRef<GstPad> audio_capture_pad;  // raw audio before Opus (benchmark hook)
  GstRef<GstPad> camera_pad;         // where "camera off" swaps frames for black ones
  std::shared_ptr<FileLoop> file;    // "file:" sources
};

/// RTP caps webrtcbin turns into the m-line of a stream we send (or receive only).
std::string video_rtp_caps(VideoCodec codec, int payload);  // audio_rtp_caps: audio_pipeline.hpp

/// Adds the send branches to `pipeline` and links them to `webrtc`. Also adds the self-view appsink.
SendBranches build_send_branches(GstBin* pipeline, GstElement* webrtc, const SendPlan& plan,
                                 const std::shared_ptr<SessionBridge>& bridge);

/// Called from webrtcbin's pad-added (a streaming thread): decodes the new remote stream.
void link_receive_branch(GstElement* webrtc, GstPad* pad, const std::shared_ptr<SessionBridge>& bridge);

/// Codec and payload types that make our senders match an offer's m-lines.
SendPlan plan_for_offer(const std::vector<sdp::MediaSection>& sections);

/// Counts the packets out of a nicesrc in `bridge` (the watchdog's input).
void count_network_packets(GstElement* nicesrc, const std::shared_ptr<SessionBridge>& bridge);

/// Replaces each buffer through `pad` by a black I420 frame while `*enabled` is false.
void install_camera_switch(GstPad* pad, std::shared_ptr<std::atomic<bool>> enabled);

}  // namespace clivrt::media
