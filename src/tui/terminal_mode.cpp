#include "terminal_mode.hpp"

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <stdexcept>
#include <system_error>

#include <termios.h>
#include <unistd.h>

namespace clivrt::tui {
namespace {

// Everything the async-signal-safe restore needs, set up before the handlers are armed.
volatile sig_atomic_t g_taken = 0;  // 1 while the terminal is in our mode
volatile sig_atomic_t g_exists = 0;
int g_tty_fd = -1;
int g_out_fd = -1;
termios g_saved{};

constexpr int kCrashSignals[] = {SIGSEGV, SIGABRT, SIGBUS, SIGFPE, SIGILL};
struct sigaction g_previous[sizeof(kCrashSignals) / sizeof(int)];

// Only write(2) and tcsetattr(3): both async-signal-safe.
void restore_terminal() {
  if (g_taken == 0) return;
  g_taken = 0;
  std::size_t off = 0;
  while (off < kLeaveSequence.size()) {
    const ssize_t n = ::write(g_out_fd, kLeaveSequence.data() + off, kLeaveSequence.size() - off);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    off += static_cast<std::size_t>(n);
  }
  // TCSANOW: TCSADRAIN would wait for the reader of the terminal, which may be us.
  ::tcsetattr(g_tty_fd, TCSANOW, &g_saved);
}

void crash_handler(int sig) {
  const int saved_errno = errno;
  restore_terminal();
  for (std::size_t i = 0; i < std::size(kCrashSignals); ++i) {
    if (kCrashSignals[i] == sig) ::sigaction(sig, &g_previous[i], nullptr);
  }
  errno = saved_errno;
  // Blocked until we return; then the previous action (default: core dump) runs.
  ::raise(sig);
}

void restore_at_exit() { restore_terminal(); }

void write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // the terminal is gone: nothing left to restore on it
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
}

}  // namespace

TerminalMode::TerminalMode(int in_fd, int out_fd) {
  if (g_exists != 0) throw std::logic_error("the terminal is already taken over");
  termios saved{};
  if (::tcgetattr(in_fd, &saved) != 0) {
    throw std::system_error(errno, std::generic_category(), "terminal input is not a terminal");
  }
  g_tty_fd = in_fd;
  g_out_fd = out_fd;
  g_saved = saved;
  g_exists = 1;
  static const bool registered = std::atexit(restore_at_exit) == 0;
  (void)registered;
  for (std::size_t i = 0; i < std::size(kCrashSignals); ++i) {
    struct sigaction action {};
    action.sa_handler = crash_handler;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_ONSTACK;  // survives a stack overflow when an alternate stack exists
    ::sigaction(kCrashSignals[i], &action, &g_previous[i]);
  }
  enter();
}

TerminalMode::~TerminalMode() {
  leave();
  for (std::size_t i = 0; i < std::size(kCrashSignals); ++i) {
    struct sigaction current {};
    ::sigaction(kCrashSignals[i], nullptr, &current);
    // Leave alone a handler someone installed after ours.
    if (current.sa_handler == crash_handler) ::sigaction(kCrashSignals[i], &g_previous[i], nullptr);
  }
  g_exists = 0;
}

void TerminalMode::leave() { restore_terminal(); }

void TerminalMode::enter() {
  termios raw = g_saved;
  raw.c_iflag &= ~static_cast<tcflag_t>(BRKINT | ICRNL | INPCK | ISTRIP | IXON);
  raw.c_cflag |= CS8;
  raw.c_lflag &= ~static_cast<tcflag_t>(ECHO | ICANON | IEXTEN | ISIG);
  raw.c_cc[VMIN] = 1;
  raw.c_cc[VTIME] = 0;
  ::tcsetattr(g_tty_fd, TCSANOW, &raw);
  write_all(g_out_fd, kEnterSequence);
  g_taken = 1;
}

void TerminalMode::suspend() {
  leave();
  ::kill(::getpid(), SIGSTOP);  // returns once a SIGCONT continued us
  enter();
}

}  // namespace clivrt::tui
