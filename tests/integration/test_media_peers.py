"""Calls between processes in two network namespaces joined by a veth pair: clivrt's media module
(clivrt-media-peer, webrtcbin) against aiortc 1.4, another WebRTC stack (which gathers no loopback
candidates), and against itself over a lossy link. pytest relays the descriptions and candidates
between the two processes, as the signaling server would.

Run as `python3 test_media_peers.py --aiortc offer|answer any|VP8|H264`, this file is the aiortc peer
itself: JSON lines on stdin/stdout, like clivrt-media-peer.
"""
import asyncio
import json
import os
import queue
import subprocess
import sys
import threading
import time

PYTHON = "/usr/bin/python3"


# ---------------------------------------------------------------------------- the aiortc peer
async def aiortc_peer(role, video_codec):
    from aiortc import RTCConfiguration, RTCPeerConnection, RTCRtpSender, RTCSessionDescription
    from aiortc.mediastreams import AudioStreamTrack, VideoStreamTrack

    def emit(message):
        print(json.dumps(message), flush=True)

    pc = RTCPeerConnection(RTCConfiguration(iceServers=[]))  # None would mean a public STUN server
    frames = 0

    @pc.on("track")
    def on_track(track):
        async def consume():
            nonlocal frames
            while True:
                try:
                    frame = await track.recv()
                except Exception:
                    return
                if track.kind == "video":
                    frames += 1
                    if frames % 10 == 0:
                        emit({"type": "frame", "count": frames, "width": frame.width, "height": frame.height})

        asyncio.ensure_future(consume())

    @pc.on("connectionstatechange")
    def on_state():
        emit({"type": "state", "state": pc.connectionState})

    if role == "offer":
        pc.addTrack(VideoStreamTrack())  # a green 640x480 frame at 30 fps
        pc.addTrack(AudioStreamTrack())
        if video_codec != "any":  # offer only this codec (and its RTX)
            codecs = RTCRtpSender.getCapabilities("video").codecs
            wanted = [c for c in codecs if c.mimeType == "video/" + video_codec]
            wanted += [c for c in codecs if c.mimeType == "video/rtx"]
            next(t for t in pc.getTransceivers() if t.kind == "video").setCodecPreferences(wanted)
        await pc.setLocalDescription(await pc.createOffer())  # waits for ICE gathering: full SDP
        emit({"type": "offer", "sdp": pc.localDescription.sdp})

    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    while True:
        line = await reader.readline()
        if not line:
            break
        message = json.loads(line)
        if message["type"] == "offer":
            await pc.setRemoteDescription(RTCSessionDescription(message["sdp"], "offer"))
            pc.addTrack(VideoStreamTrack())
            pc.addTrack(AudioStreamTrack())
            await pc.setLocalDescription(await pc.createAnswer())
            emit({"type": "answer", "sdp": pc.localDescription.sdp})
        elif message["type"] == "answer":
            await pc.setRemoteDescription(RTCSessionDescription(message["sdp"], "answer"))
        elif message["type"] == "quit":
            break
    await pc.close()


if __name__ == "__main__" and len(sys.argv) == 4 and sys.argv[1] == "--aiortc":
    asyncio.run(aiortc_peer(sys.argv[2], sys.argv[3]))
    sys.exit(0)


# ---------------------------------------------------------------------------- the test
from netns_testlib import NftTable, namespaces  # noqa: E402,F401 (fixture)


class Peer:
    """A child process speaking JSON lines; its output is collected by a reader thread."""

    def __init__(self, name, command, env):
        self.name = name
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, text=True, env=env)
        self.messages = queue.Queue()
        self.seen = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.process.stdout:
            try:
                self.messages.put(json.loads(line))
            except json.JSONDecodeError:
                self.messages.put({"type": "noise", "text": line})

    def send(self, message):
        try:
            self.process.stdin.write(json.dumps(message) + "\n")
            self.process.stdin.flush()
        except BrokenPipeError:
            pass  # it has exited: the report shows why

    def poll(self):
        new = []
        while True:
            try:
                new.append(self.messages.get_nowait())
            except queue.Empty:
                break
        self.seen += new
        return new

    def last(self, kind):
        return next((m for m in reversed(self.seen) if m["type"] == kind), None)

    def stop(self):
        if self.process.poll() is None:
            try:
                self.send({"type": "quit"})
                self.process.wait(timeout=10)
            except (OSError, subprocess.TimeoutExpired):
                self.process.kill()
                self.process.wait()
        return self.process.stderr.read()


def test_environment(tmp_path):
    return dict(os.environ, HOME=str(tmp_path), XDG_CACHE_HOME=str(tmp_path / "cache"),
                XDG_CONFIG_HOME=str(tmp_path / "config"), PYTHONDONTWRITEBYTECODE="1")


def clivrt_peer(namespace, role, env, *options):
    binary = os.path.join(os.environ["CLIVRT_BUILD_DIR"], "src/media/clivrt-media-peer")
    return Peer(f"clivrt-{role}", ["ip", "netns", "exec", namespace, binary, "--role", role, "--seconds", "60",
                                   *options], env)


def run_call(namespaces, tmp_path, clivrt_role, aiortc_codec="any"):
    a, b = namespaces
    env = test_environment(tmp_path)
    aiortc_role = "answer" if clivrt_role == "offer" else "offer"
    clivrt = clivrt_peer(a, clivrt_role, env, "--trickle", "0")
    clivrt.name = "clivrt"
    aiortc = Peer("aiortc", ["ip", "netns", "exec", b, PYTHON, os.path.abspath(__file__), "--aiortc", aiortc_role,
                             aiortc_codec],
                  env)
    relayed = []
    try:
        deadline = time.monotonic() + 45
        while time.monotonic() < deadline:
            for source, target in ((clivrt, aiortc), (aiortc, clivrt)):
                for message in source.poll():
                    if message["type"] in ("offer", "answer"):
                        relayed.append((source.name, message))
                        target.send(message)
            clivrt_frame, aiortc_frame = clivrt.last("frame"), aiortc.last("frame")
            if clivrt_frame and aiortc_frame and clivrt_frame["count"] >= 30 and aiortc_frame["count"] >= 30:
                break
            if clivrt.process.poll() is not None or aiortc.process.poll() is not None:
                break
            time.sleep(0.05)
        clivrt.send({"type": "stats"})
        time.sleep(0.5)
        clivrt.poll()
    finally:
        clivrt_errors, aiortc_errors = clivrt.stop(), aiortc.stop()
        clivrt.poll()
        aiortc.poll()
    report = f"clivrt exit code: {clivrt.process.returncode}\nclivrt: {clivrt.seen}\nclivrt stderr: {clivrt_errors[-3000:]}\naiortc: {aiortc.seen}\n" \
             f"aiortc stderr: {aiortc_errors[-3000:]}"
    descriptions = {name: message["sdp"] for name, message in relayed}
    assert "aiortc" in descriptions and "clivrt" in descriptions, report
    return clivrt, aiortc, descriptions, report


def test_aiortc_offer_with_per_media_ufrags_is_answered_unbundled(namespaces, tmp_path):
    clivrt, aiortc, relayed, report = run_call(namespaces, tmp_path, "answer")
    offer = relayed["aiortc"]
    ufrags = {line for line in offer.splitlines() if line.startswith("a=ice-ufrag:")}
    assert "a=group:BUNDLE" in offer and len(ufrags) > 1, "aiortc no longer shows the quirk:\n" + offer
    assert "a=group:BUNDLE" not in relayed["clivrt"]
    assert any(m["type"] == "state" and m["state"] == "connected" for m in clivrt.seen), report
    frame = clivrt.last("frame")
    assert frame and frame["count"] >= 30 and (frame["width"], frame["height"]) == (640, 480), report
    frame = aiortc.last("frame")
    assert frame and frame["count"] >= 30 and (frame["width"], frame["height"]) == (320, 240), report
    stats = clivrt.last("stats")
    assert stats and stats["video_in"]["codec"] == "VP8" and stats["frames_decoded"] >= 30, report


def test_clivrt_offer_is_answered_by_aiortc(namespaces, tmp_path):
    clivrt, aiortc, relayed, report = run_call(namespaces, tmp_path, "offer")
    assert "a=group:BUNDLE" in relayed["clivrt"]  # max-bundle when we offer
    assert any(m["type"] == "state" and m["state"] == "connected" for m in clivrt.seen), report
    frame = clivrt.last("frame")
    assert frame and frame["count"] >= 30 and (frame["width"], frame["height"]) == (640, 480), report
    frame = aiortc.last("frame")
    assert frame and frame["count"] >= 30 and (frame["width"], frame["height"]) == (320, 240), report


def test_h264_only_offer_is_answered_with_h264(namespaces, tmp_path):
    clivrt, aiortc, relayed, report = run_call(namespaces, tmp_path, "answer", aiortc_codec="H264")
    assert "VP8" not in relayed["aiortc"]
    assert "H264/90000" in relayed["clivrt"] and "VP8" not in relayed["clivrt"]
    frame = clivrt.last("frame")
    assert frame and frame["count"] >= 30 and (frame["width"], frame["height"]) == (640, 480), report
    frame = aiortc.last("frame")
    assert frame and frame["count"] >= 30 and (frame["width"], frame["height"]) == (320, 240), report
    stats = clivrt.last("stats")
    assert stats and stats["video_in"]["codec"] == "H264" and stats["video_out"]["codec"] == "H264", report


def test_video_keeps_arriving_over_a_lossy_link(namespaces, tmp_path):
    """5% of the packets to the answerer are dropped; with NACK/RTX and keyframe requests on, the
    video keeps arriving and decoding. Trickle ICE both ways."""
    a, b = namespaces
    env = test_environment(tmp_path)
    # On the receiving side's input hook (dropping on output would give the sender EPERM), any
    # media the peer sends, UDP or TCP, IPv4 or IPv6: ICE may pick the veth's IPv6 link-local pair.
    loss = NftTable(b)
    loss.add_rule("meta l4proto { tcp, udp } numgen random mod 100 < 5 counter drop")
    offerer, answerer = clivrt_peer(a, "offer", env), clivrt_peer(b, "answer", env)
    try:
        deadline = time.monotonic() + 45
        while time.monotonic() < deadline:
            for source, target in ((offerer, answerer), (answerer, offerer)):
                for message in source.poll():
                    if message["type"] in ("offer", "answer", "candidate"):
                        target.send(message)
            frame = answerer.last("frame")
            if frame and frame["count"] >= 150:
                break
            if offerer.process.poll() is not None or answerer.process.poll() is not None:
                break
            time.sleep(0.05)
        answerer.send({"type": "stats"})
        offerer.send({"type": "stats"})
        time.sleep(0.5)
        answerer.poll()
        offerer.poll()
    finally:
        offerer_errors, answerer_errors = offerer.stop(), answerer.stop()
    report = f"offerer: {offerer.seen[-12:]}\n{offerer_errors[-2000:]}\nanswerer: {answerer.seen[-12:]}\n" \
             f"{answerer_errors[-2000:]}"
    frame = answerer.last("frame")
    assert frame and frame["count"] >= 150, report
    received, sent = answerer.last("stats"), offerer.last("stats")
    assert received and sent, report
    dropped = loss.dropped_packets()
    loss.delete()
    assert dropped > 0, report  # the link really lost packets on the way to the answerer
    assert received["frames_decoded"] >= 150, report
    # NACK counts are not asserted: webrtcbin 1.22's get-stats reported nack-count 0 on every entry
    # in some runs even while packets were dropped (see docs/performance.md, known issues).
