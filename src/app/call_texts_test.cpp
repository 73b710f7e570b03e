#include "call_texts.hpp"

#include <gtest/gtest.h>

namespace clivrt::app {
namespace {

using namespace std::chrono_literals;

TEST(CallTexts, ClockShowsHoursOnlyWhenThereAreAny) {
  EXPECT_EQ(clock_text(0s), "00:00");
  EXPECT_EQ(clock_text(83s), "01:23");
  EXPECT_EQ(clock_text(3723s), "1:02:03");
}

TEST(CallTexts, StatusAndHintFollowThePhase) {
  EXPECT_EQ(call_status_text(CallPhase::idle, "", 0s), "none");
  EXPECT_EQ(call_status_text(CallPhase::connected, "bob", 61s), "in call with bob 01:01");
  EXPECT_EQ(call_status_text(CallPhase::reconnecting, "bob", 61s), "reconnecting to bob…");
  EXPECT_EQ(call_hint(CallPhase::incoming), "answer · decline");
  EXPECT_EQ(call_hint(CallPhase::idle), "help: commands · Tab completes");
}

TEST(CallTexts, HangUpReasonsAndUnknownOnes) {
  EXPECT_EQ(hang_up_message("bob", "no-answer"), "bob gave up: no answer");
  EXPECT_EQ(hang_up_message("bob", "failed"), "the call with bob failed on bob's side");
  EXPECT_EQ(hang_up_message("bob", "something new"), "bob hung up");
}

TEST(CallTexts, LevelBarsSpanSixtyDecibels) {
  EXPECT_EQ(level_bar(-90), " ");
  EXPECT_EQ(level_bar(-60), " ");
  EXPECT_EQ(level_bar(-30), "▄");
  EXPECT_EQ(level_bar(0), "█");
  EXPECT_EQ(level_bar(12), "█");
  EXPECT_EQ(sending_text(false, true, media::AudioLevels{.local_rms_db = -30, .remote_rms_db = 0}), "🎤▄ 📷 🔈█");
}

TEST(CallTexts, DeviceReportNamesWhatTheSettingsAccept) {
  const Report report = device_report({{media::MediaDeviceKind::microphone, "pulse:mic0", "USB mic"}});
  EXPECT_NE(report.text.find("microphones:\n    pulse:mic0  USB mic"), std::string::npos) << report.text;
  EXPECT_NE(report.text.find("speakers: none found"), std::string::npos) << report.text;
  EXPECT_EQ(report.data["devices"].size(), 1U);
  EXPECT_EQ(report.data["devices"][0]["name"], "pulse:mic0");
}

TEST(CallTexts, StatsReportBeforeAnyFigure) {
  const Report report = stats_report("bob", {}, {}, std::nullopt);
  EXPECT_EQ(report.text.rfind("call stats with bob\n", 0), 0U) << report.text;
  EXPECT_NE(report.text.find("rtt ?"), std::string::npos) << report.text;
  EXPECT_EQ(report.data["rtt_ms"], -1);
  EXPECT_TRUE(report.data["audio_in"]["level_db"].is_null());
}

}  // namespace
}  // namespace clivrt::app
