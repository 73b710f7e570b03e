#include "styled.hpp"

#include "clivrt/text/utf8.hpp"

#include <cstddef>

namespace clivrt::tui {
namespace {

// One code point (plus its bytes) with the span it came from.
struct Glyph {
  std::size_t span;
  std::string_view bytes;
  int width;
};

std::vector<Glyph> glyphs_of(const StyledLine& line) {
  std::vector<Glyph> out;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const std::string_view text = line[i].text;
    for (std::size_t pos = 0; pos < text.size();) {
      const std::size_t start = pos;
      const int w = text::codepoint_width(text::decode_utf8(text, pos));
      out.push_back({i, text.substr(start, pos - start), w});
    }
  }
  return out;
}

StyledLine join(const StyledLine& line, const std::vector<Glyph>& glyphs, std::size_t begin, std::size_t end,
                int indent) {
  StyledLine row;
  if (indent > 0) row.push_back({std::string(sgr::none), std::string(static_cast<std::size_t>(indent), ' ')});
  for (std::size_t i = begin; i < end; ++i) {
    const Glyph& g = glyphs[i];
    if (i == begin || glyphs[i - 1].span != g.span) row.push_back({line[g.span].style, {}});
    row.back().text.append(g.bytes);
  }
  return row;
}

}  // namespace

int width_of(const StyledLine& line) {
  int w = 0;
  for (const Span& s : line) w += text::display_width(s.text);
  return w;
}

std::string to_bytes(const StyledLine& line) {
  std::string out;
  for (const Span& s : line) {
    if (s.text.empty()) continue;
    if (s.style.empty()) {
      out += s.text;
    } else {
      out += s.style;
      out += s.text;
      out += sgr::reset;
    }
  }
  return out;
}

StyledLine fit(const StyledLine& line, int columns) {
  StyledLine out;
  for (const Span& s : line) {
    if (columns <= 0) break;
    const std::string_view part = text::fit_width(s.text, columns);
    columns -= text::display_width(part);
    out.push_back({s.style, std::string(part)});
    if (part.size() < s.text.size()) break;
  }
  return out;
}

std::vector<StyledLine> wrap(const StyledLine& line, int columns, int indent) {
  std::vector<StyledLine> rows;
  if (columns <= 0) return rows;
  if (columns - indent < 8) indent = 0;
  const std::vector<Glyph> glyphs = glyphs_of(line);
  std::size_t begin = 0;
  bool first = true;
  while (begin < glyphs.size() || first) {
    const int lead = first ? 0 : indent;
    int used = lead;
    std::size_t end = begin;
    std::size_t last_space = glyphs.size();  // none
    while (end < glyphs.size() && used + glyphs[end].width <= columns) {
      if (glyphs[end].bytes == " ") last_space = end;
      used += glyphs[end].width;
      ++end;
    }
    std::size_t next = end;
    if (end < glyphs.size()) {
      if (end == begin) {
        begin = end + 1;  // a glyph wider than the row: drop it rather than loop
        continue;
      }
      if (glyphs[end].bytes == " ") {
        next = end + 1;  // the row is full right before a space: break there
      } else if (last_space != glyphs.size() && last_space > begin) {
        end = last_space;
        next = last_space + 1;
      }
    }
    rows.push_back(join(line, glyphs, begin, end, lead));
    begin = next;
    first = false;
  }
  return rows;
}

}  // namespace clivrt::tui
