#include "clivrt/text/utf8.hpp"

#include <gtest/gtest.h>

#include <clocale>

using namespace clivrt::text;

class Utf8 : public ::testing::Test {
 protected:
  void SetUp() override { std::setlocale(LC_CTYPE, "C.UTF-8"); }
};

TEST_F(Utf8, RoundTripsCodePoints) {
  for (char32_t cp : {U'a', U'é', U'日', U'🎉'}) {
    std::string s;
    append_utf8(s, cp);
    std::size_t pos = 0;
    EXPECT_EQ(decode_utf8(s, pos), cp);
    EXPECT_EQ(pos, s.size());
  }
}

TEST_F(Utf8, WidthCountsWideCharacters) {
  EXPECT_EQ(display_width("abc"), 3);
  EXPECT_EQ(display_width("日本"), 4);
  EXPECT_EQ(display_width("📢 on"), 5);
}

TEST_F(Utf8, FitWidthCutsOnCodePointBoundary) {
  EXPECT_EQ(fit_width("日本語", 5), "日本");
  EXPECT_EQ(fit_width("abc", 10), "abc");
  EXPECT_EQ(fit_width("abc", 0), "");
}
