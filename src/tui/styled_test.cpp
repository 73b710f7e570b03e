#include "styled.hpp"

#include <gtest/gtest.h>

#include <clocale>

namespace clivrt::tui {
namespace {

// Display widths of non-ASCII text follow LC_CTYPE (wcwidth); the UI runs in a UTF-8 locale.
const bool kUtf8 = std::setlocale(LC_CTYPE, "C.UTF-8") != nullptr;

std::string plain(const StyledLine& line) {
  std::string out;
  for (const Span& s : line) out += s.text;
  return out;
}

TEST(Styled, WrapBreaksAfterSpacesAndIndentsContinuations) {
  const StyledLine line{{"", "12:00 "}, {"\x1b[1m", "bob: "}, {"", "the quick brown fox jumps"}};
  const auto rows = wrap(line, 20, 6);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(plain(rows[0]), "12:00 bob: the quick");
  EXPECT_EQ(plain(rows[1]), "      brown fox");
  EXPECT_EQ(plain(rows[2]), "      jumps");
  for (const auto& row : rows) EXPECT_LE(width_of(row), 20);
}

TEST(Styled, WrapCutsLongWordsAndWideCharacters) {
  const auto rows = wrap({{"", "日本語日本語"}}, 5, 0);  // 12 columns, 2 per glyph
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(plain(rows[0]), "日本");
  EXPECT_EQ(width_of(rows[0]), 4);
}

TEST(Styled, WrapDropsAGlyphWiderThanTheRow) {
  const auto rows = wrap({{"", "a🎉b"}}, 1, 0);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(plain(rows[0]), "a");
  EXPECT_EQ(plain(rows[1]), "b");
}

TEST(Styled, EmptyLineIsOneEmptyRow) { EXPECT_EQ(wrap({{"", ""}}, 10, 0).size(), 1u); }

TEST(Styled, FitAndBytes) {
  const StyledLine line{{"\x1b[31m", "red"}, {"", "plain"}};
  EXPECT_EQ(to_bytes(fit(line, 5)), "\x1b[31mred\x1b[0mpl");
}

}  // namespace
}  // namespace clivrt::tui
