"""Calls between two clivrt clients on two hosts: network namespaces a and b joined by a veth pair
(netns_testlib). clivrt-server and alice run in a, bob in b and reaches the server at a's veth
address. No --ice-addresses: ICE gathers on the veth by itself, as on a real network.

Each test asserts the video frames that arrive and are drawn (`stats`: frames_decoded,
frames_drawn), also under 5% random loss of the media packets (nft on bob's input), when the
media path is cut (nft drops every packet but the signaling connection's), when bob is killed,
and when the server is killed. "Media packets" are UDP and TCP both: libnice also gathers ICE-TCP
and IPv6 link-local candidates on the veth, and a dropped-UDP-only rule may cut nothing.
"""
from __future__ import annotations

import signal
import time

import pytest

from client_testlib import ClientProcess
from clivrt_testlib import ServerProcess
from netns_testlib import ADDRESS_A, NftTable, in_namespace, namespaces  # noqa: F401 (fixture)
from test_calls import CALL_TIMEOUT, connect_call, stats, wait_frames


def light_video(tmp) -> str:
    """A config file for 320x240 at 15 fps: two sanitized clients encoding and decoding 640x480
    at 30 fps starve a loaded 2-core machine, which then loses packets by itself."""
    path = tmp / "light-video.ini"
    path.write_text("[DEFAULT]\nvideo_size = 320x240\nframerate = 15\n")
    return path


class Hosts:
    """The server and the clients of one test, all killed at teardown."""

    def __init__(self, tmp_path, namespaces):
        self.tmp, (self.a, self.b) = tmp_path, namespaces
        self.server = ServerProcess([], tmp_path, prefix=in_namespace(self.a), host=ADDRESS_A)
        assert self.server.url == f"ws://{ADDRESS_A}:{self.server.port}"
        self.clients: list[ClientProcess] = []
        self.tables: list[NftTable] = []

    def client(self, user: str, namespace: str) -> ClientProcess:
        client = ClientProcess(self.tmp, "--webcam", "test", "--config", str(light_video(self.tmp)),
                               server_url=self.server.url, user=user, prefix=in_namespace(namespace))
        self.clients.append(client)
        client.wait_event("connected", timeout=CALL_TIMEOUT)
        return client

    def table(self, namespace: str) -> NftTable:
        self.tables.append(NftTable(namespace))
        return self.tables[-1]

    def close(self) -> None:
        for client in self.clients:
            client.kill()
        self.server.kill()
        for table in self.tables:
            table.delete()


@pytest.fixture
def hosts(tmp_path, namespaces):  # noqa: F811
    setup = Hosts(tmp_path, namespaces)
    yield setup
    setup.close()


def alice_and_bob_in_a_call(hosts: Hosts) -> tuple[ClientProcess, ClientProcess]:
    alice, bob = hosts.client("alice", hosts.a), hosts.client("bob", hosts.b)
    connect_call(alice, bob)
    return alice, bob


def frame_rate(client: ClientProcess, seconds: float) -> tuple[float, float, dict]:
    """(decoded, drawn) frames per second over a window of `seconds`, and the last stats."""
    first, started = stats(client), time.monotonic()
    time.sleep(seconds)  # a measuring window, not a wait for something to happen
    last, elapsed = stats(client), time.monotonic() - started
    return ((last["frames_decoded"] - first["frames_decoded"]) / elapsed,
            (last["frames_drawn"] - first["frames_drawn"]) / elapsed, last)


def test_video_both_ways_over_the_veth_and_through_5_percent_loss(hosts):
    alice, bob = alice_and_bob_in_a_call(hosts)
    for side in (alice, bob):
        side.wait_event("first-frame", timeout=CALL_TIMEOUT, width=320, height=240)
        figures = wait_frames(side, 30)
        assert figures["video_in"]["codec"] == "VP8", figures

    clean_decoded, clean_drawn, clean = frame_rate(bob, 8)
    assert clean_decoded > 2 and clean_drawn > 2, clean

    loss = hosts.table(hosts.b)
    loss.drop_media_from_peer(hosts.server.port, percent=5)  # on bob's input: alice's media, 5% lost
    lossy_decoded, lossy_drawn, lossy = frame_rate(bob, 8)
    dropped = loss.dropped_packets()
    report = f"clean {clean_decoded:.1f}/{clean_drawn:.1f} fps, lossy {lossy_decoded:.1f}/{lossy_drawn:.1f} " \
             f"fps, {dropped} packets dropped\nclean: {clean}\nlossy: {lossy}"
    assert dropped > 0, report
    assert lossy_decoded >= 0.6 * clean_decoded, report
    assert lossy_drawn >= 0.6 * clean_drawn, report

    loss.delete()  # the picture recovers: frames keep arriving and being drawn
    wait_frames(bob, stats(bob)["frames_decoded"] + 60)
    wait_frames(alice, stats(alice)["frames_decoded"] + 30)  # alice's side was never touched
    bob.send("hangup")
    alice.wait_event("call-ended", peer="bob")


def test_a_media_path_cut_for_good_is_retried_then_ends_on_both_sides(hosts):
    alice, bob = alice_and_bob_in_a_call(hosts)
    wait_frames(alice, 10)
    wait_frames(bob, 10)
    hosts.table(hosts.a).drop_media_from_peer(hosts.server.port)
    hosts.table(hosts.b).drop_media_from_peer(hosts.server.port)
    # The media watchdog (4 s without a packet) notices; both clivrt peers try a fresh connection
    # through the (untouched) signaling, and give up after 20 s, saying so.
    for side, peer in ((alice, "bob"), (bob, "alice")):
        side.wait_event("reconnecting", timeout=15, peer=peer)
    started = time.monotonic()
    ended = [alice.wait_event("call-ended", timeout=30, peer="bob"),
             bob.wait_event("call-ended", timeout=30, peer="alice")]
    assert time.monotonic() - started < 30
    assert any("could not reconnect within 20 s" in e["text"] for e in ended), ended
    alice.send("stats")
    assert "no call" in alice.wait_event("stats")["text"]
    # The signaling was untouched: both are still online.
    alice.send("lookup")
    assert "bob" in alice.wait_event("userlist")["users"]


def test_a_media_path_cut_for_a_while_reconnects_by_itself(hosts):
    alice, bob = alice_and_bob_in_a_call(hosts)
    wait_frames(alice, 10)
    wait_frames(bob, 10)
    tables = [hosts.table(hosts.a), hosts.table(hosts.b)]
    for table in tables:
        table.drop_media_from_peer(hosts.server.port)
    for side, peer in ((alice, "bob"), (bob, "alice")):
        side.wait_event("reconnecting", timeout=15, peer=peer)
    for table in tables:
        table.delete()  # the path is back (a Wi-Fi that returned)
    restored = time.monotonic()
    for side, peer in ((alice, "bob"), (bob, "alice")):
        back = side.wait_event("reconnected", timeout=20, peer=peer)
        assert back["seconds"] < 20, back
    assert time.monotonic() - restored < 20
    # Media flows again on the fresh connection, both ways: the frame counters start over.
    for side in (alice, bob):
        wait_frames(side, 10, timeout=20)
        assert stats(side)["path"]["local_type"], side.name


def test_bob_killed_ends_alices_call(hosts):
    alice, bob = alice_and_bob_in_a_call(hosts)
    wait_frames(alice, 10)
    bob.proc.send_signal(signal.SIGKILL)  # `ip netns exec` exec'd clivrt: this is bob's own pid
    assert bob.proc.wait(10) == -signal.SIGKILL
    alice.wait_event("call-ended", timeout=8, peer="bob")
    alice.send("stats")
    assert "no call" in alice.wait_event("stats")["text"]


def test_call_survives_the_server_being_killed(hosts):
    alice, bob = alice_and_bob_in_a_call(hosts)
    wait_frames(alice, 10)
    wait_frames(bob, 10)
    hosts.server.kill()
    alice.wait_event("disconnected", timeout=CALL_TIMEOUT)
    bob.wait_event("disconnected", timeout=CALL_TIMEOUT)
    wait_frames(alice, stats(alice)["frames_decoded"] + 60)
    wait_frames(bob, stats(bob)["frames_decoded"] + 60)
