#pragma once
// What the UI says about a call: pure functions of its phase, figures and devices (no session,
// no UI), so each wording is tested on its own.
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "clivrt/media/call_session.hpp"
#include "clivrt/media/media_devices.hpp"
#include "presenter.hpp"

namespace clivrt::app {

/// reconnecting: a connected call whose media path broke, being rebuilt with a fresh peer
/// connection (both peers announced kFeatureReconnect); the caller offers again.
enum class CallPhase { idle, outgoing, incoming, connecting, connected, reconnecting };

/// "MM:SS", or "H:MM:SS" from an hour on.
std::string clock_text(std::chrono::steady_clock::duration elapsed);

/// The status bar's peer field: "none", "calling bob…", "in call with bob 01:23", …
std::string call_status_text(CallPhase phase, const std::string& peer, std::chrono::steady_clock::duration in_call);

/// The status bar's hint: what can be typed now.
std::string call_hint(CallPhase phase);

/// Why the peer ended the call, from its hang-up reason ("busy", "declined", …).
std::string hang_up_message(const std::string& peer, const std::string& reason);

/// One block character for a level: -60 dBFS and below is blank, 0 dBFS a full block.
std::string level_bar(double db);

/// "🎤▃ 📷 🔈▅" / "🔇 🚫": what you send (and hear), for the right of the status bar.
std::string sending_text(bool muted, bool camera_enabled, const std::optional<media::AudioLevels>& levels);

struct Report {
  std::string text;
  nlohmann::json data;  // the same, for JSON lines
};

/// The `devices` command's answer.
Report device_report(const std::vector<media::MediaDevice>& devices);

/// The `stats` command's answer.
Report stats_report(const std::string& peer, const media::CallStats& stats, const RenderStats& render,
                    const std::optional<media::AudioLevels>& levels);

}  // namespace clivrt::app
