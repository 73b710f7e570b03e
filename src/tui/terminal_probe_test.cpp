#include "terminal_probe.hpp"

#include <gtest/gtest.h>

#include "input_parser.hpp"

namespace clivrt::tui {
namespace {

// The answers as a terminal sends them, through the input parser as the UI reads them.
TerminalFeatures answer(std::string_view bytes, bool in_tmux = false, bool* done = nullptr) {
  InputParser parser;
  parser.expect_replies(true);
  std::vector<InputEvent> events;
  parser.feed(bytes, events);
  TerminalProbe probe(in_tmux);
  bool finished = false;
  for (const InputEvent& ev : events) {
    if (ev.type == InputEvent::Type::cursor_report) probe.on_cursor_report(ev.col);
    if (ev.type == InputEvent::Type::reply) finished |= probe.on_reply(ev.bytes);
    EXPECT_NE(ev.type, InputEvent::Type::keys) << "an answer leaked to readline: " << ev.bytes;
  }
  if (done) *done = finished;
  return probe.features();
}

TEST(TerminalProbe, AsksDA1LastAndTheKittyQueryThroughTmuxOnlyInTmux) {
  const std::string plain = probe_sequence(false);
  EXPECT_TRUE(plain.ends_with("\x1b[c"));
  EXPECT_NE(plain.find("\x1b_Gi=31,s=1,v=1,a=q,t=d,f=24;AAAA\x1b\\"), std::string::npos);
  EXPECT_EQ(plain.find("tmux;"), std::string::npos);
  const std::string local = probe_sequence(false, "L2E=");
  EXPECT_LT(local.find("t=s"), local.find("\x1b[6n")) << "the cursor report says the object was dealt with";
  const std::string tmux = probe_sequence(true);
  EXPECT_NE(tmux.find("\x1bPtmux;\x1b\x1b_Gi=32,s=1,v=1,a=q,t=d,f=24;AAAA\x1b\x1b\\\x1b\\"), std::string::npos);
}

TEST(TerminalProbe, KittyAnswersEverything) {
  bool done = false;
  const TerminalFeatures f =
      answer("\x1b[2;4R\x1b_Gi=31;OK\x1b\\\x1bP>|kitty(0.26.5)\x1b\\\x1b[6;20;10t\x1b[?62;c", false, &done);
  EXPECT_TRUE(done);
  EXPECT_TRUE(f.repeat);
  EXPECT_TRUE(f.kitty_graphics);
  EXPECT_FALSE(f.kitty_via_tmux);
  EXPECT_FALSE(f.sixel);
  EXPECT_EQ(f.name, "kitty(0.26.5)");
  EXPECT_EQ(f.cell_width, 10);
  EXPECT_EQ(f.cell_height, 20);
  EXPECT_FALSE(f.tmux);
}

TEST(TerminalProbe, XtermWithSixelSaysSoInDA1) {
  const TerminalFeatures f = answer("\x1b[2;4R\x1bP>|XTerm(379)\x1b\\\x1b[6;17;9t\x1b[?63;1;2;4;6;9;15;16;17;18;21;22;28c");
  EXPECT_TRUE(f.sixel);
  EXPECT_FALSE(f.kitty_graphics);
  EXPECT_EQ(f.cell_width, 9);
  EXPECT_EQ(f.cell_height, 17);
}

TEST(TerminalProbe, ClassFourIsNotSixelAndAnErrorIsNotKitty) {
  // The first DA1 number is the terminal's class; an error answer to the query means no graphics.
  const TerminalFeatures f = answer("\x1b_Gi=31;EINVAL:bad\x1b\\\x1b[?4;1c");
  EXPECT_FALSE(f.sixel);
  EXPECT_FALSE(f.kitty_graphics);
}

TEST(TerminalProbe, TmuxAnswersForItselfAndPassthroughAnswersAreTold) {
  TerminalFeatures f = answer("\x1bP>|tmux 3.3a\x1b\\\x1b[?1;2c");
  EXPECT_TRUE(f.tmux);
  EXPECT_FALSE(f.kitty_graphics);
  f = answer("\x1b_Gi=32;OK\x1b\\\x1b[?1;2c", true);
  EXPECT_TRUE(f.kitty_graphics);
  EXPECT_TRUE(f.kitty_via_tmux);
}

TEST(TerminalProbe, TheSharedMemoryQueryIsAskedWithTheObjectsNameAndItsOKMeansLocal) {
  EXPECT_EQ(probe_sequence(false).find("t=s"), std::string::npos);
  EXPECT_NE(probe_sequence(false, "L2NsaXZydA==").find("\x1b_Gi=33,s=1,v=1,a=q,t=s,f=24;L2NsaXZydA==\x1b\\"),
            std::string::npos);
  EXPECT_TRUE(answer("\x1b_Gi=31;OK\x1b\\\x1b_Gi=33;OK\x1b\\\x1b[?62;c").kitty_shared_memory);
  EXPECT_FALSE(answer("\x1b_Gi=31;OK\x1b\\\x1b_Gi=33;EBADF:no such object\x1b\\\x1b[?62;c").kitty_shared_memory);
}

TEST(TerminalProbe, ImplausibleCellSizesAreIgnored) {
  EXPECT_EQ(answer("\x1b[6;0;10t").cell_width, 0);
  EXPECT_EQ(answer("\x1b[6;20;99999t").cell_width, 0);
  EXPECT_EQ(answer("\x1b[6;20t").cell_width, 0);
}

TEST(TerminalProbe, NotDoneWithoutDA1) {
  bool done = true;
  answer("\x1b[2;4R\x1b_Gi=31;OK\x1b\\", false, &done);
  EXPECT_FALSE(done);
}

}  // namespace
}  // namespace clivrt::tui
