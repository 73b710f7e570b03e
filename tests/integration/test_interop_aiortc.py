"""clivrt against another WebRTC stack through clivrt-server: an aiortc 1.4 user (aiortc_client.py,
the signaling of the original Python clivrt: full SDP, no trickle of its own) in namespace b,
clivrt and the server in namespace a (aiortc gathers no loopback candidates).

Both directions: aiortc calls and clivrt answers; clivrt calls and aiortc answers. Each asserts
video frames both ways (aiortc counts the frames its track delivers, clivrt's `stats` the
frames decoded and drawn) and audio both ways (clivrt sends its 440 Hz test tone).
"""
from __future__ import annotations

import time

import pytest

from aiortc_client import AiortcPeer
from client_testlib import ClientProcess, client_env
from clivrt_testlib import ServerProcess
from netns_testlib import ADDRESS_A, in_namespace, namespaces  # noqa: F401 (fixture)
from test_calls import CALL_TIMEOUT, stats, wait_frames, wait_online
from test_calls_netns import light_video


class Setup:
    def __init__(self, tmp_path, namespaces):
        self.tmp, (self.a, self.b) = tmp_path, namespaces
        self.server = ServerProcess([], tmp_path, prefix=in_namespace(self.a), host=ADDRESS_A)
        self.started: list = []

    def clivrt(self, user: str, *extra: str) -> ClientProcess:
        client = ClientProcess(self.tmp, "--webcam", "test", "--microphone", "test",
                               "--config", str(light_video(self.tmp)), *extra, server_url=self.server.url,
                               user=user, prefix=in_namespace(self.a))
        self.started.append(client)
        client.wait_event("connected", timeout=CALL_TIMEOUT)
        return client

    def aiortc(self, user: str, *args: str) -> AiortcPeer:
        peer = AiortcPeer(self.tmp, self.server.url, user, *args, prefix=in_namespace(self.b),
                          env=client_env(self.tmp / f"aiortc-{user}"))
        self.started.append(peer)
        peer.wait_event("logged-in", timeout=CALL_TIMEOUT)
        return peer

    def close(self) -> None:
        for process in self.started:
            process.stop() if isinstance(process, AiortcPeer) else process.kill()
        self.server.kill()


@pytest.fixture
def setup(tmp_path, namespaces):  # noqa: F811
    state = Setup(tmp_path, namespaces)
    yield state
    state.close()


def assert_media_both_ways(clivrt: ClientProcess, aiortc: AiortcPeer) -> None:
    """Video and audio from aiortc drawn and heard by clivrt, and clivrt's reaching aiortc."""
    clivrt.wait_event("first-frame", timeout=CALL_TIMEOUT, width=640, height=480)  # aiortc's green frames
    figures = wait_frames(clivrt, 30)
    deadline = time.monotonic() + CALL_TIMEOUT
    while figures["audio_in"]["packets"] == 0 and time.monotonic() < deadline:
        time.sleep(0.5)  # stats refresh about once a second
        figures = stats(clivrt)
    assert figures["audio_in"]["codec"] == "OPUS" and figures["audio_in"]["packets"] > 0, figures
    received = aiortc.wait_event("frames", timeout=60,
                                 video=lambda n: n >= 30, audio=lambda n: n >= 25)
    assert (received["width"], received["height"]) == (320, 240), received
    # Still flowing: the figures keep growing on both sides.
    before = stats(clivrt)
    wait_frames(clivrt, before["frames_decoded"] + 30)
    assert stats(clivrt)["audio_in"]["packets"] > before["audio_in"]["packets"]
    aiortc.wait_event("frames", timeout=60, video=lambda n: n >= received["video"] + 30,
                      audio=lambda n: n > received["audio"])


def test_aiortc_calls_and_clivrt_answers(setup):
    alice = setup.clivrt("alice")
    bob = setup.aiortc("bob", "--call", "alice")
    offer = bob.wait_event("offer-sent", timeout=CALL_TIMEOUT)["sdp"]
    assert "a=candidate:" in offer and ADDRESS_A not in offer  # bob's own candidates, all inside
    alice.wait_event("ringing", timeout=CALL_TIMEOUT, peer="bob")
    alice.send("answer")
    alice.wait_event("connected-call", timeout=CALL_TIMEOUT, peer="bob")
    answer = bob.wait_event("answer-received", timeout=CALL_TIMEOUT)["sdp"]
    assert "a=group:BUNDLE" not in answer  # aiortc 1.4's offer is answered unbundled
    # clivrt trickles its candidates (gathered on the veth) and ends them; aiortc took them.
    bob.wait_event("candidate", timeout=CALL_TIMEOUT, ip=ADDRESS_A)
    bob.wait_event("end-of-candidates", timeout=CALL_TIMEOUT)
    bob.wait_event("state", timeout=CALL_TIMEOUT, state="connected")
    assert_media_both_ways(alice, bob)
    bob.send("hangup")
    assert "bob hung up" in alice.wait_event("call-ended", timeout=CALL_TIMEOUT, peer="bob")["text"]


def test_clivrt_calls_and_aiortc_answers(setup):
    bob = setup.aiortc("bob")
    alice = setup.clivrt("alice")
    wait_online(alice, "bob")
    alice.send("call bob")
    alice.wait_event("calling", peer="bob")
    offer = bob.wait_event("offer-received", timeout=CALL_TIMEOUT)
    assert offer["media"] == ["audio", "video"] and "a=group:BUNDLE" in offer["sdp"]
    bob.wait_event("answer-sent", timeout=CALL_TIMEOUT)
    alice.wait_event("connected-call", timeout=CALL_TIMEOUT, peer="bob")
    bob.wait_event("candidate", timeout=CALL_TIMEOUT, ip=ADDRESS_A)
    bob.wait_event("state", timeout=CALL_TIMEOUT, state="connected")
    assert_media_both_ways(alice, bob)
    alice.send("hangup")
    alice.wait_event("call-ended", peer="bob")
    assert bob.wait_event("hang-up", timeout=CALL_TIMEOUT, peer="alice")["reason"] == "hangup"
