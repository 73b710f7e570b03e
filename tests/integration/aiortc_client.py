"""An aiortc 1.4 peer that logs in to clivrt-server as a user and makes or answers calls with
clivrt's signaling (docs/protocol.md), like the original Python clivrt did: its offer or answer
carries every candidate (no trickle of its own), and it accepts the candidates we trickle
(`new-ice-candidate`, with sdpMid; an empty candidate means end of candidates).

Run as a program (in a network namespace: aiortc gathers no loopback candidates):

    /usr/bin/python3 aiortc_client.py --server ws://HOST:PORT --user NAME [--call PEER] [--tone HZ]

It answers every offer at once and sends a green picture and silence, or with `--tone HZ` a sine
tone (48 kHz, 20 ms frames, peak -12 dBFS, continuous phase). Its STUN/TURN servers are the
ones the server's `ice-servers` message gives (none until then: never a public STUN server).
Events are JSON lines on stdout with an "event" field: logged-in, userlist, ice-servers ({"urls"}),
offer-sent, offer-received, answer-sent, answer-received, candidate, end-of-candidates, state
(with "pairs" once connected: the selected candidate pair of each ICE transport, {"local_type",
"local_address", "remote_type", "remote_address", "protocol"}), frames ({"video": N, "audio": M, "width",
"height", "tone_hz", "level_db"}, once a second while media flows; tone_hz is the dominant
frequency of the last second of received sound, level_db the RMS level of its last half second
in dBFS, -120 for digital silence), hang-up (from the peer), error. Commands on stdin, one a
line: `call PEER`, `hangup`, `mute` / `unmute` (outgoing sound becomes digital silence and back,
without renegotiating), `quit`.

`AiortcPeer` is the test side: it starts this program (through a command prefix such as
`ip netns exec NS`) and waits for its events.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any, Callable, Optional, Sequence

PYTHON = "/usr/bin/python3"  # Debian's, with python3-aiortc, python3-websockets and python3-numpy
RATE = 48000
FRAME_SAMPLES = RATE // 50  # 20 ms
TONE_AMPLITUDE = 0.25 * 32767  # peak -12 dBFS


# ---------------------------------------------------------------------------- the peer program
def emit(event: str, **fields) -> None:
    print(json.dumps({"event": event, **fields}), flush=True)


def make_tone_track(hz: float, muted: Callable[[], bool]):
    """An audio track of a sine tone at `hz` (silence if `hz` is 0), digital silence while
    `muted()` says so; the phase runs on through mutes, so unmuting resumes the same wave."""
    import fractions

    import numpy
    from aiortc.mediastreams import MediaStreamError, MediaStreamTrack
    from av import AudioFrame

    class ToneTrack(MediaStreamTrack):
        kind = "audio"

        def __init__(self):
            super().__init__()
            self.sent = 0  # samples so far: the timestamp and the phase
            self.start: Optional[float] = None

        async def recv(self):
            if self.readyState != "live":
                raise MediaStreamError
            if self.start is None:
                self.start = time.time()
            else:  # paced by the wall clock, like aiortc's own tracks
                await asyncio.sleep(max(0.0, self.start + self.sent / RATE - time.time()))
            index = numpy.arange(self.sent, self.sent + FRAME_SAMPLES)
            wave = numpy.zeros(FRAME_SAMPLES, dtype=numpy.int16)
            if hz and not muted():
                wave = (TONE_AMPLITUDE * numpy.sin(2 * numpy.pi * hz * index / RATE)).astype(numpy.int16)
            frame = AudioFrame(format="s16", layout="mono", samples=FRAME_SAMPLES)
            frame.planes[0].update(wave.tobytes())
            frame.pts, frame.sample_rate, frame.time_base = self.sent, RATE, fractions.Fraction(1, RATE)
            self.sent += FRAME_SAMPLES
            return frame

    return ToneTrack()


def analyse(samples) -> dict:
    """Dominant frequency (Hz, whole second) and RMS level (dBFS, last half second) of mono
    float samples in [-1, 1] at 48 kHz."""
    import numpy

    if len(samples) < RATE // 10:
        return {"tone_hz": 0.0, "level_db": -120.0}
    spectrum = numpy.abs(numpy.fft.rfft(samples * numpy.hanning(len(samples))))
    spectrum[0] = 0  # DC
    hz = float(numpy.argmax(spectrum)) * RATE / len(samples)
    tail = samples[-RATE // 2:]
    rms = float(numpy.sqrt(numpy.mean(numpy.square(tail))))
    return {"tone_hz": round(hz, 1), "level_db": round(max(-120.0, 20 * numpy.log10(max(rms, 1e-6))), 1)}


class Caller:
    """One login on the server, at most one call at a time."""

    def __init__(self, ws, tone: float = 0.0):
        self.ws = ws
        self.tone = tone
        self.muted = False
        self.heard: list = []  # decoded mono chunks (float), the last second or so
        self.users: list[str] = []
        self.ice_servers: list[dict] = []  # RTCIceServer dicts from the server's ice-servers message
        self.pc = None
        self.peer: Optional[str] = None
        self.remote_set = False
        self.early_candidates: list[dict] = []
        self.video = self.audio = 0
        self.size = (0, 0)

    async def send(self, message: dict) -> None:
        await self.ws.send(json.dumps(message))

    def new_connection(self, peer: str):
        from aiortc import RTCConfiguration, RTCIceServer, RTCPeerConnection

        servers = [RTCIceServer(urls=server["urls"], username=server.get("username"),
                                credential=server.get("credential")) for server in self.ice_servers]
        # Only the server's list, [] without one: None would mean a public STUN server.
        self.pc = RTCPeerConnection(RTCConfiguration(iceServers=servers))
        self.peer, self.remote_set, self.early_candidates = peer, False, []
        self.video = self.audio = 0
        self.heard = []
        pc = self.pc

        @pc.on("track")
        def on_track(track):
            asyncio.ensure_future(self.consume(track))

        @pc.on("connectionstatechange")
        async def on_state():
            pairs = selected_pairs(pc) if pc.connectionState == "connected" else []
            emit("state", state=pc.connectionState, peer=peer, **({"pairs": pairs} if pairs else {}))

        return pc

    def add_tracks(self) -> None:
        from aiortc.mediastreams import AudioStreamTrack, VideoStreamTrack

        self.pc.addTrack(VideoStreamTrack())  # a green 640x480 frame at 30 fps
        if self.tone:
            self.pc.addTrack(make_tone_track(self.tone, lambda: self.muted))
        else:
            self.pc.addTrack(AudioStreamTrack())  # silence, 20 ms packets

    async def consume(self, track) -> None:
        while True:
            try:
                frame = await track.recv()
            except Exception:
                return
            if track.kind == "video":
                self.video += 1
                self.size = (frame.width, frame.height)
            else:
                self.audio += 1
                self.keep_sound(frame)

    def keep_sound(self, frame) -> None:
        """Keeps the last second of what is heard, as mono floats. aiortc's Opus decoder gives
        packed (interleaved) stereo s16: one plane, shape (1, 2 * samples)."""
        import numpy

        data = frame.to_ndarray()
        channels = len(frame.layout.channels)
        if frame.format.is_planar:
            mono = data.astype(numpy.float32).mean(axis=0)
        else:
            mono = data.reshape(-1, channels).astype(numpy.float32).mean(axis=1)
        scale = 32768.0 if frame.format.name.startswith("s16") else 1.0
        self.heard.append(mono / scale)
        total = sum(len(chunk) for chunk in self.heard)
        while self.heard and total - len(self.heard[0]) >= frame.sample_rate:
            total -= len(self.heard.pop(0))

    async def report_frames(self) -> None:
        last = (0, 0)
        while True:
            await asyncio.sleep(1)
            if (self.video, self.audio) != last:
                last = (self.video, self.audio)
                sound = {}
                if self.heard:
                    import numpy
                    sound = analyse(numpy.concatenate(self.heard))
                emit("frames", video=self.video, audio=self.audio, width=self.size[0], height=self.size[1],
                     peer=self.peer, rtp=await self.inbound_stats(), **sound)

    async def inbound_stats(self) -> dict:
        """RTP packets received and lost per kind, from aiortc's receiver statistics."""
        figures = {}
        for transceiver in self.pc.getTransceivers() if self.pc else []:
            try:
                report = await transceiver.receiver.getStats()
            except Exception:  # closing
                continue
            for stats in report.values():
                if stats.type == "inbound-rtp":
                    figures[transceiver.kind] = {"packets": stats.packetsReceived, "lost": stats.packetsLost}
        return figures

    async def call(self, peer: str) -> None:
        pc = self.new_connection(peer)
        self.add_tracks()
        await pc.setLocalDescription(await pc.createOffer())  # waits for gathering: every candidate inside
        await self.send({"type": "video-offer", "target": peer, "media": ["audio", "video"],
                         "sdp": {"type": "offer", "sdp": pc.localDescription.sdp}})
        emit("offer-sent", peer=peer, sdp=pc.localDescription.sdp)

    async def hang_up(self, reason: str = "hangup") -> None:
        if self.peer:
            await self.send({"type": "hang-up", "target": self.peer, "reason": reason})
        await self.close()

    async def close(self) -> None:
        if self.pc:
            await self.pc.close()
        self.pc, self.peer = None, None

    async def on_message(self, message: dict) -> None:
        from aiortc import RTCSessionDescription

        kind, sender = message.get("type"), message.get("name")
        if kind == "userlist":
            self.users = message.get("users", [])
            emit("userlist", users=self.users)
        elif kind == "ice-servers" and "name" not in message:  # the server's own, never a peer's
            self.ice_servers = [server for server in message.get("iceServers") or []
                                if isinstance(server, dict) and server.get("urls")]
            emit("ice-servers", urls=[url for server in self.ice_servers for url in (
                server["urls"] if isinstance(server["urls"], list) else [server["urls"]])])
        elif kind == "video-offer":
            if self.pc is not None:
                await self.send({"type": "hang-up", "target": sender, "reason": "busy"})
                return
            emit("offer-received", peer=sender, sdp=message["sdp"]["sdp"], media=message.get("media"))
            pc = self.new_connection(sender)
            await pc.setRemoteDescription(RTCSessionDescription(message["sdp"]["sdp"], "offer"))
            await self.remote_description_set()
            self.add_tracks()
            await pc.setLocalDescription(await pc.createAnswer())
            await self.send({"type": "video-answer", "target": sender,
                             "sdp": {"type": "answer", "sdp": pc.localDescription.sdp}})
            emit("answer-sent", peer=sender, sdp=pc.localDescription.sdp)
        elif kind == "video-answer" and self.pc is not None and sender == self.peer:
            emit("answer-received", peer=sender, sdp=message["sdp"]["sdp"])
            await self.pc.setRemoteDescription(RTCSessionDescription(message["sdp"]["sdp"], "answer"))
            await self.remote_description_set()
        elif kind == "new-ice-candidate" and self.pc is not None and sender == self.peer:
            if self.remote_set:
                await self.add_candidate(message.get("candidate") or {})
            else:
                self.early_candidates.append(message.get("candidate") or {})
        elif kind == "hang-up" and sender == self.peer:
            emit("hang-up", peer=sender, reason=message.get("reason"))
            await self.close()
        elif kind == "error":
            emit("error", code=message.get("code"), message=message.get("message"))

    async def remote_description_set(self) -> None:
        self.remote_set = True
        for candidate in self.early_candidates:
            await self.add_candidate(candidate)
        self.early_candidates = []

    async def add_candidate(self, body: dict) -> None:
        from aiortc.sdp import candidate_from_sdp

        text, mid, index = body.get("candidate") or "", body.get("sdpMid"), body.get("sdpMLineIndex")
        transceivers = self.pc.getTransceivers()
        if mid is None and isinstance(index, int) and 0 <= index < len(transceivers):
            mid = transceivers[index].mid
        if not text:  # end of candidates, for one media section or (no mid) for all of them
            ended = set()
            for transceiver in transceivers:
                ice = transceiver.receiver.transport.transport
                if (mid is None or transceiver.mid == mid) and id(ice) not in ended:
                    ended.add(id(ice))
                    await ice.addRemoteCandidate(None)
            emit("end-of-candidates", sdpMid=mid)
            return
        candidate = candidate_from_sdp(text.split(":", 1)[1] if text.startswith("candidate:") else text)
        candidate.sdpMid, candidate.sdpMLineIndex = mid, index
        await self.pc.addIceCandidate(candidate)
        emit("candidate", candidate=text, sdpMid=mid, ip=candidate.ip, protocol=candidate.protocol)


def selected_pairs(pc) -> list[dict]:
    """The candidate pair aioice nominated on each of the connection's ICE transports."""
    pairs, seen = [], set()
    for transceiver in pc.getTransceivers():
        ice = transceiver.receiver.transport.transport
        if id(ice) in seen:
            continue
        seen.add(id(ice))
        for pair in getattr(ice._connection, "_nominated", {}).values():
            local, remote = pair.local_candidate, pair.remote_candidate
            pairs.append({"local_type": local.type, "local_address": f"{local.host}:{local.port}",
                          "remote_type": remote.type, "remote_address": f"{remote.host}:{remote.port}",
                          "protocol": local.transport})
    return pairs


async def run_peer(server: str, user: str, call: Optional[str], tone: float) -> None:
    import websockets

    async with websockets.connect(f"{server}/chat/{user}", max_size=None, open_timeout=30) as ws:
        caller = Caller(ws, tone)
        emit("logged-in", user=user)
        commands: asyncio.Queue = asyncio.Queue()
        loop = asyncio.get_running_loop()
        reader = asyncio.StreamReader()
        await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)

        async def read_commands():
            while line := await reader.readline():
                await commands.put(line.decode().split())
            await commands.put(["quit"])

        async def read_server():
            async for data in ws:
                await commands.put(("message", json.loads(data)))
            await commands.put(["quit"])

        tasks = [asyncio.ensure_future(t) for t in (read_commands(), read_server(), caller.report_frames())]
        if call:
            await commands.put(["call", call])
        try:
            while True:  # one queue, so that messages and commands are handled in order
                item = await commands.get()
                if item and item[0] == "message":
                    await caller.on_message(item[1])
                elif item == ["quit"]:
                    break
                elif item == ["hangup"]:
                    await caller.hang_up()
                elif item in (["mute"], ["unmute"]):
                    caller.muted = item == ["mute"]
                    emit(item[0] + "d")
                elif len(item) == 2 and item[0] == "call":
                    while item[1] not in caller.users:  # the roster must show the peer first
                        next_item = await commands.get()
                        if next_item and next_item[0] == "message":
                            await caller.on_message(next_item[1])
                        elif next_item == ["quit"]:
                            return
                    await caller.call(item[1])
        finally:
            await caller.close()
            for task in tasks:
                task.cancel()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--server", required=True, help="ws://HOST:PORT")
    parser.add_argument("--user", required=True)
    parser.add_argument("--call", help="call this user once the server lists them")
    parser.add_argument("--tone", type=float, default=0.0, metavar="HZ", help="send a sine tone, not silence")
    options = parser.parse_args()
    asyncio.run(run_peer(options.server, options.user, options.call, options.tone))


# ---------------------------------------------------------------------------- the test side
class AiortcPeer:
    """This program as a child process; `events` holds its parsed stdout lines."""

    def __init__(self, directory: Path, server_url: str, user: str, *args: str,
                 prefix: Sequence[str] = (), env: Optional[dict] = None):
        self.name = user
        self.stderr_path = Path(directory) / f"aiortc-{user}-{time.monotonic_ns()}.stderr"
        self._stderr = open(self.stderr_path, "wb")
        self.argv = [*prefix, PYTHON, str(Path(__file__).resolve()), "--server", server_url, "--user", user, *args]
        self.proc = subprocess.Popen(self.argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=self._stderr, env=env)
        self.events: list[Any] = []
        self._queue: "queue.Queue[Any]" = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            try:
                self._queue.put(json.loads(line))
            except ValueError:
                self._queue.put({"event": "<not json>", "text": line.decode(errors="replace")})
        self._queue.put(None)

    def send(self, line: str) -> None:
        self.proc.stdin.write((line + "\n").encode())
        self.proc.stdin.flush()

    def _drain(self) -> bool:
        """Moves queued events into `events`; False once the output has ended."""
        while True:
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                return True
            if item is None:
                self._queue.put(None)
                return False
            self.events.append(item)

    def wait_for(self, predicate: Callable[[Any], bool], timeout: float, what: str = "") -> Any:
        """The first event so far (from the start: peers' events interleave freely) that satisfies
        `predicate`, waiting for it up to `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while True:
            alive = self._drain()
            found = next((e for e in self.events if predicate(e)), None)
            if found is not None:
                return found
            if not alive:
                raise AssertionError(f"aiortc {self.name} exited ({self.proc.poll()}) before {what}:\n"
                                     f"{self.transcript()}")
            if time.monotonic() > deadline:
                raise AssertionError(f"aiortc {self.name}: no {what} within {timeout} s:\n{self.transcript()}")
            time.sleep(0.05)

    def wait_event(self, event: str, timeout: float = 30, **fields) -> dict:
        """The first event of this type whose fields equal `fields` (callables are predicates)."""
        def match(item):
            return isinstance(item, dict) and item.get("event") == event and all(
                want(item.get(key)) if callable(want) else item.get(key) == want for key, want in fields.items())
        return self.wait_for(match, timeout, what=f"'{event}' {fields or ''}")

    def all_events(self, event: str) -> list[dict]:
        self._drain()
        return [e for e in self.events if e.get("event") == event]

    def transcript(self) -> str:
        self._drain()
        shown = [json.dumps({k: (v[:200] + "…" if isinstance(v, str) and len(v) > 200 else v)
                             for k, v in e.items()}) for e in self.events[-40:]]
        self._stderr.flush()
        return "\n".join(shown) + "\n--- stderr:\n" + self.stderr_path.read_text(errors="replace")[-3000:]

    def stop(self) -> None:
        if self.proc.poll() is None:
            try:
                self.send("quit")
                self.proc.wait(timeout=10)
            except (OSError, subprocess.TimeoutExpired):
                self.proc.kill()
                self.proc.wait()
        self._stderr.close()


if __name__ == "__main__":
    main()
