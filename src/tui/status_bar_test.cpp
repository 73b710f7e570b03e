#include "status_bar.hpp"

#include "clivrt/text/utf8.hpp"

#include <gtest/gtest.h>

#include <clocale>

#include <regex>

namespace clivrt::tui {
namespace {

// Display widths of non-ASCII text follow LC_CTYPE (wcwidth); the UI runs in a UTF-8 locale.
const bool kUtf8 = std::setlocale(LC_CTYPE, "C.UTF-8") != nullptr;

// The visible text: SGR sequences removed.
std::string visible(const std::string& bytes) { return std::regex_replace(bytes, std::regex("\x1b\\[[0-9;]*m"), ""); }

TEST(StatusBar, ShowsIconsForSecureConnections) {
  StatusInfo s;
  s.server_connected = true;
  s.server_secure = true;
  s.server_text = "alice @ 127.0.0.1:8080";
  s.peer_connected = true;
  s.peer_secure = true;
  s.peer_text = "bob";
  s.hint = "/help";
  s.right = "🎤 on";
  const std::string v = visible(render_status_bar(s, 80));
  EXPECT_EQ(v.find(" 📢 🔒 alice @ 127.0.0.1:8080 │ 👤 🔒 bob │ /help"), 0u) << v;
  EXPECT_EQ(v.substr(v.size() - std::string("🎤 on ").size()), "🎤 on ");
  EXPECT_EQ(text::display_width(v), 80);
}

TEST(StatusBar, MarksARelayedCallAfterTheLock) {
  StatusInfo s;
  s.server_connected = true;
  s.peer_connected = true;
  s.peer_secure = true;
  s.peer_relayed = true;
  s.peer_text = "bob";
  EXPECT_NE(visible(render_status_bar(s, 80)).find("👤 🔒 ↻ bob"), std::string::npos);
  s.peer_connected = false;  // no call, no path
  EXPECT_EQ(visible(render_status_bar(s, 80)).find("↻"), std::string::npos);
}

TEST(StatusBar, PlainWebSocketAndOffline) {
  StatusInfo s;
  s.server_connected = true;
  s.server_text = "x";
  EXPECT_NE(visible(render_status_bar(s, 40)).find("📢 🔓 x"), std::string::npos);
  s.server_connected = false;
  s.server_text = "reconnecting in 4s";
  EXPECT_NE(visible(render_status_bar(s, 40)).find("📢 ✗ reconnecting in 4s"), std::string::npos);
}

TEST(StatusBar, AlwaysExactlyTheWidthAndSanitized) {
  StatusInfo s;
  s.server_connected = true;
  s.server_text = "a-very-long-user-name @ some.server.example:8443\x1b[2J";
  s.peer_text = "another-long-peer-name";
  s.hint = "Tab completes, /help";
  s.right = "🎤 📷 ▮▮▮";
  for (int w = 1; w <= 120; ++w) {
    const std::string bytes = render_status_bar(s, w);
    EXPECT_EQ(text::display_width(visible(bytes)), w) << w;
    EXPECT_EQ(visible(bytes).find('\x1b'), std::string::npos) << w;
  }
  const std::string narrow = visible(render_status_bar(s, 40));
  EXPECT_NE(narrow.find("…"), std::string::npos) << narrow;
  EXPECT_NE(narrow.find("👤"), std::string::npos) << narrow;
}

}  // namespace
}  // namespace clivrt::tui
