"""The video output byte budget and flow control (issue 11):
- the natural clip (Megamind) through the renderer for 10 s of simulated time stays within the
  budget in every second, the libvterm screen matches, a still picture converges (render_test);
- `stats` reports the budget, `--max-output-rate` and `set max_output_rate` change it, and the
  default follows SSH_CONNECTION;
- a terminal whose reader stalls for 2 s: the client keeps working, what waits stays bounded,
  typed text shows as soon as the terminal reads again, and video goes on;
- a call in tmux through a terminal throttled by `pv -L`: frames keep being drawn and the input
  line answers at once."""
import fcntl
import os
import pty
import re
import shlex
import struct
import subprocess
import termios
import threading
import time
from pathlib import Path

import pytest

from client_testlib import ClientProcess, TmuxSession, client_env
from clivrt_testlib import BUILD_DIR, CLIENT_BIN, server, server_factory  # noqa: F401 (fixtures)
from test_calls import CALL_TIMEOUT, connect_call, stats, wait_frames, wait_online

CLIP = Path(os.environ.get("CLIVRT_TEST_DATA", "/var/cache/clivrt-test-data")) / "Megamind.avi"
RENDER_TEST = BUILD_DIR / "src" / "render" / "render_test"
CSI = re.compile(rb"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>78]")
K = 1024


def need_clip() -> Path:
    assert CLIP.is_file(), f"{CLIP} missing: scripts/fetch-test-data.sh (run by install-deps.sh --with-tests)"
    return CLIP


def test_natural_clip_stays_within_the_budget_and_converges(tmp_path):
    raw = tmp_path / "megamind-320x240.rgb"
    subprocess.run(["gst-launch-1.0", "-q", "filesrc", f"location={need_clip()}", "!", "decodebin", "!",
                    "videoconvert", "!", "videoscale", "!", "video/x-raw,format=RGB,width=320,height=240", "!",
                    "filesink", f"location={raw}"], check=True, timeout=120,
                   env={**os.environ, "HOME": str(tmp_path)})
    assert raw.stat().st_size == 270 * 320 * 240 * 3
    result = subprocess.run([str(RENDER_TEST), "--gtest_filter=BudgetedEncoderNaturalClip.*"],
                            env={**os.environ, "CLIVRT_CLIP_RGB": str(raw)}, capture_output=True, text=True,
                            timeout=600)
    print(result.stdout)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "[  PASSED  ] 1 test." in result.stdout and "SKIPPED" not in result.stdout, result.stdout
    assert re.search(r"truecolor: worst second \d+ B, \d+ frames drawn", result.stdout)


@pytest.fixture
def call_pair(tmp_path, server):  # noqa: F811
    started = []

    def make(alice_args=(), alice_env=None):
        args = ["--ice-addresses", "127.0.0.1", "--webcam", "test"]
        alice = ClientProcess(tmp_path, *args, *alice_args, server_url=server.url, user="alice",
                              env=client_env(tmp_path / "alice-env", alice_env))
        bob = ClientProcess(tmp_path, *args, server_url=server.url, user="bob")
        started.extend([alice, bob])
        for client in (alice, bob):
            client.wait_event("connected", timeout=CALL_TIMEOUT)
        connect_call(alice, bob)
        wait_frames(alice, 30)
        return alice, bob

    yield make
    for client in started:
        client.kill()


def test_stats_report_the_budget_and_set_changes_it(call_pair):
    alice, _ = call_pair(["--max-output-rate", "100K"])
    figures = stats(alice)["output"]
    assert figures["budget"] == 100 * K and figures["effective_budget"] == 100 * K, figures
    assert 0 < figures["bytes_last_second"] <= 100 * K, figures
    assert figures["frames_last_second"] > 0, figures
    assert "of 100K/s" in stats(alice)["text"]

    alice.send("set max_output_rate unlimited")
    assert alice.wait_event("set")["text"] == "max_output_rate = unlimited"
    figures = stats(alice)["output"]
    assert figures["budget"] == 0 and figures["threshold"] == 0, figures
    alice.send("set max_output_rate 3K")
    assert "at least 16K" in alice.wait_event("set")["text"]
    assert stats(alice)["output"]["budget"] == 0


@pytest.mark.parametrize("ssh, expected", [(False, 400 * K), (True, 200 * K)])
def test_the_default_budget_is_lower_over_ssh(call_pair, ssh, expected):
    alice, _ = call_pair(alice_env={"SSH_CONNECTION": "192.0.2.1 50000 192.0.2.2 22"} if ssh else None)
    figures = stats(alice)["output"]
    assert figures["budget"] == expected, figures
    assert figures["bytes_last_second"] <= expected, figures


class PtyTerminal:
    """A pseudo-terminal whose reader (this test) can stop reading, as a stalled ssh link does."""

    def __init__(self, argv, env, cols=200, rows=50):
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        self.proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=subprocess.DEVNULL, env=env,
                                     start_new_session=True)
        os.close(slave)
        self.data = bytearray()
        self.lock = threading.Lock()
        self.reading = threading.Event()
        self.reading.set()
        self.done = False
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self):
        while not self.done:
            self.reading.wait()
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                return
            if not chunk:
                return
            with self.lock:
                self.data += chunk

    def size(self) -> int:
        with self.lock:
            return len(self.data)

    def text(self, since: int = 0) -> str:
        with self.lock:
            raw = bytes(self.data[since:])
        return CSI.sub(b"", raw).decode("utf-8", "replace")

    def type(self, text: str) -> None:
        os.write(self.master, text.encode())

    def wait_text(self, pattern: str, since: int = 0, timeout: float = CALL_TIMEOUT) -> re.Match:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            match = re.search(pattern, self.text(since))
            if match:
                return match
            time.sleep(0.1)
        raise AssertionError(f"{pattern!r} not shown within {timeout} s; last output:\n{self.text(since)[-3000:]}")

    def wait_video(self, since: int, timeout: float = CALL_TIMEOUT) -> None:
        """Until half blocks (video) were written after `since`."""
        deadline = time.monotonic() + timeout
        while self.text(since).count("▀") < 500:
            assert time.monotonic() < deadline, f"no video within {timeout} s:\n{self.text(since)[-3000:]}"
            time.sleep(0.1)

    def close(self):
        self.done = True
        self.reading.set()
        self.proc.kill()
        self.proc.wait(timeout=10)
        os.close(self.master)


def test_a_stalled_terminal_keeps_the_client_going(server, tmp_path):  # noqa: F811
    bob = ClientProcess(tmp_path, "--ice-addresses", "127.0.0.1", "--webcam", "test", server_url=server.url,
                        user="bob")
    log = tmp_path / "alice.log"
    term = PtyTerminal([str(CLIENT_BIN), "--server", server.url, "--user", "alice", "--log-file", str(log),
                        "--log-level", "DEBUG", "--ice-addresses", "127.0.0.1", "--webcam", "test",
                        "--microphone", "none", "--speaker", "none"],
                       client_env(tmp_path / "alice-env", {"TERM": "xterm-256color"}))
    try:
        bob.wait_event("connected", timeout=CALL_TIMEOUT)
        term.wait_text(r"alice @")
        wait_online(bob, "alice")
        term.wait_text(r"bob is online|users online:[^\n]*\bbob(?![A-Za-z_])")
        term.type("call bob\r")
        bob.wait_event("ringing", peer="alice")
        bob.send("answer")
        term.wait_text(r"in call with bob")
        start = term.size()
        term.wait_video(since=start)

        term.reading.clear()  # the terminal stops reading: writes block once the pty is full
        time.sleep(0.5)
        term.type("zq9marker")  # typed while the screen is stuck
        bob.send("say hello from bob")
        time.sleep(1.5)
        stalled_at = term.size()
        term.reading.set()

        # Within a moment of reading again: the typed text and bob's message, then video again.
        term.wait_text(r"zq9marker", since=stalled_at, timeout=10)
        term.wait_text(r"hello from bob", since=stalled_at, timeout=10)
        term.wait_video(since=stalled_at, timeout=10)
        term.type("\x15stats\r")  # Ctrl-U clears the marker
        line = term.wait_text(r"terminal output [^\n]*? fell behind (\d+) times?", since=stalled_at).group(0)
        assert int(re.search(r"fell behind (\d+)", line).group(1)) >= 1, line
        assert bob.proc.poll() is None and term.proc.poll() is None

        # What waited for the terminal was one update at most, never a growing queue.
        waits = [int(m) for m in re.findall(r"terminal output drained after \d+ ms: \d+ stalls so far, at most (\d+) bytes",
                                            log.read_text())]
        assert waits, log.read_text()[-3000:]
        assert max(waits) <= 512 * K, waits
    finally:
        term.close()
        bob.kill()


def test_a_call_through_a_throttled_terminal(server, tmp_path):  # noqa: F811
    """tmux shows a pane fed through `pv -L 100k`: the client writes into `script`'s pty, whose
    reader can pass on only 100 KB/s, as over a slow ssh link."""
    bob = ClientProcess(tmp_path, "--ice-addresses", "127.0.0.1", "--webcam", f"file:{need_clip()}",
                        server_url=server.url, user="bob")
    tmux = TmuxSession(tmp_path, columns=220, rows=50)
    try:
        bob.wait_event("connected", timeout=CALL_TIMEOUT)
        alice = shlex.join([str(CLIENT_BIN), "--server", server.url, "--user", "alice",
                            "--log-file", str(tmp_path / "alice.log"), "--ice-addresses", "127.0.0.1",
                            "--webcam", "test", "--microphone", "none", "--speaker", "none"])
        tmux.type(f"script -qfec {shlex.quote(alice)} /dev/null | pv -qL 100k; echo EXIT=$?")
        tmux.wait_screen(lambda s: "alice @" in s, timeout=CALL_TIMEOUT, what="alice logged in")
        wait_online(bob, "alice")
        tmux.type("call bob")
        bob.wait_event("ringing", peer="alice")
        bob.send("answer")
        tmux.wait_screen(lambda s: "in call with bob" in s, timeout=CALL_TIMEOUT, what="the call")
        tmux.wait_screen(lambda s: s.count("▀") > 500, timeout=CALL_TIMEOUT, what="video drawn")
        time.sleep(5)  # long enough for the budget to settle to what the link carries

        tmux.type("typed-while-video", enter=False)
        tmux.wait_screen(lambda s: "> typed-while-video" in s, timeout=5, what="the input line echoing at once")
        tmux.keys("C-u")
        tmux.type("stats")
        pattern = r"terminal output (\S+)/s of 400K/s \(slowed to \S+: the terminal fell behind \d+ times?\) · " \
                  r"(\d+) frames drawn in the last second"
        screen = tmux.wait_screen(lambda s: re.search(pattern, s), timeout=15, what="the output figures")
        print(re.search(pattern, screen).group(0))
        fps = int(re.search(pattern, screen).group(2))
        assert fps >= 5, screen
    finally:
        tmux.kill()
        bob.kill()
