#include "clivrt/text/sanitize.hpp"

#include <gtest/gtest.h>

using clivrt::text::sanitize_for_terminal;

TEST(Sanitize, KeepsPlainAndWideText) {
  EXPECT_EQ(sanitize_for_terminal("hello, world"), "hello, world");
  EXPECT_EQ(sanitize_for_terminal("grüße 日本 🎉"), "grüße 日本 🎉");
}

TEST(Sanitize, EscapeSequencesBecomeCaretNotation) {
  EXPECT_EQ(sanitize_for_terminal("\x1b[2J\x1b]0;pwned\x07"), "^[[2J^[]0;pwned^G");
  EXPECT_EQ(sanitize_for_terminal("a\nb\rc\td"), "a^Jb^Mc^Id");
  EXPECT_EQ(sanitize_for_terminal(std::string("nul\0x", 5)), "nul^@x");
  EXPECT_EQ(sanitize_for_terminal("del\x7f"), "del^?");
}

TEST(Sanitize, C1ControlsAreLabelled) {
  // U+009B is the 8-bit CSI: some terminals interpret it like ESC [.
  EXPECT_EQ(sanitize_for_terminal("\xc2\x9b"
                                  "31m"),
            "<U+009B>31m");
}

TEST(Sanitize, BidiOverridesAreLabelled) {
  EXPECT_EQ(sanitize_for_terminal("abc\xe2\x80\xae"
                                  "def"),
            "abc<U+202E>def");
}

TEST(Sanitize, InvalidUtf8BecomesReplacementCharacter) {
  EXPECT_EQ(sanitize_for_terminal("a\xff"
                                  "b"),
            "a\xef\xbf\xbd"
            "b");
  EXPECT_EQ(sanitize_for_terminal("\xe2\x82"), "\xef\xbf\xbd\xef\xbf\xbd");
  // Overlong encoding of ESC must not sneak through as ESC.
  EXPECT_EQ(sanitize_for_terminal("\xc0\x9b"), "\xef\xbf\xbd\xef\xbf\xbd");
}

TEST(Sanitize, OutputNeverContainsControlBytes) {
  std::string all;
  for (int b = 0; b < 256; ++b) all += static_cast<char>(b);
  const std::string out = sanitize_for_terminal(all);
  for (unsigned char c : out) {
    EXPECT_FALSE(c < 0x20 || c == 0x7F) << "control byte " << int(c);
  }
}
