#pragma once
// Owning the terminal: raw mode (no echo, no line buffering, no signal keys: Ctrl-C and Ctrl-Z
// arrive as bytes), alternate screen, bracketed paste, no autowrap. The saved state is restored
// by the destructor, by leave(), at exit() and on crash signals (SIGSEGV, SIGABRT, SIGBUS,
// SIGFPE, SIGILL: async-signal-safe restore, then the previous action of that signal runs).
#include <string_view>

namespace clivrt::tui {

/// Bytes that take the terminal over / give it back (also written by the crash path).
inline constexpr std::string_view kEnterSequence = "\x1b[?1049h\x1b[?2004h\x1b[?7l\x1b[H\x1b[2J";
inline constexpr std::string_view kLeaveSequence = "\x1b[?2026l\x1b[0m\x1b[?2004l\x1b[?7h\x1b[?25h\x1b[?1049l";

class TerminalMode {
 public:
  /// Throws std::system_error if in_fd is not a terminal. Only one may exist (global handlers).
  TerminalMode(int in_fd, int out_fd);
  ~TerminalMode();
  TerminalMode(const TerminalMode&) = delete;
  TerminalMode& operator=(const TerminalMode&) = delete;

  /// Gives the terminal back as it was (idempotent).
  void leave();
  /// Takes it over again (after leave(), or when a shell changed it while we were stopped).
  void enter();
  /// Ctrl-Z: leave(), stop this process (SIGSTOP), and enter() again once continued.
  void suspend();
};

}  // namespace clivrt::tui
