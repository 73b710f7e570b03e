#include "input_parser.hpp"

#include <gtest/gtest.h>

namespace clivrt::tui {
namespace {

using T = InputEvent::Type;

}  // namespace

void PrintTo(const InputEvent& e, std::ostream* os) {
  *os << "{" << static_cast<int>(e.type) << ", \"" << e.bytes << "\"}";
}

namespace {

std::vector<InputEvent> parse(std::initializer_list<std::string_view> chunks) {
  InputParser p;
  std::vector<InputEvent> out;
  for (auto c : chunks) p.feed(c, out);
  return out;
}

TEST(InputParser, PlainKeysAndSequencesGoToReadlineWhole) {
  EXPECT_EQ(parse({"ab\x1b[Ac"}), (std::vector<InputEvent>{{T::keys, "ab\x1b[Ac"}}));
  // Split across reads, still one event per read run and nothing lost.
  const auto split = parse({"x\x1b", "[", "3~y"});
  std::string joined;
  for (const auto& e : split) joined += e.bytes;
  EXPECT_EQ(joined, "x\x1b[3~y");
}

TEST(InputParser, PagesAndControlKeysAreOurs) {
  EXPECT_EQ(parse({"a\x1b[5~b\x1b[6~\x03\x1a\x0c"}), (std::vector<InputEvent>{{T::keys, "a"},
                                                                              {T::page_up, ""},
                                                                              {T::keys, "b"},
                                                                              {T::page_down, ""},
                                                                              {T::interrupt, ""},
                                                                              {T::suspend, ""},
                                                                              {T::redraw, ""}}));
}

TEST(InputParser, BracketedPasteIsTextWithLineBreaksAsSpaces) {
  EXPECT_EQ(parse({"\x1b[200~one\r\ntwo\nthree\x1b[31m\x03\x1b[201~!"}),
            (std::vector<InputEvent>{{T::paste, "one two three[31m"}, {T::keys, "!"}}));
  // End marker split over reads, and a false start of one inside the paste.
  EXPECT_EQ(parse({"\x1b[200~a\x1b[20", "0x\x1b[2", "01~"}), (std::vector<InputEvent>{{T::paste, "a[200x"}}));
}

TEST(InputParser, LongPasteIsCutAndReported) {
  InputParser p;
  std::vector<InputEvent> out;
  p.feed("\x1b[200~", out);
  p.feed(std::string(InputParser::kMaxPaste + 10, 'x'), out);
  p.feed("\x1b[201~", out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].bytes.size(), InputParser::kMaxPaste);
  EXPECT_TRUE(p.take_truncated());
  EXPECT_FALSE(p.take_truncated());
}

TEST(InputParser, AltKeysAndBrokenSequencesPassThrough) {
  EXPECT_EQ(parse({"\x1b"
                   "b"}),
            (std::vector<InputEvent>{{T::keys,
                                      "\x1b"
                                      "b"}}));
  EXPECT_EQ(parse({"\x1bOA"}), (std::vector<InputEvent>{{T::keys, "\x1bOA"}}));
  EXPECT_EQ(parse({"\x1b[1\n"}), (std::vector<InputEvent>{{T::keys, "\x1b[1\n"}}));
}


TEST(InputParser, CursorReportsBelowTheFirstRowAreOurs) {
  const std::vector<InputEvent> events = parse({"a\x1b[2;", "4Rb", "\x1b[1;2R", "\x1b[12;80R"});
  ASSERT_EQ(events.size(), 4u);
  EXPECT_EQ(events[0], (InputEvent{T::keys, "a"}));
  EXPECT_EQ(events[1], (InputEvent{T::cursor_report, "", 2, 4}));
  EXPECT_EQ(events[2], (InputEvent{T::keys, "b\x1b[1;2R"}));  // Shift-F3, for readline
  EXPECT_EQ(events[3], (InputEvent{T::cursor_report, "", 12, 80}));
}

TEST(InputParser, ProbeAnswersAreWholeRepliesAcrossReads) {
  InputParser parser;
  parser.expect_replies(true);
  std::vector<InputEvent> events;
  for (std::string_view part : {"a\x1b_Gi=3", "1;OK\x1b", "\\\x1bP>|kitty\x07", "\x1b[?62;", "4c\x1b[6;20;10tb"})
    parser.feed(part, events);
  ASSERT_EQ(events.size(), 6u);
  EXPECT_EQ(events[0], (InputEvent{T::keys, "a"}));
  EXPECT_EQ(events[1], (InputEvent{T::reply, "\x1b_Gi=31;OK\x1b\\"}));
  EXPECT_EQ(events[2], (InputEvent{T::reply, "\x1bP>|kitty\x1b\\"}));  // BEL-ended, told as ST-ended
  EXPECT_EQ(events[3], (InputEvent{T::reply, "\x1b[?62;4c"}));
  EXPECT_EQ(events[4], (InputEvent{T::reply, "\x1b[6;20;10t"}));
  EXPECT_EQ(events[5], (InputEvent{T::keys, "b"}));
}

TEST(InputParser, AfterTheProbeAltPIsAKeyAndRunawayRepliesAreDropped) {
  EXPECT_EQ(parse({"\x1bPx"}), (std::vector<InputEvent>{{T::keys, "\x1bPx"}}));
  InputParser parser;
  parser.expect_replies(true);
  std::vector<InputEvent> events;
  parser.feed("\x1b_G" + std::string(5000, 'A') + "\x1b\\z", events);
  EXPECT_EQ(events, (std::vector<InputEvent>{{T::keys, "z"}}));
}

}  // namespace
}  // namespace clivrt::tui
