#pragma once
// Splits an input line into words: blanks separate, "double" and 'single' quotes group,
// a backslash escapes the next character. Unterminated quotes are an error.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace clivrt::app {

std::optional<std::vector<std::string>> split_words(std::string_view line, std::string& error);

/// The text after the first word, leading blanks removed (for `say`, whose text is free-form).
std::string_view rest_after_first_word(std::string_view line);

}  // namespace clivrt::app
