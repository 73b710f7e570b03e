#include "settings_commands.hpp"

#include <gtest/gtest.h>

using namespace clivrt;

TEST(SetCommand, ChangesRuntimeSettings) {
  config::Settings settings;
  EXPECT_EQ(app::apply_runtime_setting(settings, "videostyle", "just-ascii"), "");
  EXPECT_EQ(settings.video_style, "just-ascii");
  EXPECT_EQ(app::apply_runtime_setting(settings, "selfview", "off"), "");
  EXPECT_FALSE(settings.selfview);
}

TEST(SetCommand, RejectsBadValuesAndStartupOnlyKeys) {
  config::Settings settings;
  EXPECT_EQ(app::apply_runtime_setting(settings, "videostyle", "sparkly"),
            "videostyle must be one of: half-block just-ascii ascii-color filled-ascii pixels auto");
  EXPECT_EQ(app::apply_runtime_setting(settings, "webcam", "test"),
            "cannot set 'webcam' while running; settable: videostyle color selfview max_output_rate frame_interval autoanswer "
            "ice_transport");
}
