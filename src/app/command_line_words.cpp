#include "command_line_words.hpp"

namespace clivrt::app {

std::optional<std::vector<std::string>> split_words(std::string_view line, std::string& error) {
  std::vector<std::string> words;
  std::string current;
  bool in_word = false;
  char quote = 0;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quote) {
      if (c == quote)
        quote = 0;
      else if (c == '\\' && quote == '"' && i + 1 < line.size())
        current += line[++i];
      else
        current += c;
    } else if (c == '"' || c == '\'') {
      quote = c;
      in_word = true;
    } else if (c == '\\' && i + 1 < line.size()) {
      current += line[++i];
      in_word = true;
    } else if (c == ' ' || c == '\t') {
      if (in_word) words.push_back(std::move(current));
      current.clear();
      in_word = false;
    } else {
      current += c;
      in_word = true;
    }
  }
  if (quote) {
    error = std::string("unterminated ") + quote + " quote";
    return std::nullopt;
  }
  if (in_word) words.push_back(std::move(current));
  return words;
}

std::string_view rest_after_first_word(std::string_view line) {
  std::size_t pos = line.find_first_not_of(" \t");
  if (pos == std::string_view::npos) return {};
  pos = line.find_first_of(" \t", pos);
  if (pos == std::string_view::npos) return {};
  pos = line.find_first_not_of(" \t", pos);
  return pos == std::string_view::npos ? std::string_view{} : line.substr(pos);
}

}  // namespace clivrt::app
