"""Sound between clivrt and aiortc, both directions, through clivrt-server (the Setup of
test_interop_aiortc: clivrt and the server in namespace a, aiortc in namespace b).

- clivrt → aiortc: clivrt sends its 440 Hz test tone; aiortc_client.py analyses what it decodes
  (dominant frequency, RMS level) and reports it in its `frames` events. `mute` typed into clivrt
  silences it, `unmute` brings the tone back, without renegotiating.
- aiortc → clivrt: aiortc sends a 440 Hz tone (`--tone`), clivrt writes what it receives to a
  WAV file (`--speaker file:PATH`), read while the call runs; aiortc's `mute`/`unmute` show in
  the newest samples and in clivrt's level meter for the peer (the JSON `status` event; `stats`
  has no level). After the hang-up the file is a complete WAV.
- A recording is never overwritten: a second call writes `alice-hears-2.wav` beside the first
  (the client says which file each call writes), and the first keeps its tone, byte for byte.
- A speaker file that cannot be written is a warning: the call goes on without playback.
"""
from __future__ import annotations

import time
import wave
from pathlib import Path

from aiortc_client import RATE, AiortcPeer
from netns_testlib import namespaces  # noqa: F401 (fixture)
from test_calls import CALL_TIMEOUT, stats, wait_online
from test_interop_aiortc import setup  # noqa: F401 (fixture)
from sound_testlib import LOUD_DB, SILENT_DB, SOUND_TIMEOUT, analyse, is_tone, read_wav_tail, wait_wav

LEVEL_BARS = " ▁▂▃▄▅▆▇█"  # clivrt's level meter: -60 dBFS and below blank, 0 dBFS a full block


def peer_meter(devices) -> int:
    """The peer's level meter in a `status` event's devices text ("🎤▆ 📷 🔈▆"): 0 (silence) to 8;
    -1 if there is none."""
    if not isinstance(devices, str) or "🔈" not in devices:
        return -1
    bar = devices.split("🔈", 1)[1][:1]
    return LEVEL_BARS.index(bar) if bar and bar in LEVEL_BARS else -1


def newest_frames(peer: AiortcPeer) -> int:
    frames = peer.all_events("frames")
    return frames[-1]["audio"] if frames else 0


def test_clivrt_tone_and_mute_reach_aiortc(setup):  # noqa: F811
    bob = setup.aiortc("bob")
    alice = setup.clivrt("alice")  # --microphone test: 440 Hz
    wait_online(alice, "bob")
    alice.send("call bob")
    alice.wait_event("connected-call", timeout=CALL_TIMEOUT, peer="bob")
    heard = bob.wait_event("frames", timeout=SOUND_TIMEOUT, tone_hz=is_tone(440), level_db=lambda db: db > LOUD_DB)
    wait_stats_level(alice, "audio_out", lambda db: db > LOUD_DB)  # alice's own meter

    alice.send("mute")
    alice.wait_event("muted")
    wait_stats_level(alice, "audio_out", lambda db: db < SILENT_DB)  # the meter shows what bob hears
    since = newest_frames(bob)
    silent = bob.wait_event("frames", timeout=SOUND_TIMEOUT, audio=lambda n: n > since,
                            level_db=lambda db: db < SILENT_DB)

    alice.send("unmute")
    alice.wait_event("unmuted")
    since = newest_frames(bob)
    back = bob.wait_event("frames", timeout=SOUND_TIMEOUT, audio=lambda n: n > since,
                          tone_hz=is_tone(440), level_db=lambda db: db > LOUD_DB)
    print("aiortc heard", heard, "muted", silent["level_db"], "unmuted", back)


def test_aiortc_tone_and_mute_reach_clivrt(setup):  # noqa: F811
    wav = setup.tmp / "alice-hears.wav"
    alice = setup.clivrt("alice", "--speaker", f"file:{wav}")
    bob = setup.aiortc("bob", "--tone", "440", "--call", "alice")
    alice.wait_event("ringing", timeout=CALL_TIMEOUT, peer="bob")
    alice.send("answer")
    alice.wait_event("connected-call", timeout=CALL_TIMEOUT, peer="bob")
    heard = wait_wav(wav, lambda f: is_tone(440)(f["tone_hz"]) and f["level_db"] > LOUD_DB, "440 Hz tone")
    figures = stats(alice)
    assert figures["audio_in"]["codec"] == "OPUS" and figures["audio_in"]["packets"] > 0, figures
    # The status line's meter for the peer shows the tone (-15 dBFS: ▆), and `stats` its level.
    alice.wait_event("status", timeout=SOUND_TIMEOUT, devices=lambda d: peer_meter(d) >= 4)
    wait_stats_level(alice, "audio_in", lambda db: db > LOUD_DB)

    bob.send("mute")
    bob.wait_event("muted")
    silent = wait_wav(wav, lambda f: f["level_db"] < SILENT_DB, "silence after mute")
    alice.wait_event("status", timeout=SOUND_TIMEOUT, devices=lambda d: peer_meter(d) == 0)
    wait_stats_level(alice, "audio_in", lambda db: db < SILENT_DB)
    bob.send("unmute")
    back = wait_wav(wav, lambda f: is_tone(440)(f["tone_hz"]) and f["level_db"] > LOUD_DB, "tone after unmute")
    alice.wait_event("status", timeout=SOUND_TIMEOUT, devices=lambda d: peer_meter(d) >= 4)
    print("clivrt heard", heard, "muted", silent["level_db"], "unmuted", back)

    # After the call the file is a complete WAV: its header's sizes were set when the call ended.
    hang_up_and_wait_for_the_file(bob, alice, wav)
    with wave.open(str(wav)) as finished:
        assert (finished.getframerate(), finished.getnchannels(), finished.getsampwidth()) == (RATE, 1, 2)
        frames = finished.getnframes()
        assert frames * 2 == wav.stat().st_size - 44 and frames > RATE  # at least the second analysed first


def wait_stats_level(client, stream: str, predicate) -> float:
    """Polls `stats` until its `stream` ("audio_in" or "audio_out") level_db satisfies `predicate`."""
    deadline = time.monotonic() + SOUND_TIMEOUT
    while True:
        level = stats(client)[stream]["level_db"]
        if level is not None and predicate(level):
            return level
        assert time.monotonic() < deadline, f"{client.name}: {stream} level {level}"
        time.sleep(0.5)


def recording_event(text: str) -> str:
    """The path in the client's "writing the peer's sound to PATH" notice, else ""."""
    prefix = "writing the peer's sound to "
    return text[len(prefix):] if isinstance(text, str) and text.startswith(prefix) else ""


def recordings_told(client) -> list[Path]:
    """Every file the client said it writes the peer's sound to, in order."""
    return [Path(recording_event(e.get("text"))) for e in client.events
            if isinstance(e, dict) and e.get("event") == "media" and recording_event(e.get("text"))]


def call_and_record(alice, bob, expected: Path) -> bytes:
    """bob calls, alice answers and records bob's tone to `expected`; bob hangs up. The finished file."""
    bob.send("call alice")
    alice.wait_event("ringing", timeout=CALL_TIMEOUT, peer="bob")
    alice.send("answer")
    alice.wait_event("connected-call", timeout=CALL_TIMEOUT, peer="bob")
    heard = wait_wav(expected, lambda f: is_tone(440)(f["tone_hz"]) and f["level_db"] > LOUD_DB, "440 Hz tone")
    hang_up_and_wait_for_the_file(bob, alice, expected)
    assert recordings_told(alice)[-1:] == [expected], recordings_told(alice)
    print(expected.name, "heard", heard)
    return expected.read_bytes()


def test_second_call_records_beside_the_first(setup):  # noqa: F811
    wav = setup.tmp / "alice-hears.wav"
    alice = setup.clivrt("alice", "--speaker", f"file:{wav}")
    bob = setup.aiortc("bob", "--tone", "440")
    wait_online(alice, "bob")
    first = call_and_record(alice, bob, wav)
    second = call_and_record(alice, bob, setup.tmp / "alice-hears-2.wav")
    assert recordings_told(alice) == [wav, setup.tmp / "alice-hears-2.wav"]  # once per call
    assert wav.read_bytes() == first, "the second call changed the first call's recording"
    assert len(first) >= 44 + RATE * 2 and len(second) >= 44 + RATE * 2  # a second of sound or more each
    tone = analyse(read_wav_tail(wav, 1.0))
    assert is_tone(440)(tone["tone_hz"]), tone
    assert sorted(p.name for p in setup.tmp.glob("alice-hears*")) == ["alice-hears-2.wav", "alice-hears.wav"]


def hang_up_and_wait_for_the_file(bob: AiortcPeer, alice, wav: Path) -> None:
    """bob hangs up; alice's call ends and her recording's header gets its final sizes."""
    bob.send("hangup")
    alice.wait_event("call-ended", timeout=CALL_TIMEOUT, peer="bob")
    deadline = time.monotonic() + CALL_TIMEOUT
    while not wav_is_finished(wav):
        assert time.monotonic() < deadline, f"{wav.name}: header sizes not finished after the call"
        time.sleep(0.5)


def wav_is_finished(path: Path) -> bool:
    data = path.read_bytes()
    return int.from_bytes(data[4:8], "little") == len(data) - 8 and data[36:40] == b"data" and \
        int.from_bytes(data[40:44], "little") == len(data) - 44


def test_unwritable_speaker_file_is_a_warning(setup):  # noqa: F811
    alice = setup.clivrt("alice", "--speaker", f"file:{setup.tmp}/no/such/dir/heard.wav")
    bob = setup.aiortc("bob", "--tone", "440", "--call", "alice")
    alice.wait_event("ringing", timeout=CALL_TIMEOUT, peer="bob")
    alice.send("answer")
    warning = alice.wait_event("media", timeout=CALL_TIMEOUT, kind="warning")
    assert "cannot write the speaker file" in warning["text"] and "No such file" in warning["text"], warning
    # The call goes on: sound still arrives (and is discarded), both ways.
    deadline = time.monotonic() + CALL_TIMEOUT
    while (figures := stats(alice))["audio_in"]["packets"] == 0:
        assert time.monotonic() < deadline, figures
        time.sleep(0.5)
    bob.wait_event("frames", timeout=SOUND_TIMEOUT, tone_hz=is_tone(440))
    assert alice.proc.poll() is None
