"""Sound checks shared by the tests: the analysis of what a side heard (dominant frequency and
level, as aiortc_client.py reports them), and reading a WAV file that clivrt is still writing
(`--speaker file:PATH`)."""
from __future__ import annotations

import time
from pathlib import Path

import pytest

from aiortc_client import RATE, analyse

numpy = pytest.importorskip("numpy", reason="install python3-numpy")

SOUND_TIMEOUT = 60.0  # first sound after connecting, and each mute/unmute, on a loaded machine
LOUD_DB = -30.0       # both tones are at about -12 dBFS peak (-15 dBFS RMS)
SILENT_DB = -60.0


def read_wav_tail(path: Path, seconds: float) -> "numpy.ndarray":
    """The newest `seconds` of a 48 kHz mono s16 WAV file that may still be being written (its
    header's sizes unfinished): the samples are whatever follows the "data" chunk header."""
    data = Path(path).read_bytes() if Path(path).exists() else b""
    if data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        return numpy.zeros(0, dtype=numpy.float32)
    offset = 12
    while offset + 8 <= len(data):
        size = int.from_bytes(data[offset + 4:offset + 8], "little")
        if data[offset:offset + 4] == b"data":
            samples = data[offset + 8:]
            samples = samples[:len(samples) // 2 * 2]
            return (numpy.frombuffer(samples, dtype="<i2")[-int(seconds * RATE):] / 32768.0).astype(numpy.float32)
        offset += 8 + size + (size & 1)
    return numpy.zeros(0, dtype=numpy.float32)


def is_tone(hz: float):
    return lambda found: found is not None and abs(found - hz) <= 5


def wait_wav(path: Path, predicate, what: str, timeout: float = SOUND_TIMEOUT) -> dict:
    """Polls the newest second of the WAV file until its analysis satisfies `predicate`."""
    deadline = time.monotonic() + timeout
    while True:
        samples = read_wav_tail(path, 1.0)
        found = analyse(samples) if len(samples) >= RATE else None
        if found is not None and predicate(found):
            return found
        assert time.monotonic() < deadline, f"{path.name}: no {what} within {timeout} s (last: {found})"
        time.sleep(0.5)
