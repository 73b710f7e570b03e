#include "clivrt/manual/roff.hpp"

#include <gtest/gtest.h>

namespace clivrt::manual {
namespace {

TEST(Roff, EscapesBackslashesHyphensAndLeadingControlCharacters) {
  EXPECT_EQ(roff_escape("--user a\\b"), "\\-\\-user a\\eb");
  // A summary that starts with a dot or a quote would otherwise be a roff request.
  EXPECT_EQ(roff_escape(".TH EVIL"), "\\&.TH EVIL");
  EXPECT_EQ(roff_escape("'br"), "\\&'br");
  EXPECT_EQ(roff_escape("a\n.sp"), "a\n\\&.sp");
  EXPECT_EQ(roff_escape("mid.dot"), "mid.dot");
}

TEST(Roff, OptionEntryNamesFlagsValueSummaryDefaultAndRepetition) {
  OptionDoc option{"--ice-server", "", "URL", "STUN/TURN server for calls", "", {}, true};
  OptionDoc port{"--port", "", "PORT", "Port to listen on", "8080", {}, false};
  OptionDoc help{"--help", "-h", "", "Print this help message and exit", "", {}, false};
  const std::string text = roff_option_list({option, port, help});
  EXPECT_NE(text.find(".TP\n\\fB\\-\\-ice\\-server\\fR \\fIURL\\fR\nSTUN/TURN server for calls. May be given more than once.\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("Port to listen on. Default: \\fB8080\\fR.\n"), std::string::npos) << text;
  EXPECT_NE(text.find("\\fB\\-h\\fR, \\fB\\-\\-help\\fR\nPrint this help message and exit.\n"), std::string::npos) << text;
}

TEST(Roff, ASummaryThatNamesItsDefaultIsNotGivenASecondOne) {
  OptionDoc option{"--framerate", "", "FPS", "frames per second, 1 to 60 (default 30)", "30", {}, false};
  const std::string text = roff_option_list({option});
  EXPECT_NE(text.find("frames per second, 1 to 60 (default 30).\n"), std::string::npos) << text;
  EXPECT_EQ(text.find("Default:"), std::string::npos) << text;
}

TEST(Roff, ASummaryThatSaysRepeatableIsNotToldTwice) {
  OptionDoc option{"--ice-server", "", "URL", "STUN/TURN server (repeatable)", "", {}, true};
  EXPECT_EQ(roff_option_list({option}).find("more than once"), std::string::npos);
}

TEST(Roff, CommandEntries) {
  EXPECT_EQ(roff_command_list({{"call [--audio-only] <user>", "call a user"}}),
            ".TP\n\\fBcall [\\-\\-audio\\-only] <user>\\fR\ncall a user.\n");
}

}  // namespace
}  // namespace clivrt::manual
