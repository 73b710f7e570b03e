"""The web client (web/) in headless Chromium against clivrt-server and the terminal client.

Two network namespaces (netns_testlib): clivrt-server (https/wss with a throw-away certificate)
and clivrt (line mode, --json, test camera and microphone) in a; Chromium, driven by
tests/integration/browser/web_peer.js (npm's playwright-core, Debian's /usr/bin/chromium, fake
camera and microphone), in b, loading the page from the server. Chromium never runs in the root
namespace. The tests assert what arrives: chat both ways (escaped on the page), calls both ways
with video frames decoded and audio packets received on both sides, decline and hang-up reasons.
Sound is checked by ear on both sides: the browser's fake microphone plays a 660 Hz tone, which
the terminal writes to a WAV file (`--speaker file:`) and the test analyses; the terminal sends
its 440 Hz test tone, whose level the browser measures (getStats audioLevel). Mute on either side
silences the other's ear, unmute brings the tone back.
A screenshot of the page during a call is taken (into docs/img/web-call.png with
CLIVRT_UPDATE_SCREENSHOTS=1, else into the test's temporary folder).
"""
from __future__ import annotations

import json
import math
import os
import queue
import shutil
import subprocess
import threading
import time
import wave
from pathlib import Path

import pytest

from client_testlib import ClientProcess
from clivrt_testlib import REPO_DIR, ServerProcess, make_self_signed_cert
from netns_testlib import ADDRESS_A, in_namespace, namespaces  # noqa: F401 (fixture)
from test_calls import CALL_TIMEOUT, stats, wait_frames, wait_online
from sound_testlib import LOUD_DB, SILENT_DB, is_tone, wait_wav

CHROMIUM = Path("/usr/bin/chromium")
PEER_SCRIPT = REPO_DIR / "tests" / "integration" / "browser" / "web_peer.js"
PLAYWRIGHT = REPO_DIR / "node_modules" / "playwright-core"
SCREENSHOTS = REPO_DIR / "docs" / "img"
COMMAND_TIMEOUT = 60.0
BROWSER_TONE_HZ = 660     # the browser's fake microphone; the terminal sends its 440 Hz test tone
TERMINAL_HEARS = "terminal-hears.wav"
HEARD_LEVEL = 0.05        # getStats audioLevel of a -12 dBFS tone is about 0.25
SILENT_LEVEL = 0.005

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists() or shutil.which("node") is None or not PLAYWRIGHT.exists(),
    reason="needs /usr/bin/chromium, node and node_modules/playwright-core (scripts/install-deps.sh)")


class WebPeer:
    """web_peer.js in a namespace: one JSON command per line in, one JSON answer per line out."""

    def __init__(self, url: str, profile: Path, namespace: str, log: Path, fake_audio: Path):
        self._log = open(log, "wb")
        self.proc = subprocess.Popen(
            [*in_namespace(namespace), "node", str(PEER_SCRIPT), "--url", url, "--profile", str(profile),
             "--fake-audio", str(fake_audio)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._log, cwd=REPO_DIR,
            env={**os.environ, "HOME": str(profile.parent), "PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD": "1"})
        self.page_errors: list[str] = []
        self._answers: "queue.Queue[dict | None]" = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        ready = self._next(COMMAND_TIMEOUT)
        assert ready.get("ok"), f"web peer did not start: {ready}; log:\n{self.log()}"

    def _read(self) -> None:
        for line in self.proc.stdout:
            message = json.loads(line)
            if "event" in message:
                self.page_errors.append(message["text"])
            else:
                self._answers.put(message)
        self._answers.put(None)

    def _next(self, timeout: float) -> dict:
        try:
            answer = self._answers.get(timeout=timeout)
        except queue.Empty:
            raise AssertionError(f"web peer silent for {timeout} s; log:\n{self.log()}")
        if answer is None:
            raise AssertionError(f"web peer exited ({self.proc.poll()}); log:\n{self.log()}")
        return answer

    def do(self, cmd: str, **fields) -> dict:
        self.proc.stdin.write((json.dumps({"cmd": cmd, **fields}) + "\n").encode())
        self.proc.stdin.flush()
        answer = self._next(COMMAND_TIMEOUT)
        assert answer.get("ok"), f"{cmd} {fields}: {answer}; page errors: {self.page_errors}"
        return answer

    def wait_stats(self, frames: int) -> dict:
        deadline = time.monotonic() + CALL_TIMEOUT
        while True:
            figures = self.do("stats")["stats"]
            if figures["framesDecoded"] >= frames:
                return figures
            assert time.monotonic() < deadline, f"browser: too few video frames: {figures}"
            time.sleep(0.5)

    def wait_audio_level(self, predicate, what: str) -> float:
        """Polls the level of the sound the browser receives (getStats audioLevel, 0..1)."""
        deadline = time.monotonic() + CALL_TIMEOUT
        while True:
            level = self.do("stats")["stats"]["audioLevel"]
            if predicate(level):
                return level
            assert time.monotonic() < deadline, f"browser: no {what} (audioLevel {level})"
            time.sleep(0.3)

    def log(self) -> str:
        self._log.flush()
        return Path(self._log.name).read_text(errors="replace")

    def close(self) -> None:
        if self.proc.poll() is None:
            try:
                self.proc.stdin.write(b'{"cmd":"quit"}\n')
                self.proc.stdin.close()  # an open stdin would keep node alive after it closed Chromium
                self.proc.wait(15)
            except (BrokenPipeError, subprocess.TimeoutExpired):
                self.proc.kill()
                self.proc.wait()
        self._log.close()


def write_tone_wav(path: Path, hz: float, seconds: float = 5.0) -> Path:
    """A 48 kHz mono 16-bit WAV of a sine tone at -12 dBFS peak: the browser's fake microphone."""
    rate = 48000
    frames = b"".join(int(0.25 * 32767 * math.sin(2 * math.pi * hz * i / rate)).to_bytes(2, "little", signed=True)
                      for i in range(int(seconds * rate)))
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(frames)
    return path


@pytest.fixture
def setup(tmp_path, namespaces):  # noqa: F811
    a, b = namespaces
    cert, key = make_self_signed_cert(tmp_path, host=ADDRESS_A)
    server = ServerProcess(["--cert", str(cert), "--key", str(key)], tmp_path, prefix=in_namespace(a),
                           host=ADDRESS_A)
    started: list = [server]
    try:
        term = ClientProcess(tmp_path, "--ca-file", str(cert), "--webcam", "test", "--microphone", "test",
                             "--speaker", f"file:{tmp_path / TERMINAL_HEARS}", server_url=server.url, user="term",
                             prefix=in_namespace(a))
        started.append(term)
        term.wait_event("connected", timeout=CALL_TIMEOUT)
        profile = tmp_path / "chromium-profile"
        web = WebPeer(f"https://{ADDRESS_A}:{server.port}/", profile, b, tmp_path / "web_peer.log",
                      fake_audio=write_tone_wav(tmp_path / "browser-microphone.wav", BROWSER_TONE_HZ))
        started.append(web)
        yield server, term, web
    finally:
        for item in reversed(started):
            item.close() if isinstance(item, WebPeer) else item.kill()


def assert_audio_both_ways(term: ClientProcess, web: WebPeer, packets: int = 20) -> None:
    """Both sides received `packets` audio packets; on failure the message carries what each side
    got and both session descriptions, so that a rare failure is diagnosable from the CI log."""
    deadline = time.monotonic() + CALL_TIMEOUT
    while True:
        terminal = stats(term)["audio_in"]
        browser = web.do("stats")["stats"]
        if terminal["packets"] >= packets and browser["audioPacketsReceived"] >= packets:
            return
        if time.monotonic() > deadline:
            descriptions = {side: web.do("eval", expr=f"call?.pc?.{side}Description?.sdp ?? null")["value"]
                            for side in ("local", "remote")}
            raise AssertionError(f"audio did not flow both ways: terminal {terminal}, browser {browser}\n"
                                 f"browser's local description:\n{descriptions['local']}\n"
                                 f"browser's remote description:\n{descriptions['remote']}")
        time.sleep(0.5)


def test_browser_chats_with_and_calls_the_terminal(setup):
    server, term, web = setup
    web.do("login", name="webby")
    web.do("wait_user", name="term")
    wait_online(term, "webby")

    # Chat both ways; markup from the network stays text on the page.
    web.do("chat", text="hello from the browser")
    assert term.wait_event("chat", text="hello from the browser")["from"] == "webby"
    term.send("say hi <img src=x onerror=alert(1)><b>bold</b>")
    web.do("wait_chat", text="hi <img src=x onerror=alert(1)><b>bold</b>")
    assert web.do("chat_html")["foreign"] == 0

    # The browser calls the terminal, which answers.
    web.do("call", name="term")
    term.wait_event("ringing", peer="webby")
    term.send("answer")
    term.wait_event("connected-call", timeout=CALL_TIMEOUT, peer="webby")
    web.do("wait_state", text="in a call with term")
    figures = wait_frames(term, 20)
    assert figures["video_in"]["codec"] in ("VP8", "H264")
    browser = web.wait_stats(frames=20)
    assert_audio_both_ways(term, web)
    # The README's picture is refreshed only on request, so test runs leave the tree clean.
    shots = SCREENSHOTS if os.environ.get("CLIVRT_UPDATE_SCREENSHOTS") == "1" else server.log_path.parent
    shots.mkdir(parents=True, exist_ok=True)
    web.do("screenshot", path=str(shots / "web-call.png"))
    assert (shots / "web-call.png").stat().st_size > 10000

    # Each side hears the other's tone; the browser's mute silences it for the terminal.
    heard = server.log_path.parent / TERMINAL_HEARS
    wait_wav(heard, lambda f: is_tone(BROWSER_TONE_HZ)(f["tone_hz"]) and f["level_db"] > LOUD_DB, "the browser's tone")
    web.wait_audio_level(lambda level: level > HEARD_LEVEL, "sound from the terminal")
    web.do("click", id="mute")
    wait_wav(heard, lambda f: f["level_db"] < SILENT_DB, "silence after the browser's mute")
    web.do("click", id="mute")  # unmute
    wait_wav(heard, lambda f: is_tone(BROWSER_TONE_HZ)(f["tone_hz"]) and f["level_db"] > LOUD_DB, "the tone again")
    # Camera off keeps the call going.
    web.do("click", id="camera")
    wait_frames(term, stats(term)["frames_decoded"] + 10)
    web.do("click", id="hangup")
    assert "hung up" in term.wait_event("call-ended", peer="webby")["text"]

    # The terminal calls; the browser declines, and the terminal learns why.
    term.send("call webby")
    assert web.do("wait_incoming")["text"] == "term is calling"
    web.do("click", id="decline")
    assert "declined" in term.wait_event("call-ended", peer="webby")["text"]

    # No script error and no CSP violation: the page works under its own policy.
    assert not [e for e in web.page_errors if "Uncaught" in e or "Content Security Policy" in e], web.page_errors
    print("browser stats in the first call:", browser)


def test_terminal_calls_the_browser_which_answers(setup):
    server, term, web = setup
    web.do("login", name="webby")
    web.do("wait_user", name="term")
    wait_online(term, "webby")
    # The terminal calls the browser, which answers; the terminal hangs up.
    term.send("call webby")
    assert web.do("wait_incoming")["text"] == "term is calling"
    web.do("click", id="answer")
    term.wait_event("connected-call", timeout=CALL_TIMEOUT, peer="webby")
    web.do("wait_state", text="in a call with term")
    wait_frames(term, 20)
    web.wait_stats(frames=20)
    assert_audio_both_ways(term, web)
    # The terminal's mute silences it for the browser; unmute brings its tone back.
    web.wait_audio_level(lambda level: level > HEARD_LEVEL, "sound from the terminal")
    term.send("mute")
    web.wait_audio_level(lambda level: level < SILENT_LEVEL, "silence after the terminal's mute")
    term.send("unmute")
    web.wait_audio_level(lambda level: level > HEARD_LEVEL, "sound after the terminal's unmute")
    term.send("hangup")
    term.wait_event("call-ended", peer="webby")
    web.do("wait_state", text="term hung up")

    assert not [e for e in web.page_errors if "Uncaught" in e or "Content Security Policy" in e], web.page_errors


SAMPLE_FRAMES = """(async () => {
  const figures = { video: 0, audio: 0 };
  if (!window.sampleCallee || !window.sampleCallee.pc) return figures;
  (await window.sampleCallee.pc.getStats()).forEach((r) => {
    if (r.type !== 'inbound-rtp') return;
    if (r.kind === 'video') figures.video += r.framesDecoded ?? 0;
    if (r.kind === 'audio') figures.audio += r.packetsReceived ?? 0;
  });
  return figures;
})()"""


def test_terminal_calls_a_browser_that_behaves_like_the_mdn_sample(setup):
    """The sample's callee answers without media, then adds its camera and microphone and offers
    again in the same call; it needs named end-of-candidates, stream ids in our offer and the
    DTLS role kept in our second answer. Its hang-up has a null target."""
    server, term, web = setup
    web.do("sample_callee", url=f"wss://{ADDRESS_A}:{server.port}/", name="sampler")
    wait_online(term, "sampler")
    term.send("call sampler")
    term.wait_event("connected-call", timeout=CALL_TIMEOUT, peer="sampler")

    def sample():
        return web.do("eval", expr="JSON.stringify(window.sampleCallee)")["value"]

    deadline = time.monotonic() + CALL_TIMEOUT
    while True:
        state, figures = json.loads(sample()), web.do("eval", expr=SAMPLE_FRAMES)["value"]
        done = state["answersReceived"] >= 1 and figures["video"] >= 20 and figures["audio"] >= 20
        if done or state["errors"] or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert not state["errors"], state
    assert state["reoffersSent"] >= 1 and state["answersReceived"] >= 1, state
    assert state["signalingState"] == "stable", state
    assert figures["video"] >= 20 and figures["audio"] >= 20, (figures, state)
    assert "video" in state["streamTracks"], f"our video came without a stream id: {state}"
    # The sample's camera and microphone reach the terminal after its second offer.
    wait_frames(term, 20)
    deadline = time.monotonic() + CALL_TIMEOUT
    while stats(term)["audio_in"]["packets"] < 20:
        assert time.monotonic() < deadline, stats(term)
        time.sleep(0.5)

    web.do("eval", expr="window.sampleCallee.hangUp()")
    ended = term.wait_event("call-ended", timeout=CALL_TIMEOUT, peer="sampler")
    assert "hung up" in ended["text"], ended  # the hang-up itself, not the no-media watchdog
    assert not [e for e in web.page_errors if "Uncaught" in e], web.page_errors


def test_the_web_client_calls_a_browser_that_behaves_like_the_mdn_sample(setup):
    """Our page calls the scripted sample callee (in the same browser): it answers without media,
    then offers again with its camera; the page answers that within the call and shows it."""
    server, term, web = setup
    web.do("login", name="webby")
    web.do("sample_callee", url=f"wss://{ADDRESS_A}:{server.port}/", name="sampler")
    web.do("wait_user", name="sampler")
    web.do("call", name="sampler")
    web.do("wait_state", text="in a call with sampler")
    web.wait_stats(frames=20)  # the sampler's camera, sent only after its second offer
    deadline = time.monotonic() + CALL_TIMEOUT
    while (figures := web.do("eval", expr=SAMPLE_FRAMES)["value"])["video"] < 20:
        assert time.monotonic() < deadline, figures
        time.sleep(0.5)
    state = json.loads(web.do("eval", expr="JSON.stringify(window.sampleCallee)")["value"])
    assert state["reoffersSent"] >= 1 and state["answersReceived"] >= 1 and not state["errors"], state
    web.do("click", id="hangup")
    deadline = time.monotonic() + CALL_TIMEOUT
    while json.loads(web.do("eval", expr="JSON.stringify(window.sampleCallee)")["value"])["hangUps"] < 1:
        assert time.monotonic() < deadline, "the sampler never got the hang-up"
        time.sleep(0.3)
    assert not [e for e in web.page_errors if "Uncaught" in e or "Content Security Policy" in e], web.page_errors
