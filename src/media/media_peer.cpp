// clivrt-media-peer: one CallSession driven by JSON lines, for process-level interop tests
// (tests/integration/test_media_*.py). stdin: {"type":"offer"|"answer","sdp":...},
// {"type":"candidate","candidate":...,"sdpMid":...,"sdpMLineIndex":...}, {"type":"stats"},
// {"type":"mute","on":bool}, {"type":"quit"}. stdout: the same descriptions and candidates, plus
// {"type":"state"}, {"type":"frame"} (every 10th remote frame), {"type":"stats"}, {"type":"warning"}.
#include <iostream>
#include <numeric>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "clivrt/media/call_session.hpp"
#include "clivrt/media/task_loop.hpp"

namespace {

using clivrt::media::CallSession;
using Json = nlohmann::json;

void emit(const Json& message) { std::cout << message.dump() << std::endl; }

Json stats_json(const clivrt::media::CallStats& stats) {
  const auto stream = [](const clivrt::media::StreamStats& s) {
    return Json{{"codec", s.codec},       {"width", s.width},     {"height", s.height},
                {"fps", s.fps},           {"bytes", s.bytes},     {"bitrate", s.bitrate_bps},
                {"lost", s.packets_lost}, {"jitter", s.jitter_s}, {"nacks", s.nacks},
                {"plis", s.plis}};
  };
  return Json{{"type", "stats"},
              {"video_in", stream(stats.video_in)},
              {"video_out", stream(stats.video_out)},
              {"audio_in", stream(stats.audio_in)},
              {"audio_out", stream(stats.audio_out)},
              {"rtt", stats.rtt_s},
              {"frames_received", stats.frames_received},
              {"frames_decoded", stats.frames_decoded}};
}

}  // namespace

int main(int argc, char** argv) {
  std::string role = "answer";
  int seconds = 30;
  clivrt::media::CallOptions options;
  options.microphone = "none";
  options.speaker = "none";
  options.width = 320;
  options.height = 240;
  options.framerate = 15;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string key = argv[i], value = argv[i + 1];
    if (key == "--role")
      role = value;
    else if (key == "--seconds")
      seconds = std::stoi(value);
    else if (key == "--address")
      options.local_addresses.push_back(value);
    else if (key == "--trickle")
      options.trickle = value == "1";
    else if (key == "--microphone")
      options.microphone = value;
    else if (key == "--video")
      options.video_source = value;
    else {
      std::cerr << "unknown option " << key << "\n";
      return 2;
    }
  }

  clivrt::media::TaskLoop loop;
  bool stop = false;
  int exit_code = 0;
  std::unique_ptr<CallSession> session;
  std::uint64_t frames = 0;
  clivrt::media::CallEvents events;
  events.local_description = [](clivrt::protocol::SessionDescription d) { emit({{"type", d.type}, {"sdp", d.sdp}}); };
  events.local_candidate = [](clivrt::protocol::IceCandidate c) {
    emit({{"type", "candidate"},
          {"candidate", c.candidate},
          {"sdpMid", c.sdp_mid ? Json(*c.sdp_mid) : Json()},
          {"sdpMLineIndex", c.sdp_mline_index ? Json(*c.sdp_mline_index) : Json()}});
  };
  events.state = [&](clivrt::media::CallState state, std::string detail) {
    emit({{"type", "state"}, {"state", to_string(state)}, {"detail", detail}});
    if (state == clivrt::media::CallState::failed) exit_code = 1;
  };
  events.remote_frame = [&](const std::shared_ptr<const clivrt::media::VideoFrame>& frame) {
    if (++frames % 10 != 0) return;
    const double brightness = std::accumulate(frame->rgb.begin(), frame->rgb.end(), 0.0) /
                              static_cast<double>(std::max<std::size_t>(1, frame->rgb.size()));
    emit({{"type", "frame"},
          {"count", frames},
          {"width", frame->width},
          {"height", frame->height},
          {"brightness", brightness}});
  };
  events.warning = [](std::string text) { emit({{"type", "warning"}, {"text", text}}); };
  session = std::make_unique<CallSession>(loop.access(), options, events);

  const auto handle = [&](const std::string& line) {
    const Json message = Json::parse(line, nullptr, false);
    if (message.is_discarded() || !message.is_object()) return emit({{"type", "warning"}, {"text", "bad input line"}});
    const std::string type = message.value("type", "");
    if (type == "offer" || type == "answer") {
      const clivrt::protocol::SessionDescription description{type, message.value("sdp", "")};
      if (type == "offer")
        session->accept_offer(description);
      else
        session->set_answer(description);
    } else if (type == "candidate") {
      clivrt::protocol::IceCandidate candidate;
      candidate.candidate = message.value("candidate", "");
      if (message.contains("sdpMid") && message["sdpMid"].is_string()) candidate.sdp_mid = message["sdpMid"];
      if (message.contains("sdpMLineIndex") && message["sdpMLineIndex"].is_number_integer()) {
        candidate.sdp_mline_index = message["sdpMLineIndex"].get<int>();
      }
      session->add_remote_candidate(candidate);
    } else if (type == "stats") {
      emit(stats_json(session->stats()));
    } else if (type == "mute") {
      session->set_microphone_muted(message.value("on", true));
    } else if (type == "quit") {
      stop = true;
    }
  };
  auto post = loop.poster();
  std::thread([post, handle] {
    std::string line;
    while (std::getline(std::cin, line)) post([handle, line] { handle(line); });
    post([handle] { handle(R"({"type":"quit"})"); });
  }).detach();

  if (role == "offer") session->start_offer();
  loop.run_until([&] { return stop; }, std::chrono::seconds(seconds));
  session.reset();
  emit({{"type", "exit"}, {"frames", frames}});
  return exit_code;
}
