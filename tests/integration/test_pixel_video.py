"""Call video as pixels (issue 11): the client asks the terminal what it shows (a pty playing
kitty, or xterm with sixel, answers the probe as they do), then draws the peer's video with the
kitty graphics protocol or sixel. The escape stream is decoded independently (kitty: the APC
payload; sixel: libsixel's sixel2png, then GStreamer's pngdec) and must show the peer's
test pattern. In tmux without passthrough the client falls back to half-blocks with a notice."""
import base64
import os
import re
import shlex
import struct
import subprocess
import threading
import time
import zlib
from pathlib import Path

import numpy as np
import pytest

from client_testlib import ClientProcess, TmuxSession, client_env
from clivrt_testlib import CLIENT_BIN, server, server_factory  # noqa: F401 (fixtures)
from test_calls import CALL_TIMEOUT, wait_online
from test_output_budget import PtyTerminal

SHM = Path("/dev/shm")
_shared_memory_seen = {}  # name -> the picture read from it (read once: the terminal removes it)

APC = re.compile(rb"\x1b_G([^;\x1b]*)(?:;([^\x1b]*))?\x1b\\")
SIXEL = re.compile(rb"\x1bP[0-9;]*q.*?\x1b\\", re.S)
# videotestsrc's smpte bars (moving sideways in our test source): all must be in the picture.
BARS = {"white": (255, 255, 255), "yellow": (255, 255, 0), "cyan": (0, 255, 255), "green": (0, 255, 0),
        "magenta": (255, 0, 255), "red": (255, 0, 0), "blue": (0, 0, 255)}


class AnsweringTerminal(PtyTerminal):
    """A pty that answers the start-up probe the way a graphics terminal does."""

    def __init__(self, argv, env, answers: dict, cols=80, rows=40):
        self.answers = answers  # query bytes -> answer bytes
        self.answered = set()
        super().__init__(argv, env, cols=cols, rows=rows)
        self.answerer = threading.Thread(target=self._answer, daemon=True)
        self.answerer.start()

    def _answer(self):
        deadline = time.monotonic() + 20
        while len(self.answered) < len(self.answers) and time.monotonic() < deadline and not self.done:
            with self.lock:
                seen = bytes(self.data)
            for query, answer in self.answers.items():
                if query not in self.answered and query in seen:
                    self.answered.add(query)
                    self.type_bytes(answer)
            time.sleep(0.02)

    def type_bytes(self, data: bytes) -> None:
        os.write(self.master, data)

    def raw(self, since: int = 0) -> bytes:
        with self.lock:
            return bytes(self.data[since:])


PROBE_REP = (b"\x1b[6n", b"\x1b[2;4R")
PROBE_CELL = (b"\x1b[16t", b"\x1b[6;20;10t")
KITTY = {PROBE_REP[0]: PROBE_REP[1], b"\x1b_Gi=31,s=1,v=1,a=q,t=d,f=24;AAAA\x1b\\": b"\x1b_Gi=31;OK\x1b\\",
         PROBE_CELL[0]: PROBE_CELL[1], b"\x1b[c": b"\x1b[?62;c"}
XTERM_SIXEL = {PROBE_REP[0]: PROBE_REP[1], PROBE_CELL[0]: PROBE_CELL[1], b"\x1b[c": b"\x1b[?63;1;2;4;6;9;22c"}


def bars_seen(rgb: np.ndarray) -> set:
    """Which of the smpte bar colours cover at least 1% of the picture. A channel is on above 80
    and off below 50: the budget may draw with a small palette of dimmer colours."""
    pixels = rgb.reshape(-1, 3).astype(int)
    on, off = pixels > 80, pixels < 50
    seen = set()
    for name, colour in BARS.items():
        want = np.array(colour) > 0
        match = np.where(want, on, off).all(axis=1)
        if match.mean() >= 0.01:
            seen.add(name)
    return seen


def start_call(tmp_path, server, answers, style="pixels", terminal=None):  # noqa: F811
    """bob (line mode) and alice (full screen on an answering pty) in a call, alice calling."""
    bob = ClientProcess(tmp_path, "--ice-addresses", "127.0.0.1", "--webcam", "test", server_url=server.url,
                        user="bob")
    log = tmp_path / "alice.log"
    term = (terminal or AnsweringTerminal)([str(CLIENT_BIN), "--server", server.url, "--user", "alice", "--log-file", str(log),
                              "--log-level", "DEBUG", "--ice-addresses", "127.0.0.1", "--webcam", "test",
                              "--microphone", "none", "--speaker", "none", "--videostyle", style],
                             client_env(tmp_path / "alice-env", {"TERM": "xterm-256color"}), answers)
    bob.wait_event("connected", timeout=CALL_TIMEOUT)
    term.wait_text(r"alice @")
    wait_online(bob, "alice")
    term.wait_text(r"bob is online|users online:[^\n]*\bbob(?![A-Za-z_])")
    term.type("call bob\r")
    bob.wait_event("ringing", peer="alice")
    bob.send("answer")
    term.wait_text(r"in call with bob")
    return bob, term, log


def kitty_images(stream: bytes):
    """(keys, RGB array) of every image transmitted in `stream`, chunks joined."""
    images, keys, payload = [], None, b""
    for match in APC.finditer(stream):
        fields = dict(item.split("=", 1) for item in match.group(1).decode().split(",") if "=" in item)
        if keys is None:
            if fields.get("a") not in ("T", "t"):
                continue
            keys, payload = fields, b""
        payload += match.group(2) or b""
        if fields.get("m", "0") == "0":
            data = base64.b64decode(payload)
            if keys.get("t") == "s":  # shared memory: the payload names the object; read it as kitty does
                name = data.decode()
                if name not in _shared_memory_seen:
                    path = SHM / name.lstrip("/")
                    _shared_memory_seen[name] = path.read_bytes()
                    path.unlink()
                data = _shared_memory_seen[name]
            if keys.get("o") == "z":
                data = zlib.decompress(data)
            width, height, channels = int(keys["s"]), int(keys["v"]), 4 if keys.get("f") == "32" else 3
            assert len(data) == width * height * channels, keys
            images.append((keys, np.frombuffer(data, np.uint8).reshape(height, width, channels)[:, :, :3]))
            keys = None
    return images


def wait_kitty_images(term, since: int, count: int = 5) -> None:
    deadline = time.monotonic() + CALL_TIMEOUT
    while len(kitty_images(term.raw(since))) < count:
        assert time.monotonic() < deadline, term.raw(since)[-2000:]
        time.sleep(0.2)


def test_kitty_terminal_gets_the_call_as_kitty_images(server, tmp_path):  # noqa: F811
    bob, term, log = start_call(tmp_path, server, KITTY)
    try:
        start = term.size()
        wait_kitty_images(term, start)
        stream = term.raw(start)
        images = kitty_images(stream)
        keys, picture = images[-1]
        assert keys.get("q") == "2", keys  # no answers that could land in the input line
        ids = [k["i"] for k, _ in images]
        assert len(set(ids)) == 2, ids  # two ids, alternating: one shown while the next arrives
        assert all(a != b for a, b in zip(ids, ids[1:])), ids
        # Each new image is followed by the removal of the one before: no stacking.
        for previous in ids[:-2]:
            assert re.search(rb"\x1b_Ga=d,d=I,i=" + previous.encode() + rb"[,;\x1b]", stream), previous
        assert int(keys["c"]) <= 80 and int(keys["r"]) <= 40, keys
        assert bars_seen(picture) == set(BARS), (bars_seen(picture), picture.shape, picture[picture.shape[0] // 3, ::6].tolist())
        assert "▀" not in term.text(start)  # pixels, not half-blocks

        term.type("stats\r")
        term.wait_text(r"as kitty pixels, \d+x\d+", since=start)
        end = term.size()
        term.type("hangup\r")
        deadline = time.monotonic() + 10
        while not all(re.search(rb"\x1b_Ga=d,d=I,i=" + i.encode(), term.raw(end)) for i in set(ids)):
            assert time.monotonic() < deadline, term.raw(end)[-2000:]
            time.sleep(0.1)
    finally:
        term.close()
        bob.kill()


def test_sixel_terminal_gets_the_call_as_sixel(server, tmp_path):  # noqa: F811
    bob, term, log = start_call(tmp_path, server, XTERM_SIXEL, style="auto")
    try:
        start = term.size()
        deadline = time.monotonic() + CALL_TIMEOUT
        while len(SIXEL.findall(term.raw(start))) < 3:
            assert time.monotonic() < deadline, term.raw(start)[-2000:]
            time.sleep(0.2)
        six = SIXEL.findall(term.raw(start))[-1]
        (tmp_path / "frame.six").write_bytes(six)
        subprocess.run(["sixel2png", "-i", str(tmp_path / "frame.six"), "-o", str(tmp_path / "frame.png")],
                       check=True, timeout=30)
        png = (tmp_path / "frame.png").read_bytes()
        width, height = struct.unpack(">II", png[16:24])
        # Drawn 1:1 within the pane: no wider than 80 cells of 10 px, no taller than the pane.
        assert 0 < width <= 800 and 0 < height <= 40 * 20, (width, height)
        subprocess.run(["gst-launch-1.0", "-q", "filesrc", f"location={tmp_path / 'frame.png'}", "!", "pngdec", "!",
                        "videoconvert", "!", "video/x-raw,format=RGB", "!", "filesink",
                        f"location={tmp_path / 'frame.rgb'}"], check=True, timeout=30)
        rgb = np.frombuffer((tmp_path / "frame.rgb").read_bytes(), np.uint8)
        stride = (width * 3 + 3) // 4 * 4
        picture = rgb.reshape(height, stride)[:, :width * 3].reshape(height, width, 3)
        assert bars_seen(picture) == set(BARS), bars_seen(picture)
        assert "▀" not in term.text(start)
        term.type("stats\r")
        term.wait_text(r"as sixel pixels, \d+x\d+", since=start)
    finally:
        term.close()
        bob.kill()


def test_a_terminal_without_graphics_gets_half_blocks_and_a_notice(server, tmp_path):  # noqa: F811
    answers = {PROBE_REP[0]: PROBE_REP[1], b"\x1b[c": b"\x1b[?62;22c"}
    bob, term, log = start_call(tmp_path, server, answers)
    try:
        term.wait_text(r"videostyle pixels: the terminal answered")  # the rest wraps
        start = term.size()
        term.wait_video(since=start)
        assert not APC.search(term.raw(start)) and not SIXEL.search(term.raw(start))
    finally:
        term.close()
        bob.kill()


def test_in_tmux_without_passthrough_pixels_fall_back_with_a_notice(server, tmp_path):  # noqa: F811
    bob = ClientProcess(tmp_path, "--ice-addresses", "127.0.0.1", "--webcam", "test", server_url=server.url,
                        user="bob")
    tmux = TmuxSession(tmp_path, columns=120, rows=40)
    try:
        bob.wait_event("connected", timeout=CALL_TIMEOUT)
        alice = shlex.join([str(CLIENT_BIN), "--server", server.url, "--user", "alice", "--videostyle", "pixels",
                            "--log-file", str(tmp_path / "alice.log"), "--ice-addresses", "127.0.0.1",
                            "--webcam", "test", "--microphone", "none", "--speaker", "none"])
        tmux.type(alice)
        tmux.wait_screen(lambda s: "alice @" in s, timeout=CALL_TIMEOUT, what="alice logged in")
        tmux.wait_screen(lambda s: "videostyle pixels: tmux shows no sixel" in s, timeout=10, what="the notice")
        wait_online(bob, "alice")
        tmux.type("call bob")
        bob.wait_event("ringing", peer="alice")
        bob.send("answer")
        # The bars as cells: many distinct background colours (big flat areas draw few ▀).
        tmux.wait_screen(lambda s: len(set(re.findall(r"\x1b\[[0-9;]*48;[0-9;]*m", s))) >= 7, escapes=True,
                         timeout=CALL_TIMEOUT, what="half-block video")
        assert "tmux" in (tmp_path / "alice.log").read_text()
    finally:
        tmux.kill()
        bob.kill()


class LocalKittyTerminal(AnsweringTerminal):
    """A kitty on this machine: it answers the shared-memory query (asked first) only after
    reading the object, and removes it as kitty does; then the rest, in the order asked."""

    def __init__(self, argv, env, answers: dict, **kwargs):
        answers = dict(answers)
        self.later = answers.pop(PROBE_CELL[0]) + answers.pop(b"\x1b[c")
        super().__init__(argv, env, answers, **kwargs)

    def _answer(self):
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and not self.done:
            match = re.search(rb"\x1b_Gi=33,s=1,v=1,a=q,t=s,f=24;([A-Za-z0-9+/=]+)\x1b\\", self.raw())
            if match:
                path = SHM / base64.b64decode(match.group(1)).decode().lstrip("/")
                ok = path.exists() and path.stat().st_size == 3
                path.unlink(missing_ok=True)
                self.type_bytes(b"\x1b_Gi=33;OK\x1b\\" if ok else b"\x1b_Gi=33;ENOENT:gone\x1b\\")
                break
            time.sleep(0.01)
        super()._answer()  # the cursor report and the plain query's OK
        self.type_bytes(self.later)


def test_local_kitty_gets_pixels_through_shared_memory(server, tmp_path):  # noqa: F811
    bob, term, log = start_call(tmp_path, server, KITTY, terminal=LocalKittyTerminal)
    try:
        start = term.size()
        wait_kitty_images(term, start)
        images = kitty_images(term.raw(start))
        keys, picture = images[-1]
        assert keys["t"] == "s", keys
        # The test source is 640x480 (or less): never more pixels than that, and no budget cut.
        assert 160 <= int(keys["s"]) <= 640, keys
        assert bars_seen(picture) == set(BARS), bars_seen(picture)
        per_frame = len(term.raw(start)) / len(images)
        assert per_frame < 2000, per_frame  # names, not pixels, go through the pty
    finally:
        term.close()
        bob.kill()
        for leftover in SHM.glob(f"clivrt-{term.proc.pid}-*"):
            leftover.unlink()  # pictures "this kitty" did not get to read before the end
