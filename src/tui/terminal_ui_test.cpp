// The real TerminalUi on a pseudo-terminal with a real io_context; its output goes through
// libvterm, and the tests read the resulting screen.
#include "clivrt/tui/terminal_ui.hpp"

#include "clivrt/testing/vterm_terminal.hpp"

#include <gtest/gtest.h>
#include <boost/asio/io_context.hpp>

#include <chrono>
#include <csignal>
#include <cstring>
#include <functional>
#include <memory>

#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <sys/mman.h>
#include <unistd.h>

namespace clivrt::tui {
namespace {

using clivrt::testing::VtermTerminal;

bool same_termios(const termios& a, const termios& b) {
  return a.c_iflag == b.c_iflag && a.c_oflag == b.c_oflag && a.c_cflag == b.c_cflag && a.c_lflag == b.c_lflag &&
         std::memcmp(a.c_cc, b.c_cc, sizeof a.c_cc) == 0;
}

std::size_t count(std::string_view haystack, std::string_view needle) {
  std::size_t n = 0;
  for (std::size_t pos = haystack.find(needle); pos != std::string_view::npos; pos = haystack.find(needle, pos + 1))
    ++n;
  return n;
}

class Pty {
 public:
  Pty(int rows, int cols) : screen(rows, cols) {
    winsize ws{};
    ws.ws_row = static_cast<unsigned short>(rows);
    ws.ws_col = static_cast<unsigned short>(cols);
    if (::openpty(&master, &slave, nullptr, nullptr, &ws) != 0) throw std::runtime_error("openpty");
    ::fcntl(master, F_SETFL, ::fcntl(master, F_GETFL) | O_NONBLOCK);
  }
  ~Pty() {
    ::close(master);
    ::close(slave);
  }

  void resize(int rows, int cols) {
    winsize ws{};
    ws.ws_row = static_cast<unsigned short>(rows);
    ws.ws_col = static_cast<unsigned short>(cols);
    ::ioctl(master, TIOCSWINSZ, &ws);
    screen.resize(rows, cols);
  }

  // Reads whatever the UI wrote so far into the emulator.
  void drain() {
    char buf[8192];
    for (;;) {
      const ssize_t n = ::read(master, buf, sizeof buf);
      if (n <= 0) break;
      output.append(buf, static_cast<std::size_t>(n));
      screen.feed(std::string_view(buf, static_cast<std::size_t>(n)));
    }
  }

  void type(std::string_view keys) {
    ASSERT_EQ(::write(master, keys.data(), keys.size()), static_cast<ssize_t>(keys.size()));
  }

  int master = -1;
  int slave = -1;
  VtermTerminal screen;
  std::string output;  // everything the UI wrote
};

// One UI on one pty, with the callbacks recorded.
class UiTest : public ::testing::Test {
 protected:
  void start(int rows, int cols) {
    pty = std::make_unique<Pty>(rows, cols);
    start_ui();
  }

  void start_ui() {
    setenv("INPUTRC", "/dev/null", 1);
    Callbacks cb;
    cb.on_line = [this](std::string l) { lines.push_back(std::move(l)); };
    cb.on_eof = [this] { ++eofs; };
    cb.on_interrupt = [this] { ++interrupts; };
    cb.on_resize = [this] { ++resizes; };
    cb.on_output_drained = [this](std::chrono::steady_clock::duration) { ++drains; };
    cb.on_features = [this](TerminalFeatures f) { features.push_back(f); };
    cb.complete = [](std::string_view, std::size_t) {
      return std::vector<std::string>{"/say", "/login", "/logout", "/lookup"};
    };
    ui = std::make_unique<TerminalUi>(io, pty->slave, pty->slave, cb);
    ui->set_banner({"clivrt", "no call"});
    settle();
  }

  // Runs the loop and reads the terminal until `done` holds. The deadline only stops a broken
  // test from hanging; nothing here measures time.
  bool until(const std::function<bool()>& done) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::chrono::steady_clock::now() < deadline) {
      io.restart();
      io.run_for(std::chrono::milliseconds(2));
      pty->drain();
      if (done()) return true;
    }
    return false;
  }

  // Lets everything pending happen (no more output for a few loop turns).
  void settle() {
    std::size_t seen = pty->output.size();
    int quiet = 0;
    until([&] {
      quiet = pty->output.size() == seen ? quiet + 1 : 0;
      seen = pty->output.size();
      return quiet >= 10;
    });
  }

  const VtermTerminal& screen() const { return pty->screen; }
  std::string row(int r) const { return pty->screen.row(r); }
  int rows() const { return pty->screen.rows(); }

  boost::asio::io_context io;
  std::unique_ptr<Pty> pty;
  std::unique_ptr<TerminalUi> ui;
  std::vector<std::string> lines;
  int eofs = 0;
  int drains = 0;
  std::vector<TerminalFeatures> features;
  int interrupts = 0;
  int resizes = 0;
};

TEST_F(UiTest, LayoutAt80x24) {
  start(24, 80);
  EXPECT_EQ(row(23).find(" 📢 ✗ offline │ 👤 none"), 0u) << screen().text();
  EXPECT_TRUE(screen().cell(23, 79).reverse);
  EXPECT_EQ(row(22), ">");
  EXPECT_EQ(screen().cursor().row, 22);
  EXPECT_EQ(screen().cursor().col, 2);
  std::string separator;
  for (int i = 0; i < 80; ++i) separator += "─";
  EXPECT_EQ(row(12), separator);
  EXPECT_NE(row(5).find("clivrt"), std::string::npos) << screen().text();
  EXPECT_NE(row(6).find("no call"), std::string::npos) << screen().text();
  EXPECT_EQ(ui->video_area().width, 80);
  EXPECT_EQ(ui->video_area().height, 12);
}

TEST_F(UiTest, LayoutAt40x12WithLongTexts) {
  start(12, 40);
  StatusInfo s;
  s.server_connected = true;
  s.server_secure = true;
  s.server_text = "a-rather-long-name @ chat.example.org:8443";
  s.peer_text = "someone-with-a-long-name";
  s.hint = "/help";
  ui->set_status(s);
  ui->log({"09:15", "bob", "a message long enough to wrap over several rows of this small log pane", LogKind::chat});
  settle();
  EXPECT_EQ(row(11).find(" 📢 🔒 a-rather-long"), 0u) << screen().text();
  EXPECT_NE(row(11).find("👤"), std::string::npos) << screen().text();
  // The log (rows 6-9) fills from the bottom; the wrap never spills into the input line.
  EXPECT_EQ(row(6), "");
  EXPECT_EQ(row(7), "09:15 bob: a message long enough to wrap");
  EXPECT_EQ(row(8), "      over several rows of this small");
  EXPECT_EQ(row(9), "      log pane");
  EXPECT_EQ(row(10), ">");
}

TEST_F(UiTest, StatusIcons) {
  start(24, 80);
  StatusInfo s;
  s.server_connected = true;
  s.server_secure = false;
  s.server_text = "alice @ 127.0.0.1:8080";
  s.peer_connected = true;
  s.peer_secure = true;
  s.peer_text = "bob";
  s.right = "🎤";
  ui->set_status(s);
  settle();
  EXPECT_EQ(row(23).find(" 📢 🔓 alice @ 127.0.0.1:8080 │ 👤 🔒 bob"), 0u) << row(23);
  EXPECT_EQ(row(23).substr(row(23).size() - 4), "🎤");
  s.server_secure = true;
  ui->set_status(s);
  settle();
  EXPECT_EQ(row(23).find(" 📢 🔒 alice"), 0u) << row(23);
}

TEST_F(UiTest, InjectedEscapeSequencesShowInert) {
  start(24, 80);
  ui->set_banner({"clivrt", "\x1b[31mred\x1b]2;t\x07"});
  ui->log({"12:00", "mallory\x1b[31m", "\x1b[2J\x1b]0;x\x07 gotcha", LogKind::chat});
  settle();
  EXPECT_EQ(row(21), "12:00 mallory^[[31m: ^[[2J^[]0;x^G gotcha") << screen().text();
  EXPECT_NE(row(5).find("clivrt"), std::string::npos) << "screen was cleared:\n" << screen().text();
  EXPECT_EQ(row(23).find(" 📢"), 0u);
  EXPECT_NE(row(6).find("^[[31mred^[]2;t^G"), std::string::npos) << screen().text();
  EXPECT_EQ(screen().title(), "");
  EXPECT_EQ(screen().cell(21, 20).fg.kind, clivrt::testing::TermColor::Kind::default_color)
      << "colour leaked from a sender name";
}

TEST_F(UiTest, TypingAndEnterCallOnLine) {
  start(24, 80);
  pty->type("hello wörld");
  ASSERT_TRUE(until([&] { return row(22) == "> hello wörld"; })) << row(22);
  EXPECT_EQ(screen().cursor().col, 13);
  pty->type("\r");
  ASSERT_TRUE(until([&] { return !lines.empty(); }));
  EXPECT_EQ(lines, std::vector<std::string>{"hello wörld"});
  settle();
  EXPECT_EQ(row(22), ">");
}

TEST_F(UiTest, TabCompletesAndDoubleTabListsCandidates) {
  start(24, 80);
  pty->type("/sa\t");
  ASSERT_TRUE(until([&] { return row(22) == "> /say"; })) << row(22);
  EXPECT_EQ(screen().cursor().col, 7);  // after the appended space
  pty->type("\x15/lo\t\t");
  ASSERT_TRUE(until([&] { return row(21).find("/login  /logout  /lookup") != std::string::npos; })) << screen().text();
  EXPECT_EQ(row(22), "> /lo");
}

TEST_F(UiTest, UpRecallsHistory) {
  start(24, 80);
  pty->type("first\rsecond\r");
  ASSERT_TRUE(until([&] { return lines.size() == 2; }));
  pty->type("\x1b[A");
  ASSERT_TRUE(until([&] { return row(22) == "> second"; })) << row(22);
  pty->type("\x1b[A");
  ASSERT_TRUE(until([&] { return row(22) == "> first"; })) << row(22);
}

TEST_F(UiTest, ResizeReflows) {
  start(24, 80);
  ui->log({"10:00", "a", "still here", LogKind::chat});
  settle();
  const VideoArea before = ui->video_area();
  pty->resize(12, 40);
  ::raise(SIGWINCH);  // the pty is not our controlling terminal, so the kernel does not send it
  ASSERT_TRUE(until([&] { return row(11).find(" 📢") == 0u && resizes == 1; })) << screen().text();
  EXPECT_EQ(row(10), ">");
  EXPECT_EQ(row(9), "10:00 a: still here");
  const VideoArea after = ui->video_area();
  EXPECT_EQ(after.width, 40);
  EXPECT_EQ(after.height, 5);
  EXPECT_NE(after.epoch, before.epoch);
}

TEST_F(UiTest, CtrlDOnEmptyLineIsEofAndCtrlCIsInterrupt) {
  start(24, 80);
  pty->type("\x03");
  ASSERT_TRUE(until([&] { return interrupts == 1; }));
  pty->type("\x04");
  ASSERT_TRUE(until([&] { return eofs == 1; }));
}

TEST_F(UiTest, PageUpScrollsTheLog) {
  start(24, 80);
  for (int i = 0; i < 40; ++i) ui->log({"", "", "line " + std::to_string(i), LogKind::info});
  settle();
  EXPECT_EQ(row(21), "line 39");
  pty->type("\x1b[5~");
  ASSERT_TRUE(until([&] { return row(21).find("PgDn") != std::string::npos; })) << screen().text();
  EXPECT_EQ(row(20), "line 31");
  EXPECT_EQ(row(22), ">");  // PageUp never reached readline
  pty->type("\x1b[6~");
  ASSERT_TRUE(until([&] { return row(21) == "line 39"; })) << screen().text();
}

TEST_F(UiTest, BracketedPasteIsInsertedNotExecuted) {
  start(24, 80);
  pty->type("\x1b[200~one\rtwo\r\x1b[201~");
  ASSERT_TRUE(until([&] { return row(22) == "> one two"; })) << row(22);
  EXPECT_TRUE(lines.empty());
  pty->type("\r");
  ASSERT_TRUE(until([&] { return !lines.empty(); }));
  EXPECT_EQ(lines[0], "one two ");
}

TEST_F(UiTest, LongInputScrollsHorizontally) {
  start(12, 40);
  std::string text;
  for (int i = 0; i < 60; ++i) text += static_cast<char>('a' + i % 26);
  pty->type(text);
  ASSERT_TRUE(until([&] { return row(10).starts_with("< "); })) << row(10);
  EXPECT_EQ(row(10), "< " + text.substr(60 - 37));
  EXPECT_EQ(screen().cursor().col, 39);
  EXPECT_EQ(row(11).find(" 📢"), 0u);
}

TEST_F(UiTest, EachUpdateIsOneWriteOfChangedRowsInSynchronizedOutput) {
  start(24, 80);
  const std::string_view begin = "\x1b[?2026h";
  const std::string_view end = "\x1b[?2026l";
  // A log line: one write, rows of the log pane only.
  UiStats stats = ui->stats();
  std::size_t mark = pty->output.size();
  ui->log({"10:00", "a", "x", LogKind::chat});
  ui->log({"10:01", "a", "y", LogKind::chat});  // coalesced with the first
  ASSERT_TRUE(until([&] { return row(21) == "10:01 a: y"; }));
  settle();
  std::string delta = pty->output.substr(mark);
  EXPECT_EQ(ui->stats().writes - stats.writes, 1u);
  EXPECT_EQ(count(delta, begin), 1u);
  EXPECT_TRUE(delta.starts_with(begin));
  EXPECT_TRUE(delta.ends_with(end));
  EXPECT_EQ(count(delta, "\x1b[2K"), 2u) << "only the two rows that changed";
  EXPECT_EQ(count(delta, "\x1b[24;1H"), 0u) << "status bar untouched";
  EXPECT_EQ(count(delta, "\x1b[23;1H"), 0u) << "input line untouched";

  // A key: the input line alone.
  stats = ui->stats();
  mark = pty->output.size();
  pty->type("z");
  ASSERT_TRUE(until([&] { return row(22) == "> z"; }));
  settle();
  delta = pty->output.substr(mark);
  EXPECT_EQ(ui->stats().writes - stats.writes, 1u);
  EXPECT_EQ(count(delta, "\x1b[2K"), 1u);
  EXPECT_EQ(count(delta, "\x1b[23;1H"), 1u);

  // A status change: the status bar alone; the same status again: nothing.
  stats = ui->stats();
  mark = pty->output.size();
  StatusInfo s;
  s.server_connected = true;
  ui->set_status(s);
  ASSERT_TRUE(until([&] { return row(23).find("🔓") != std::string::npos; }));
  ui->set_status(s);
  settle();
  delta = pty->output.substr(mark);
  EXPECT_EQ(ui->stats().writes - stats.writes, 1u);
  EXPECT_EQ(count(delta, "\x1b[2K"), 1u);
  EXPECT_EQ(count(delta, "\x1b[24;1H"), 1u);
}

TEST_F(UiTest, VideoSeamDrawsInThePaneAndDropsStaleFrames) {
  start(24, 80);
  const VideoArea area = ui->video_area();
  ui->draw_video("\x1b[1;1H\x1b[31mVIDEO", area);
  ASSERT_TRUE(until([&] { return row(0) == "VIDEO"; })) << screen().text();
  EXPECT_EQ(row(5), "") << "banner cleared when the video starts";
  EXPECT_EQ(row(23).find(" 📢"), 0u);
  EXPECT_EQ(screen().cursor().row, 22);
  // Typing does not touch the video rows.
  pty->type("k");
  ASSERT_TRUE(until([&] { return row(22) == "> k"; }));
  EXPECT_EQ(row(0), "VIDEO");

  pty->resize(20, 60);
  ::raise(SIGWINCH);
  ASSERT_TRUE(until([&] { return resizes == 1; }));
  ui->draw_video("\x1b[2;1HSTALE", area);  // encoded for the old size: dropped
  settle();
  EXPECT_EQ(row(1), "");
  ui->draw_video("\x1b[2;1HFRESH", ui->video_area());
  ASSERT_TRUE(until([&] { return row(1) == "FRESH"; })) << screen().text();

  ui->show_banner();
  ASSERT_TRUE(until([&] { return screen().text().find("no call") != std::string::npos; })) << screen().text();
  EXPECT_EQ(row(1).find("FRESH"), std::string::npos);
}

TEST_F(UiTest, ProbesForREPAndTakesTheCursorReportAsTheAnswer) {
  start(24, 80);
  EXPECT_NE(pty->output.find("\x1b[2;1Hx\x1b[2b\x1b[6n"), std::string::npos);
  EXPECT_TRUE(features.empty());
  pty->type("\x1b[2;4Rab\x1b[?62;c");  // the cursor moved by REP, keys, then DA1: all answers in
  ASSERT_TRUE(until([&] { return features.size() == 1 && row(22) == "> ab"; })) << screen().text();
  EXPECT_TRUE(features[0].repeat);
  pty->type("\x1b[2;2R");  // a later report changes nothing
  settle();
  EXPECT_EQ(features.size(), 1u);
  EXPECT_EQ(row(22), "> ab");
}

TEST_F(UiTest, ATerminalWithoutREPReportsTheCursorWhereTheXWas) {
  start(24, 80);
  pty->type("\x1b[2;2R");  // and no DA1 answer: the probe gives up after a while
  ASSERT_TRUE(until([&] { return features.size() == 1; }));
  EXPECT_FALSE(features[0].repeat);
  const std::string probe_object = "/dev/shm/clivrt-probe-" + std::to_string(::getpid());
  EXPECT_NE(pty->output.find("a=q,t=s,f=24;"), std::string::npos) << "the shared-memory query was asked";
  EXPECT_NE(::access(probe_object.c_str(), F_OK), 0) << "no terminal read it in time: removed, not left behind";
}

TEST_F(UiTest, AnswersAfterTheProbeTimedOutAreStillAnswersNotTyping) {
  start(24, 80);
  pty->type("\x1b[2;4R");  // then nothing for a while: a slow link
  ASSERT_TRUE(until([&] { return features.size() == 1; }));
  EXPECT_FALSE(features[0].kitty_graphics);
  pty->type("\x1b_Gi=31;OK\x1b\\\x1b[?62;cok");
  ASSERT_TRUE(until([&] { return features.size() == 2 && row(22) == "> ok"; })) << screen().text();
  EXPECT_TRUE(features[1].kitty_graphics);
  EXPECT_TRUE(features[1].repeat);
}

TEST_F(UiTest, GraphicsAnswersAreFeaturesAndTheVideoClearGoesOutWhenThePaneStopsShowingVideo) {
  start(24, 80);
  EXPECT_NE(pty->output.find("\x1b_Gi=31,s=1,v=1,a=q,t=d,f=24;AAAA\x1b\\"), std::string::npos);
  pty->type("\x1b[2;4R\x1b_Gi=31;OK\x1b\\\x1b[6;20;10t\x1b[?62;4c");
  ASSERT_TRUE(until([&] { return features.size() == 1; }));
  EXPECT_TRUE(features[0].kitty_graphics);
  EXPECT_TRUE(features[0].sixel);
  EXPECT_EQ(features[0].cell_width, 10);
  EXPECT_EQ(features[0].cell_height, 20);

  const std::string clear = "\x1b_Ga=d,d=I,i=99,q=2\x1b\\";
  ui->set_video_clear(clear);
  ui->draw_video("\x1b[1;1HPIX", ui->video_area());
  ASSERT_TRUE(until([&] { return row(0).starts_with("PIX"); })) << screen().text();
  const std::size_t before = pty->output.size();
  ui->show_banner();
  ASSERT_TRUE(until([&] { return pty->output.find(clear, before) != std::string::npos; }));
  const std::size_t after_banner = pty->output.size();
  ui.reset();  // quit: the picture goes too
  pty->drain();
  EXPECT_NE(pty->output.find(clear, after_banner), std::string::npos);
}

TEST_F(UiTest, AStalledTerminalHoldsOneUpdateAndTypingGoesOn) {
  start(24, 80);
  const VideoArea area = ui->video_area();
  // The reader stops: updates fill the pty until a write cannot go through.
  std::string frame;
  for (int i = 0; i < 2000; ++i) frame += "\x1b[1;1H\x1b[3" + std::to_string(i % 8) + "mVIDEO-FRAME";
  for (int i = 0; i < 200 && !ui->output_blocked(); ++i) {
    ui->draw_video(frame, area);
    io.restart();
    io.run_for(std::chrono::milliseconds(2));
  }
  ASSERT_TRUE(ui->output_blocked());
  const auto held = ui->stats().max_waiting;
  EXPECT_LE(held, frame.size() + 4096) << "one update at most";
  pty->type("typed\r");  // the loop still reads keys and runs readline
  for (int i = 0; i < 50 && lines.empty(); ++i) {
    io.restart();
    io.run_for(std::chrono::milliseconds(2));
  }
  EXPECT_EQ(lines, std::vector<std::string>{"typed"});
  EXPECT_TRUE(ui->output_blocked());
  EXPECT_GE(ui->stats().stalls, 1u);
  // Reading again: it drains and says so.
  ASSERT_TRUE(until([&] { return !ui->output_blocked() && drains >= 1; }));
  settle();
  EXPECT_EQ(row(0).substr(0, 11), "VIDEO-FRAME");
}

TEST_F(UiTest, TerminalModesRestoredAfterDestruction) {
  pty = std::make_unique<Pty>(24, 80);
  termios before{};
  ASSERT_EQ(::tcgetattr(pty->slave, &before), 0);
  start_ui();
  termios during{};
  ASSERT_EQ(::tcgetattr(pty->slave, &during), 0);
  EXPECT_EQ(during.c_lflag & (ICANON | ECHO | ISIG), 0u);
  EXPECT_FALSE(same_termios(during, before));
  ui.reset();
  pty->drain();
  termios after{};
  ASSERT_EQ(::tcgetattr(pty->slave, &after), 0);
  EXPECT_TRUE(same_termios(after, before));
  EXPECT_TRUE(pty->output.ends_with("\x1b[?1049l"));
  // A second UI can take over afterwards (readline and the handlers were released).
  start_ui();
  EXPECT_EQ(row(22), ">");
}

// Runs `leave_ui` in a forked child on `pty` (it takes the terminal over and dies without an
// orderly teardown), and returns the child's wait status once the termios is checked restored.
template <class LeaveUi>
int run_child_and_check_restored(Pty& pty, LeaveUi leave_ui) {
  termios before{};
  EXPECT_EQ(::tcgetattr(pty.slave, &before), 0);
  const pid_t child = ::fork();
  EXPECT_GE(child, 0);
  if (child == 0) leave_ui();  // never returns
  int status = 0;
  EXPECT_EQ(::waitpid(child, &status, 0), child);
  // It died before any terminal answered the probe: its shared-memory object is ours to remove.
  ::shm_unlink(("/clivrt-probe-" + std::to_string(child)).c_str());
  termios after{};
  EXPECT_EQ(::tcgetattr(pty.slave, &after), 0);
  EXPECT_TRUE(same_termios(after, before));
  pty.drain();
  return status;
}

TEST(TerminalUiCrash, AbortRestoresTheTerminal) {
  Pty pty(24, 80);
  const int status = run_child_and_check_restored(pty, [&] {
    boost::asio::io_context io;
    TerminalUi ui(io, pty.slave, pty.slave, {});
    io.run_for(std::chrono::milliseconds(10));
    std::abort();
  });
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT) << status;
  EXPECT_NE(pty.output.find("\x1b[?1049h"), std::string::npos);
  EXPECT_TRUE(pty.output.ends_with("\x1b[?1049l"));
}

TEST(TerminalUiCrash, ExitWithoutDestroyingRestoresTheTerminal) {
  Pty pty(24, 80);
  const int status = run_child_and_check_restored(pty, [&] {
    boost::asio::io_context io;
    auto* leaked = new TerminalUi(io, pty.slave, pty.slave, {});  // never destroyed
    (void)leaked;
    std::exit(3);
  });
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 3) << status;
  EXPECT_TRUE(pty.output.ends_with("\x1b[?1049l"));
}

TEST(TerminalUiSuspend, CtrlZGivesTheTerminalBackAndResumes) {
  Pty pty(24, 80);
  termios before{};
  ASSERT_EQ(::tcgetattr(pty.slave, &before), 0);
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    setenv("INPUTRC", "/dev/null", 1);
    boost::asio::io_context io;
    Callbacks cb;
    cb.on_eof = [&] { io.stop(); };
    TerminalUi ui(io, pty.slave, pty.slave, cb);
    io.run();
    ::_exit(0);
  }
  // Wait for the first screen, then press Ctrl-Z.
  const auto wait_output = [&](std::string_view needle, std::size_t from) {
    for (int i = 0; i < 5000 && pty.output.find(needle, from) == std::string::npos; ++i) {
      pollfd p{pty.master, POLLIN, 0};
      ::poll(&p, 1, 2);
      pty.drain();
    }
    return pty.output.find(needle, from) != std::string::npos;
  };
  ASSERT_TRUE(wait_output("\x1b[?2026l", 0));
  pty.type("\x1a");
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, WUNTRACED), child);
  ASSERT_TRUE(WIFSTOPPED(status)) << status;
  termios stopped{};
  ASSERT_EQ(::tcgetattr(pty.slave, &stopped), 0);
  EXPECT_TRUE(same_termios(stopped, before)) << "terminal not given back while stopped";
  pty.drain();
  EXPECT_TRUE(pty.output.ends_with("\x1b[?1049l"));

  const std::size_t mark = pty.output.size();
  ::kill(child, SIGCONT);
  ASSERT_TRUE(wait_output("\x1b[?1049h", mark)) << "alternate screen not re-entered";
  ASSERT_TRUE(wait_output("\x1b[?2026l", mark)) << "no redraw after resume";
  termios resumed{};
  ASSERT_EQ(::tcgetattr(pty.slave, &resumed), 0);
  EXPECT_EQ(resumed.c_lflag & (ICANON | ECHO | ISIG), 0u);
  EXPECT_EQ(pty.screen.row(22), ">");
  EXPECT_EQ(pty.screen.row(23).find(" 📢"), 0u);
  pty.type("\x04");  // Ctrl-D: the child exits
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ::shm_unlink(("/clivrt-probe-" + std::to_string(child)).c_str());  // _exit: no teardown of its own
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
}

}  // namespace
}  // namespace clivrt::tui
