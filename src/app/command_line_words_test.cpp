#include "command_line_words.hpp"

#include <gtest/gtest.h>

using namespace clivrt::app;

namespace {
std::vector<std::string> words(std::string_view line) {
  std::string error;
  auto result = split_words(line, error);
  EXPECT_TRUE(result) << error;
  return result.value_or(std::vector<std::string>{});
}
}  // namespace

TEST(SplitWords, BlanksQuotesAndEscapes) {
  EXPECT_EQ(words("  login   --user  bob "), (std::vector<std::string>{"login", "--user", "bob"}));
  EXPECT_EQ(words(R"(say "hello world" 'it''s')"), (std::vector<std::string>{"say", "hello world", "its"}));
  EXPECT_EQ(words(R"(a\ b "q\"x")"), (std::vector<std::string>{"a b", "q\"x"}));
  EXPECT_EQ(words(""), std::vector<std::string>{});
  EXPECT_EQ(words("\"\""), std::vector<std::string>{""});
}

TEST(SplitWords, UnterminatedQuoteIsAnError) {
  std::string error;
  EXPECT_FALSE(split_words("say \"oops", error));
  EXPECT_EQ(error, "unterminated \" quote");
}

TEST(RestAfterFirstWord, KeepsTheMessageAsTyped) {
  EXPECT_EQ(rest_after_first_word("say  hello   there \"x\""), "hello   there \"x\"");
  EXPECT_EQ(rest_after_first_word("say"), "");
  EXPECT_EQ(rest_after_first_word("  say -h"), "-h");
}
