#include "clivrt/manual/text_template.hpp"

#include <stdexcept>

namespace clivrt::manual {

std::string fill_template(std::string_view text, const std::map<std::string, std::string>& values) {
  std::string out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const auto at = text.find('@', pos);
    if (at == std::string_view::npos) {
      out += text.substr(pos);
      break;
    }
    out += text.substr(pos, at - pos);
    const auto end = text.find('@', at + 1);
    if (end == std::string_view::npos) throw std::invalid_argument("unclosed placeholder at offset " + std::to_string(at));
    const std::string name(text.substr(at + 1, end - at - 1));
    if (name.empty()) {
      out += '@';
    } else {
      const auto value = values.find(name);
      if (value == values.end()) throw std::invalid_argument("no value for placeholder @" + name + "@");
      out += value->second;
    }
    pos = end + 1;
  }
  return out;
}

}  // namespace clivrt::manual
