"""Calls through a real coturn on loopback: `ice_transport = relay` sends all media through
TURN with the credentials clivrt-server hands out, and the client says so when coturn refuses
them. (Calls across NAT routers in network namespaces: test_calls_nat.py.)"""
from __future__ import annotations

import re
import time
from urllib.parse import quote

import pytest

from client_testlib import ClientProcess
from clivrt_testlib import server_factory  # noqa: F401 (fixture)
from coturn_testlib import Coturn, rest_credential
from test_calls import CALL_TIMEOUT, connect_call, wait_frames, wait_online

SECRET = "relay-test-secret"


@pytest.fixture
def turn_server(tmp_path, server_factory):
    turn = Coturn(tmp_path, SECRET)
    secret = tmp_path / "turn-secret"
    secret.write_text(SECRET)
    srv = server_factory("--turn-url", f"turn:127.0.0.1:{turn.port}?transport=udp",
                         "--turn-secret-file", str(secret))
    yield turn, srv
    turn.stop()


def relay_client(tmp_path, srv, user: str, *extra: str) -> ClientProcess:
    client = ClientProcess(tmp_path, "--ice-addresses", "127.0.0.1", "--webcam", "test", "--ice-transport", "relay",
                           *extra, server_url=srv.url, user=user)
    client.wait_event("connected", timeout=CALL_TIMEOUT)
    return client


def test_relay_only_call_goes_through_coturn_with_the_servers_credentials(tmp_path, turn_server):
    turn, srv = turn_server
    alice, bob = relay_client(tmp_path, srv, "alice"), relay_client(tmp_path, srv, "bob")
    try:
        connect_call(alice, bob)
        for side in (alice, bob):
            figures = wait_frames(side, 20)
            assert figures["video_in"]["codec"] == "VP8"
        log = turn.log()
        # coturn (verbose) logs each allocation with the REST username it accepted, EXPIRY:USER,
        # and the permissions each side created for its peer's relayed address.
        for user in ("alice", "bob"):
            assert re.search(rf"user <\d+:{user}>: incoming packet ALLOCATE processed, success", log), log[-3000:]
            assert re.search(rf"user <\d+:{user}>: incoming packet CREATE_PERMISSION processed, success", log)
        assert "check_stun_auth: Cannot find credentials" not in log
        assert not [e for e in alice.events if isinstance(e, dict) and e.get("event") == "ice"]
        # The check before calls got an allocation and gave it back (lifetime 0).
        assert f"TURN server 127.0.0.1:{turn.port}: accepts the credentials" in alice.log()
        assert re.search(r"user <\d+:alice>: incoming packet REFRESH processed, success", log)
        # Ending a TURN call makes libnice warn through GLib: into the log, never onto the terminal.
        alice.send("hangup")
        alice.wait_event("call-ended", peer="bob")
        bob.wait_event("call-ended", peer="alice")
        time.sleep(1)  # the sessions are torn down just after the event
        for side in (alice, bob):
            printed = (side.dir / "stderr").read_text(errors="replace")
            assert "WARNING" not in printed and "CRITICAL" not in printed, printed
            assert not [line for line in side.raw_lines if b"libnice" in line]
    finally:
        alice.kill()
        bob.kill()


def test_relay_without_any_turn_server_says_so_and_the_call_ends(tmp_path, server_factory):
    srv = server_factory()
    alice = ClientProcess(tmp_path, "--ice-addresses", "127.0.0.1", "--webcam", "test", "--ice-transport", "relay",
                          server_url=srv.url, user="alice")
    bob = ClientProcess(tmp_path, "--ice-addresses", "127.0.0.1", "--webcam", "test", server_url=srv.url, user="bob")
    try:
        for side in (alice, bob):
            side.wait_event("connected", timeout=CALL_TIMEOUT)
        wait_online(alice, "bob")
        started = time.monotonic()
        alice.send("call bob")
        warning = alice.wait_event("ice")
        assert "no TURN server" in warning["text"]
        bob.wait_event("ringing", peer="alice")
        bob.send("answer")
        ended = alice.wait_event("call-ended", timeout=40, peer="bob")
        assert time.monotonic() - started < 35
        assert "connect" in ended["text"] or "path" in ended["text"], ended
    finally:
        alice.kill()
        bob.kill()


def test_the_client_says_when_coturn_refuses_the_credentials(tmp_path, server_factory):
    """coturn answers a wrong secret's or a forged password's Allocate with 401; webrtcbin never
    reports it, so the client's own check before calls tells the user, and a call that then finds
    no path says why."""
    turn = Coturn(tmp_path, SECRET)
    wrong_secret = tmp_path / "wrong-secret"
    wrong_secret.write_text("not-" + SECRET)  # the chat server's admin copied the wrong file
    srv = server_factory("--turn-url", f"turn:127.0.0.1:{turn.port}?transport=udp",
                         "--turn-secret-file", str(wrong_secret))
    alice = relay_client(tmp_path, srv, "alice")
    bob = ClientProcess(tmp_path, "--ice-addresses", "127.0.0.1", "--webcam", "test",
                        "--ice-server", f"turn:bob:forged@127.0.0.1:{turn.port}", server_url=srv.url, user="bob")
    try:
        refused = alice.wait_event("ice")
        assert refused["text"].startswith(f"the TURN server 127.0.0.1:{turn.port} refused the credentials the chat "
                                          "server gave (401 Unauthorized): calls that need a relay will fail"), refused
        assert "static-auth-secret" in refused["text"]
        forged = bob.wait_for(lambda e: isinstance(e, dict) and e.get("event") == "ice" and "ice_servers" in e["text"])
        assert forged["text"].startswith(f"the TURN server 127.0.0.1:{turn.port} refused the credentials in "
                                         "ice_servers (401 Unauthorized)"), forged
        # Expired: the right secret, an expiry a minute ago (percent-escaped ':' in the URL's user).
        username, credential = rest_credential(SECRET, "carol", int(time.time()) - 60)
        carol = ClientProcess(tmp_path, "--ice-addresses", "127.0.0.1", "--ice-server",
                              f"turn:{quote(username, safe='')}:{quote(credential, safe='')}@127.0.0.1:{turn.port}",
                              server_url=srv.url, user="carol")
        expired = carol.wait_for(lambda e: isinstance(e, dict) and e.get("event") == "ice" and "ice_servers" in e["text"])
        assert "refused the credentials in ice_servers (401 Unauthorized)" in expired["text"], expired
        carol.kill()
        for user in (r"\d+:alice", "bob", username):  # the signed requests, refused by coturn itself
            assert re.search(rf"user <{user}>: incoming packet message processed, error 401", turn.log())

        wait_online(alice, "bob")
        started = time.monotonic()
        alice.send("call bob")
        bob.wait_event("ringing", peer="alice")
        bob.send("answer")
        ended = alice.wait_event("call-ended", timeout=40, peer="bob")
        assert time.monotonic() - started < 35
        assert "not even through the TURN relay: the TURN server" in ended["text"], ended
        assert "refused the credentials" in ended["text"], ended
        # Said once, not again at each check (one follows every call).
        time.sleep(1)
        assert len([e for e in alice.events if isinstance(e, dict) and e.get("event") == "ice"]) == 1
    finally:
        alice.kill()
        bob.kill()
        turn.stop()
