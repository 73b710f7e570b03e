"""A call in the full-screen UI: clivrt in a tmux pane (a real terminal emulator) calls bob, a
line-mode clivrt, through a real clivrt-server on loopback, both sending the test pattern.
Checks what a person sees: the status bar through the call, the video pane drawn with half
blocks then ASCII, the call figures, and the banner back after hanging up."""
import re

import pytest

from client_testlib import ClientProcess, TmuxSession
from clivrt_testlib import CLIENT_BIN, server, server_factory  # noqa: F401 (fixtures)
from test_calls import CALL_TIMEOUT, wait_frames

RAMP = set(" .:!+*e$@8")  # the just-ascii luminance ramp
BLOCKS = set("▀░▒▓█")


@pytest.fixture
def tmux(tmp_path):
    session = TmuxSession(tmp_path, columns=100, rows=40)
    yield session
    session.kill()


@pytest.fixture
def bob(tmp_path, server):  # noqa: F811
    client = ClientProcess(tmp_path, "--ice-addresses", "127.0.0.1", "--webcam", "test", server_url=server.url,
                           user="bob")
    client.wait_event("connected", timeout=CALL_TIMEOUT)
    yield client
    client.kill()


def status_line(screen: str) -> str:
    lines = [line for line in screen.splitlines() if "📢" in line]
    return lines[-1] if lines else ""


def video_area(screen: str) -> str:
    """The top rows of the screen: the video pane (or the banner)."""
    return "\n".join(screen.splitlines()[:18])


def test_call_in_the_full_screen_ui(server, bob, tmux, tmp_path):  # noqa: F811
    tmux.run_shell_command([str(CLIENT_BIN), "--server", server.url, "--user", "alice",
                            "--log-file", str(tmp_path / "alice.log"), "--log-level", "DEBUG",
                            "--ice-addresses", "127.0.0.1", "--webcam", "test",
                            "--microphone", "none", "--speaker", "none"])
    screen = tmux.wait_screen(lambda s: "alice @" in status_line(s) and "bob" in s.split("📢")[0],
                              timeout=CALL_TIMEOUT, what="alice logged in, bob online")
    assert "👤 none" in status_line(screen)
    assert "video calls in your terminal" in video_area(screen)  # the banner

    tmux.type("call bob")
    tmux.wait_screen(lambda s: "👤 calling bob…" in status_line(s), what="'calling bob…' in the status bar")
    bob.wait_event("ringing", peer="alice")
    bob.send("answer")
    screen = tmux.wait_screen(lambda s: re.search(r"👤 🔒 in call with bob \d\d:\d\d", status_line(s)),
                              timeout=CALL_TIMEOUT, what="'🔒 in call with bob' and the call time")
    started = re.search(r"in call with bob (\d\d:\d\d)", status_line(screen)).group(1)
    tmux.wait_screen(lambda s: re.search(r"in call with bob (\d\d:\d\d)", status_line(s)).group(1) > started,
                     what="the call time running")

    # Half blocks, the default where colour is available (TERM=xterm-256color).
    # Cells whose two halves quantise alike are drawn as coloured blanks, so count conservatively
    # (the banner has none at all).
    screen = tmux.wait_screen(lambda s: video_area(s).count("▀") > 100, timeout=CALL_TIMEOUT,
                              what="the video pane full of half blocks")
    assert "video calls in your terminal" not in screen

    tmux.type("set videostyle just-ascii")
    def ascii_pane(s):
        top = video_area(s)
        return not BLOCKS & set(top) and sum(c in RAMP and c != " " for c in top) > 300
    tmux.wait_screen(ascii_pane, what="the video pane in just-ascii ramp characters")

    tmux.type("stats")
    screen = tmux.wait_screen(lambda s: re.search(r"decoded (\d+), drawn (\d+)", s), what="the call figures")
    decoded, drawn = map(int, re.search(r"decoded (\d+), drawn (\d+)", screen).groups())
    assert decoded > 0 and drawn > 0, screen
    assert re.search(r"video in : VP8 640x480", screen), screen
    wait_frames(bob, 10)  # alice's video reached bob too

    tmux.type("hangup")
    screen = tmux.wait_screen(lambda s: "👤 none" in status_line(s) and "video calls in your terminal" in s,
                              what="the banner and no peer after hangup")
    assert "▀" not in video_area(screen)
    assert "hung up" in bob.wait_event("call-ended", peer="alice")["text"]

    tmux.type("quit")
    screen = tmux.wait_screen(lambda s: re.search(r"^EXIT=\d+", s, re.M), what="clivrt's exit")
    assert re.search(r"^EXIT=0$", screen, re.M), screen
