#include "status_bar.hpp"

#include "clivrt/text/sanitize.hpp"
#include "clivrt/text/utf8.hpp"
#include "styled.hpp"

#include <algorithm>

namespace clivrt::tui {
namespace {

constexpr std::string_view kServerIcon = "📢";
constexpr std::string_view kPeerIcon = "👤";
constexpr std::string_view kLocked = "🔒";
constexpr std::string_view kUnlocked = "🔓";
constexpr std::string_view kRelayed = "↻";
constexpr std::string_view kOffline = "✗";
constexpr std::string_view kSeparator = " │ ";

// `s` cut to `columns`, ending in "…" when shortened.
std::string shorten(const std::string& s, int columns) {
  if (text::display_width(s) <= columns) return s;
  if (columns <= 0) return {};
  std::string out(text::fit_width(s, columns - 1));
  return out + "…";
}

struct Field {
  std::string icons;  // never shortened
  std::string text;   // shortened first
  int width() const { return text::display_width(icons) + text::display_width(text); }
};

}  // namespace

std::string render_status_bar(const StatusInfo& status, int columns) {
  if (columns <= 0) return {};
  Field server{std::string(kServerIcon) + " ", text::sanitize_for_terminal(status.server_text)};
  if (status.server_connected) {
    server.icons += std::string(status.server_secure ? kLocked : kUnlocked) + " ";
  } else {
    server.icons += std::string(kOffline) + " ";
  }
  if (server.text.empty()) server.text = status.server_connected ? "connected" : "offline";
  Field peer{std::string(kPeerIcon) + " ", text::sanitize_for_terminal(status.peer_text)};
  if (status.peer_connected) {
    peer.icons += std::string(status.peer_secure ? kLocked : kUnlocked) + " ";
    if (status.peer_relayed) peer.icons += std::string(kRelayed) + " ";
  }
  std::string hint = text::sanitize_for_terminal(status.hint);
  std::string right = text::sanitize_for_terminal(status.right);

  const int sep = text::display_width(kSeparator);
  // 1 column of padding on each side.
  const int room = columns - 2;
  const auto left_width = [&] {
    return server.width() + sep + peer.width() + (hint.empty() ? 0 : sep + text::display_width(hint));
  };
  if (!right.empty() && left_width() + 2 + text::display_width(right) > room) right.clear();
  if (!hint.empty() && left_width() > room) hint.clear();
  if (left_width() > room) {
    // Share what is left between the two texts, the server's first.
    int budget = room - text::display_width(server.icons) - sep - text::display_width(peer.icons);
    const int peer_min = std::min(text::display_width(peer.text), std::max(budget / 3, 1));
    server.text = shorten(server.text, std::max(budget - peer_min, 0));
    budget -= text::display_width(server.text);
    peer.text = shorten(peer.text, std::max(budget, 0));
  }

  StyledLine line;
  const std::string base(sgr::reverse);
  const std::string server_style = base + std::string(status.server_connected ? sgr::none : sgr::red);
  line.push_back({base, " "});
  line.push_back({server_style, server.icons + server.text});
  line.push_back({base, std::string(kSeparator)});
  line.push_back({base, peer.icons + peer.text});
  if (!hint.empty()) line.push_back({base + std::string(sgr::dim), std::string(kSeparator) + hint});
  line = fit(line, columns);
  int used = width_of(line);
  const int right_width = text::display_width(right);
  if (!right.empty() && used + right_width + 1 <= columns) {
    line.push_back({base, std::string(static_cast<std::size_t>(columns - used - right_width - 1), ' ')});
    line.push_back({base, right + " "});
    used = columns;
  }
  if (used < columns) line.push_back({base, std::string(static_cast<std::size_t>(columns - used), ' ')});
  return to_bytes(line);
}

}  // namespace clivrt::tui
