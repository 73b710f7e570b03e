#pragma once
// The `stats` command's text: pure functions of media::CallStats (no session, no UI).
#include <string>

#include "clivrt/media/call_session.hpp"
#include "clivrt/render/budgeted_encoder.hpp"

namespace clivrt::app {

/// "video in : VP8 640x480 29.8 fps 812 kbit/s, 0 lost, jitter 2.1 ms", or "LABEL: none".
std::string describe_stream(const char* label, const media::StreamStats& stream, bool video);

/// "path: relay ⇄ srflx 203.0.113.12:40001 over udp, relayed by TURN over tcp (the peer sees
/// the relay's address, not yours)", or "path: not selected yet".
std::string describe_path(const media::CallPath& path);

/// "terminal output 312K/s of 400K/s · 23 frames drawn in the last second · change threshold 12 ·
/// 4 frames skipped, 1 drawn in parts", naming a back-off after a slow terminal.
std::string describe_output(const render::BudgetStats& output);

/// Why a call that never connected ended, and what would help: a TURN server, or a reachable one
/// (`turn_trouble`: what the TURN server said before, if it refused us).
std::string describe_no_path(const std::string& peer, bool had_turn, const std::string& turn_trouble = {});

}  // namespace clivrt::app
