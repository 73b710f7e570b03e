"""Calls between real clivrt processes through a real clivrt-server, on loopback.

Both clients offer only 127.0.0.1 to ICE (--ice-addresses; libnice never gathers loopback by
itself) and send the moving test pattern. Every test asserts video frames that arrived and
were drawn (the `stats` event's frames_decoded / frames_drawn), not just signaling.
"""
from __future__ import annotations

import signal
import time

import pytest

from client_testlib import ClientProcess
from clivrt_testlib import server, server_factory  # noqa: F401 (fixtures)

CALL_TIMEOUT = 40.0  # ICE + DTLS + first frame under sanitizers on a loaded 2-core machine


def caller_args(*extra: str) -> list[str]:
    return ["--ice-addresses", "127.0.0.1", "--webcam", "test", *extra]


@pytest.fixture
def clients(tmp_path, server):
    started: list[ClientProcess] = []

    def make(user: str, *extra: str) -> ClientProcess:
        client = ClientProcess(tmp_path, *caller_args(*extra), server_url=server.url, user=user)
        client.wait_event("connected", timeout=CALL_TIMEOUT)
        started.append(client)
        return client

    yield make
    for client in started:
        client.kill()


def wait_online(client: ClientProcess, *names: str) -> None:
    """Waits until the client's roster has every name (lookup is answered from it)."""
    deadline = time.monotonic() + CALL_TIMEOUT
    while True:
        client.send("lookup")
        event = client.wait_event("userlist")
        if all(name in event["users"] for name in names):
            return
        assert time.monotonic() < deadline, f"{names} not online: {event}"
        time.sleep(0.3)


def stats(client: ClientProcess) -> dict:
    client.send("stats")
    return client.wait_event("stats")


def wait_frames(client: ClientProcess, at_least: int, timeout: float = CALL_TIMEOUT) -> dict:
    """Polls `stats` until at least `at_least` remote frames were decoded and drawn."""
    deadline = time.monotonic() + timeout
    while True:
        figures = stats(client)
        if figures["frames_decoded"] >= at_least and figures["frames_drawn"] >= at_least:
            return figures
        assert time.monotonic() < deadline, f"{client.name}: too few frames: {figures}"
        time.sleep(0.5)


def connect_call(caller: ClientProcess, callee: ClientProcess) -> None:
    wait_online(caller, callee.name)
    caller.send(f"call {callee.name}")
    caller.wait_event("calling", peer=callee.name)
    callee.wait_event("ringing", peer=caller.name)
    callee.send("answer")
    caller.wait_event("connected-call", timeout=CALL_TIMEOUT, peer=callee.name)
    callee.wait_event("connected-call", timeout=CALL_TIMEOUT, peer=caller.name)


def test_call_carries_video_both_ways_and_hangup_tells_the_peer(clients):
    alice, bob = clients("alice"), clients("bob")
    connect_call(alice, bob)
    for side in (alice, bob):
        side.wait_event("first-frame", timeout=CALL_TIMEOUT, width=640, height=480)
        figures = wait_frames(side, 20)
        assert figures["video_in"]["codec"] == "VP8"
        assert figures["video_in"]["width"] == 640 and figures["video_in"]["height"] == 480
        assert figures["bytes_per_frame"] > 0
    alice.send("hangup")
    alice.wait_event("call-ended", peer="bob")
    ended = bob.wait_event("call-ended", peer="alice")
    assert "hung up" in ended["text"]
    bob.send("stats")
    assert "no call" in bob.wait_event("stats")["text"]


def test_callee_hangs_up(clients):
    alice, bob = clients("alice"), clients("bob")
    connect_call(alice, bob)
    wait_frames(alice, 5)
    bob.send("hangup")
    assert "hung up" in alice.wait_event("call-ended", peer="bob")["text"]


def test_decline_tells_the_caller(clients):
    alice, bob = clients("alice"), clients("bob")
    wait_online(alice, "bob")
    alice.send("call bob")
    bob.wait_event("ringing", peer="alice")
    bob.send("decline")
    bob.wait_event("declined", peer="alice")
    assert "declined" in alice.wait_event("call-ended", peer="bob")["text"]


def test_second_caller_gets_busy(clients):
    alice, bob, carol = clients("alice"), clients("bob"), clients("carol")
    connect_call(alice, bob)
    wait_online(carol, "bob")
    carol.send("call bob")
    assert "busy" in carol.wait_event("call-ended", peer="bob")["text"]
    bob.wait_event("busy", peer="carol")
    # The first call is untouched.
    before = stats(alice)["frames_decoded"]
    wait_frames(alice, before + 10)


def test_unanswered_call_gives_up(clients, tmp_path):
    config = tmp_path / "short-ring.ini"
    config.write_text("[DEFAULT]\nring_timeout = 5\n")
    alice, bob = clients("alice", "--config", str(config)), clients("bob", "--config", str(config))
    wait_online(alice, "bob")
    started = time.monotonic()
    alice.send("call bob")
    bob.wait_event("ringing", peer="alice")
    assert "no answer" in alice.wait_event("call-ended", timeout=20, peer="bob")["text"]
    assert 4 < time.monotonic() - started < 15
    bob.wait_event("call-ended", timeout=20, peer="alice")  # the ringing stops on both sides
    bob.send("answer")
    assert "nobody is calling" in bob.wait_event("answer")["text"]


def test_autoanswer_answers_at_once(clients):
    alice, bob = clients("alice"), clients("bob", "--autoanswer", "true")
    wait_online(alice, "bob")
    alice.send("call bob")
    bob.wait_event("ringing", peer="alice")
    alice.wait_event("connected-call", timeout=CALL_TIMEOUT, peer="bob")
    wait_frames(bob, 10)


def test_ten_calls_in_a_row(clients):
    alice, bob = clients("alice"), clients("bob", "--autoanswer", "true")
    wait_online(alice, "bob")
    for attempt in range(10):
        alice.send("call bob")
        alice.wait_event("connected-call", timeout=CALL_TIMEOUT, peer="bob")
        alice.wait_event("first-frame", timeout=CALL_TIMEOUT)
        (alice if attempt % 2 == 0 else bob).send("hangup")
        alice.wait_event("call-ended", peer="bob")
        bob.wait_event("call-ended", peer="alice")


def test_peer_killed_ends_the_call(clients):
    alice, bob = clients("alice"), clients("bob")
    connect_call(alice, bob)
    wait_frames(alice, 5)
    started = time.monotonic()
    bob.proc.send_signal(signal.SIGKILL)
    alice.wait_event("call-ended", timeout=10, peer="bob")
    assert time.monotonic() - started < 6


def test_call_survives_the_server_going_away(clients, server):
    alice, bob = clients("alice"), clients("bob")
    connect_call(alice, bob)
    wait_frames(alice, 5)
    server.kill()
    alice.wait_event("disconnected")
    before = stats(alice)["frames_decoded"]
    wait_frames(alice, before + 30)
    wait_frames(bob, stats(bob)["frames_decoded"] + 30)


def test_call_errors(clients):
    alice = clients("alice")
    alice.send("call alice")
    assert "yourself" in alice.wait_event("call")["text"]
    alice.send("call nobody")
    assert "not online" in alice.wait_event("call")["text"]
    alice.send("answer")
    assert "nobody is calling" in alice.wait_event("answer")["text"]
    alice.send("hangup")
    assert "no call" in alice.wait_event("hangup")["text"]
    alice.send("logout")
    alice.wait_event("logout")
    alice.send("call bob")
    assert "not logged in" in alice.wait_event("call")["text"]


def test_mute_and_camera_off_keep_the_call_going(clients):
    alice, bob = clients("alice"), clients("bob")
    connect_call(alice, bob)
    wait_frames(bob, 5)
    alice.send("mute")
    alice.wait_event("muted", muted=True)
    alice.wait_event("status", devices="🔇 📷")
    alice.send("camera off")
    alice.wait_event("camera", camera=False)
    # No renegotiation: frames (black now) keep arriving at bob.
    wait_frames(bob, stats(bob)["frames_decoded"] + 10)
    alice.send("camera on")
    alice.send("unmute")
    alice.wait_event("status", devices="🎤 📷")
    alice.send("camera sideways")
    assert "usage" in alice.wait_event("usage")["text"]
