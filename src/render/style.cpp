#include "clivrt/render/style.hpp"

#include <array>
#include <utility>

namespace clivrt::render {
namespace {

constexpr std::array<std::pair<Style, std::string_view>, 4> kStyleNames{{
    {Style::just_ascii, "just-ascii"},
    {Style::ascii_color, "ascii-color"},
    {Style::filled_ascii, "filled-ascii"},
    {Style::half_block, "half-block"},
}};

constexpr std::array<std::pair<ColorDepth, std::string_view>, 4> kDepthNames{{
    {ColorDepth::none, "none"},
    {ColorDepth::ansi16, "16"},
    {ColorDepth::ansi256, "256"},
    {ColorDepth::truecolor, "truecolor"},
}};

template <typename E, std::size_t N>
std::string_view name_of(const std::array<std::pair<E, std::string_view>, N>& names, E value) {
  for (const auto& [v, name] : names)
    if (v == value) return name;
  return "?";
}

template <typename E, std::size_t N>
std::optional<E> value_of(const std::array<std::pair<E, std::string_view>, N>& names, std::string_view name) {
  for (const auto& [v, n] : names)
    if (n == name) return v;
  return std::nullopt;
}

}  // namespace

std::string_view to_string(Style style) { return name_of(kStyleNames, style); }
std::optional<Style> parse_style(std::string_view name) { return value_of(kStyleNames, name); }
std::string_view to_string(ColorDepth depth) { return name_of(kDepthNames, depth); }
std::optional<ColorDepth> parse_color_depth(std::string_view name) { return value_of(kDepthNames, name); }

ColorDepth detect_color_depth(const char* colorterm, const char* term, const char* no_color) {
  if (no_color != nullptr && *no_color != '\0') return ColorDepth::none;
  const std::string_view ct = colorterm != nullptr ? colorterm : "";
  if (ct == "truecolor" || ct == "24bit") return ColorDepth::truecolor;
  const std::string_view t = term != nullptr ? term : "";
  if (t.find("256color") != std::string_view::npos) return ColorDepth::ansi256;
  if (!t.empty() && t != "dumb") return ColorDepth::ansi16;
  return ColorDepth::none;
}

Style default_style(ColorDepth depth) { return depth == ColorDepth::none ? Style::just_ascii : Style::half_block; }

}  // namespace clivrt::render
