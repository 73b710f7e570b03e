"""Playback and capture through a real sound server: a private PulseAudio daemon (its own socket
and runtime dir under the test's tmp dir, two null sinks, no system-wide config), and two clivrt
clients calling each other on loopback through a clivrt-server.

- alice: `--speaker auto --microphone auto` against that daemon. Its default sink is the null
  sink "speaker"; its default source is the monitor of the null sink "mic", into which the test
  plays a 660 Hz tone with pacat. So alice runs the real path: pulsesrc → webrtcdsp (echo
  cancelling against the webrtcechoprobe before pulsesink) → Opus, and Opus → pulsesink.
- bob: sends its 440 Hz test tone and writes what it hears to a WAV file (`--speaker file:…`).

Asserts: the speaker's monitor (recorded with parec) carries bob's 440 Hz tone, and bob hears
alice's microphone, i.e. the 660 Hz tone. Then `devices` lists the daemon's sinks and sources
under the names the settings take, and `--speaker pulse:NAME` plays on that sink only.
Skipped only without the pulseaudio binary.
"""
from __future__ import annotations

import shutil
import subprocess
import threading
import time
from pathlib import Path

import pytest

from aiortc_client import RATE
from client_testlib import ClientProcess, client_env
from clivrt_testlib import isolated_env, server, server_factory  # noqa: F401 (fixtures)
from test_calls import CALL_TIMEOUT, caller_args, connect_call, stats
from sound_testlib import LOUD_DB, SILENT_DB, SOUND_TIMEOUT, analyse, is_tone, numpy, wait_wav

PULSEAUDIO, PACAT = shutil.which("pulseaudio"), shutil.which("pacat")
START_TIMEOUT = 30.0

pytestmark = pytest.mark.skipif(PULSEAUDIO is None or PACAT is None,
                                reason="needs pulseaudio and pacat: install pulseaudio and pulseaudio-utils")


class PulseServer:
    """A PulseAudio daemon of our own, stopped by stop(). `env` points clients at it."""

    def __init__(self, tmp: Path):
        self.dir = Path(tmp) / "pulse"
        runtime = self.dir / "run"
        runtime.mkdir(parents=True)
        socket = runtime / "native"
        config = self.dir / "default.pa"
        # -n: none of the system's default.pa; only the native socket and two mono null sinks.
        config.write_text(
            f"load-module module-native-protocol-unix auth-anonymous=1 socket={socket}\n"
            "load-module module-null-sink sink_name=speaker rate=48000 channels=1\n"
            "load-module module-null-sink sink_name=mic rate=48000 channels=1\n"
            "set-default-sink speaker\n"
            "set-default-source mic.monitor\n")
        self.env = isolated_env(self.dir, {"PULSE_SERVER": f"unix:{socket}"})
        self.log_path = self.dir / "pulseaudio.log"
        self._log = open(self.log_path, "wb")
        # As root it warns ("not intended to be run as root") and runs: a per-user daemon in HOME.
        self.proc = subprocess.Popen(
            [PULSEAUDIO, "-n", "-F", str(config), "--daemonize=no", "--exit-idle-time=-1", "--disallow-exit",
             "--use-pid-file=no", "--log-target=stderr"],
            stdin=subprocess.DEVNULL, stdout=self._log, stderr=self._log, env=self.env)
        deadline = time.monotonic() + START_TIMEOUT
        while subprocess.run(["pactl", "info"], env=self.env, capture_output=True).returncode != 0:
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise AssertionError(f"pulseaudio did not start:\n{self.log()}")
            time.sleep(0.2)
        self._players: list[subprocess.Popen] = []
        self._stop_playing = threading.Event()

    def log(self) -> str:
        self._log.flush()
        return self.log_path.read_text(errors="replace")[-3000:]

    def record(self, source: str, seconds: float) -> "numpy.ndarray":
        """`seconds` of what `source` carries, as mono floats (parec, raw s16le at 48 kHz)."""
        recorder = subprocess.Popen(["parec", f"--device={source}", "--raw", "--format=s16le", f"--rate={RATE}",
                                     "--channels=1", "--latency-msec=20"],
                                    stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=self.env)
        try:
            wanted = int(seconds * RATE) * 2
            data = bytearray()
            while len(data) < wanted:
                chunk = recorder.stdout.read1(wanted - len(data))
                if not chunk:
                    break
                data += chunk
        finally:
            recorder.kill()
            recorder.wait()
        return numpy.frombuffer(bytes(data[:len(data) // 2 * 2]), dtype="<i2") / 32768.0

    def play_tone(self, sink: str, hz: float) -> None:
        """Plays a continuous tone (peak -12 dBFS) into `sink` until stop()."""
        player = subprocess.Popen(["pacat", "--playback", f"--device={sink}", "--raw", "--format=s16le",
                                   f"--rate={RATE}", "--channels=1"],
                                  stdin=subprocess.PIPE, stderr=subprocess.DEVNULL, env=self.env)
        self._players.append(player)
        second = (0.25 * 32767 * numpy.sin(2 * numpy.pi * hz * numpy.arange(RATE) / RATE)).astype("<i2").tobytes()

        def feed():  # whole periods per second (integer hz): seamless when repeated
            try:
                while not self._stop_playing.is_set():
                    player.stdin.write(second)  # blocks at the sink's real-time pace
                    player.stdin.flush()
            except (BrokenPipeError, ValueError, OSError):
                pass
        threading.Thread(target=feed, daemon=True).start()

    def stop(self) -> None:
        self._stop_playing.set()
        for player in getattr(self, "_players", []):
            player.kill()
            player.wait()
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._log.close()


@pytest.fixture
def pulse(tmp_path):
    daemon = PulseServer(tmp_path)
    yield daemon
    daemon.stop()


@pytest.fixture
def client_factory(tmp_path, server):  # noqa: F811
    started: list[ClientProcess] = []

    def make(user: str, *extra: str, env=None) -> ClientProcess:
        client = ClientProcess(tmp_path, *caller_args(*extra), server_url=server.url, user=user, env=env)
        started.append(client)
        client.wait_event("connected", timeout=CALL_TIMEOUT)
        return client
    yield make
    for client in started:
        client.kill()


def wait_recorded(pulse: PulseServer, source: str, predicate, what: str) -> dict:
    deadline = time.monotonic() + SOUND_TIMEOUT
    while True:
        found = analyse(pulse.record(source, 1.0))
        if predicate(found):
            return found
        assert time.monotonic() < deadline, f"no {what} on {source} within {SOUND_TIMEOUT} s (last: {found}); " \
                                            f"pulseaudio log:\n{pulse.log()}"


def test_speaker_and_microphone_through_pulseaudio(tmp_path, pulse, client_factory):
    heard_by_bob = tmp_path / "bob-hears.wav"
    alice = client_factory("alice", "--speaker", "auto", "--microphone", "auto",
                           env=client_env(tmp_path / "alice-env", {"PULSE_SERVER": pulse.env["PULSE_SERVER"]}))
    bob = client_factory("bob", "--microphone", "test", "--speaker", f"file:{heard_by_bob}")
    pulse.play_tone("mic", 660)
    connect_call(alice, bob)

    # (a) alice's speaker plays bob's tone: the "speaker" null sink's monitor carries it.
    played = wait_recorded(pulse, "speaker.monitor", lambda f: is_tone(440)(f["tone_hz"]) and f["level_db"] > LOUD_DB,
                           "440 Hz tone")
    # (b) alice's microphone (the "mic" sink's monitor, through webrtcdsp) reaches bob.
    captured = wait_wav(heard_by_bob, lambda f: is_tone(660)(f["tone_hz"]) and f["level_db"] > LOUD_DB,
                        "660 Hz tone")
    figures = stats(alice)
    assert figures["audio_in"]["codec"] == "OPUS" and figures["audio_in"]["packets"] > 0, figures
    assert not [e for e in alice.events if isinstance(e, dict) and e.get("event") == "media"
                and "sound" in e.get("text", "")], alice.transcript()  # no "no sound output found"
    print("speaker played", played, "bob heard alice's microphone", captured)
    alice.send("hangup")
    bob.wait_event("call-ended", timeout=CALL_TIMEOUT, peer="alice")


def test_devices_lists_the_sound_servers_devices_and_a_name_picks_one(tmp_path, pulse, client_factory):
    subprocess.run(["pactl", "load-module", "module-null-sink", "sink_name=other", "rate=48000", "channels=1"],
                   env=pulse.env, check=True, capture_output=True)
    env = client_env(tmp_path / "alice-env", {"PULSE_SERVER": pulse.env["PULSE_SERVER"]})
    alice = client_factory("alice", "--speaker", "pulse:other", "--microphone", "none", env=env)
    alice.send("devices")
    listed = alice.wait_event("devices")["devices"]
    names = {(device["kind"], device["name"]) for device in listed}
    assert {("speaker", "pulse:speaker"), ("speaker", "pulse:other"), ("microphone", "pulse:mic.monitor")} <= names, \
        listed
    # The named sink plays the peer's tone; the default one stays silent.
    bob = client_factory("bob", "--microphone", "test")
    connect_call(alice, bob)
    played = wait_recorded(pulse, "other.monitor", lambda f: is_tone(440)(f["tone_hz"]) and f["level_db"] > LOUD_DB,
                           "440 Hz tone on the named sink")
    default = analyse(pulse.record("speaker.monitor", 1.0))
    assert default["level_db"] < SILENT_DB, default
    print("named sink played", played, "default sink", default)
