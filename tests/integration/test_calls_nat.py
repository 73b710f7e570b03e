"""Calls between homes behind NAT routers (nat_testlib's namespace internet): clivrt-server and a
real coturn (as the STUN server) in the public namespace, each user in a home behind its own
masquerading router. The server hands every client its STUN/TURN servers (ice-servers).

Each test asserts what a user would notice: video frames and sound arriving both ways and the
path `stats` reports (candidate types, relayed or not, the peer's address as seen on the wire),
or, where no path can exist, a call that ends in time saying what would help.
"""
from __future__ import annotations

import re
import time

import pytest

from client_testlib import ClientProcess
from clivrt_testlib import ServerProcess
from coturn_testlib import Coturn
from netns_testlib import NftTable
from nat_testlib import PUBLIC_ADDRESS, Internet, Machine, internet  # noqa: F401 (fixture)
from test_calls import CALL_TIMEOUT, connect_call, stats, wait_frames, wait_online

SECRET = "nat-test-secret"
TURN_PORT = 3478


class World:
    """coturn and clivrt-server in the public namespace, clients in homes; all stopped at the end."""

    def __init__(self, tmp, net: Internet, turn: bool, transports: tuple[str, ...] = ("udp", "tcp"),
                 server_args: tuple[str, ...] = ()):
        """`server_args` go to clivrt-server as well (e.g. --cert/--key for https and wss)."""
        self.tmp, self.net = tmp, net
        self.coturn = Coturn(tmp, SECRET, address=PUBLIC_ADDRESS, port=TURN_PORT, prefix=net.public_prefix,
                             deployed=True)
        args = ["--stun-url", f"stun:{PUBLIC_ADDRESS}:{TURN_PORT}"]
        if turn:
            secret = tmp / "turn-secret"
            secret.write_text(SECRET)
            for transport in transports:
                args += ["--turn-url", f"turn:{PUBLIC_ADDRESS}:{TURN_PORT}?transport={transport}"]
            args += ["--turn-secret-file", str(secret)]
        self.server = ServerProcess([*args, *server_args], tmp, prefix=net.public_prefix, host=PUBLIC_ADDRESS)
        self.clients: list[ClientProcess] = []

    def client(self, user: str, machine: Machine, *extra: str) -> ClientProcess:
        config = self.tmp / "light-video.ini"  # two sanitized clients at 640x480@30 starve 2 cores
        config.write_text("[DEFAULT]\nvideo_size = 320x240\nframerate = 15\n")
        client = ClientProcess(self.tmp, "--webcam", "test", "--microphone", "test", "--config", str(config),
                               *extra, server_url=self.server.url, user=user, prefix=machine.prefix)
        self.clients.append(client)
        client.wait_event("connected", timeout=CALL_TIMEOUT)
        return client

    def close(self) -> None:
        for client in self.clients:
            client.kill()
        self.server.kill()
        self.coturn.stop()


@pytest.fixture
def world_factory(tmp_path, internet):  # noqa: F811
    worlds: list[World] = []

    def make(turn: bool = True, server_args: tuple[str, ...] = ()) -> World:
        worlds.append(World(tmp_path, internet, turn, server_args=server_args))
        return worlds[-1]

    yield make
    for world in worlds:
        world.close()


def media_both_ways(*sides: ClientProcess) -> list[dict]:
    """Waits for video frames and sound packets at every side; returns each side's last stats."""
    figures = []
    for side in sides:
        wait_frames(side, 15)
        deadline = time.monotonic() + CALL_TIMEOUT
        while (last := stats(side))["audio_in"]["packets"] == 0 or not last["path"]["local_type"]:
            assert time.monotonic() < deadline, f"{side.name}: no sound or no path: {last}"
            time.sleep(0.5)
        assert last["video_in"]["codec"] == "VP8" and last["audio_in"]["codec"] == "OPUS", last
        figures.append(last)
    return figures


def host_of(address: str) -> str:
    return address.rsplit(":", 1)[0]


def test_port_preserving_nat_with_stun_only_connects_directly(world_factory, internet):  # noqa: F811
    world = world_factory(turn=False)
    home_a, home_b = internet.add_home("port-preserving"), internet.add_home("port-preserving")
    alice, bob = world.client("alice", home_a), world.client("bob", home_b)
    connect_call(alice, bob)
    alice_stats, bob_stats = media_both_ways(alice, bob)
    for mine, peer_home in ((alice_stats, home_b), (bob_stats, home_a)):
        path = mine["path"]
        assert not path["relayed"], path
        # The peer is reached at its router's public address: STUN's answer, or the address its
        # checks came from (peer-reflexive), never its private one.
        assert path["remote_type"] in ("srflx", "prflx"), path
        assert host_of(path["remote_address"]) == peer_home.wan_address, path


def test_symmetric_nat_without_turn_ends_saying_a_relay_is_needed(world_factory, internet):  # noqa: F811
    world = world_factory(turn=False)
    home_a, home_b = internet.add_home("symmetric"), internet.add_home("symmetric")
    alice, bob = world.client("alice", home_a), world.client("bob", home_b)
    wait_online(alice, "bob")
    alice.send("call bob")
    bob.wait_event("ringing", peer="alice")
    bob.send("answer")
    answered = time.monotonic()
    ended = alice.wait_event("call-ended", timeout=40, peer="bob")
    assert time.monotonic() - answered < 30
    assert "no network path to bob" in ended["text"] and "TURN" in ended["text"], ended
    told = bob.wait_event("call-ended", timeout=10, peer="alice")
    assert "path" in told["text"] or "TURN" in told["text"] or "failed" in told["text"], told


def test_symmetric_nats_connect_through_the_turn_relay(world_factory, internet):  # noqa: F811
    world = world_factory(turn=True)
    home_a, home_b = internet.add_home("symmetric"), internet.add_home("symmetric")
    alice, bob = world.client("alice", home_a), world.client("bob", home_b)
    connect_call(alice, bob)
    paths = [figures["path"] for figures in media_both_ways(alice, bob)]
    # One relay suffices (the other side's NAT mapping reaches it, coturn permits by address);
    # each side sees either its own relay or the other's as the far end.
    for path in paths:
        assert path["relayed"], path
        assert path["local_type"] == "relay" or host_of(path["remote_address"]) == PUBLIC_ADDRESS, path
    assert any(path["local_type"] == "relay" and path["relay_protocol"] == "udp" for path in paths), paths
    # The relayed address in use is one coturn allocated (its log names every relay address).
    relays = [path["local_address"] for path in paths if path["local_type"] == "relay"]
    assert all(f"Local relay addr: {relay}" in world.coturn.log() for relay in relays), relays


def test_an_office_that_blocks_udp_calls_through_turn_over_tcp(world_factory, internet):  # noqa: F811
    world = world_factory(turn=True)
    office, home = internet.add_home("symmetric", block_udp=True), internet.add_home("port-preserving")
    alice, bob = world.client("alice", office), world.client("bob", home)
    connect_call(alice, bob)
    alice_stats, bob_stats = media_both_ways(alice, bob)
    assert alice_stats["path"]["local_type"] == "relay", alice_stats["path"]
    assert alice_stats["path"]["relay_protocol"] == "tcp", alice_stats["path"]
    assert host_of(bob_stats["path"]["remote_address"]) == PUBLIC_ADDRESS, bob_stats["path"]


def test_relay_only_hides_your_address_even_from_a_neighbour(world_factory, internet):  # noqa: F811
    world = world_factory(turn=True)
    home = internet.add_home("port-preserving")
    neighbour = internet.add_machine(home)
    # Anything arriving straight from the other machine is counted (and dropped): with relay
    # only, alice never hands out her own address, so nothing may come that way, either way.
    tables = [NftTable(home.namespace), NftTable(neighbour.namespace)]
    tables[0].drop_udp_from(neighbour.address)
    tables[1].drop_udp_from(home.address)
    alice = world.client("alice", home, "--ice-transport", "relay")
    bob = world.client("bob", neighbour)
    connect_call(alice, bob)
    alice_stats, bob_stats = media_both_ways(alice, bob)
    assert alice_stats["path"]["local_type"] == "relay", alice_stats["path"]
    # Bob, next door, only ever saw the relay's address.
    assert host_of(bob_stats["path"]["remote_address"]) == PUBLIC_ADDRESS, bob_stats["path"]
    assert [table.dropped_packets() for table in tables] == [0, 0]



def test_a_home_whose_address_changes_mid_call_reconnects(world_factory, internet):  # noqa: F811
    """The ISP hands alice's router a new address mid-call: her server connection and her media
    path die with the old one. She logs in again under her name at once (session resumption: the
    server never tells bob she left) and the call is rebuilt over the new address."""
    world = world_factory(turn=True)
    home_a, home_b = internet.add_home("port-preserving"), internet.add_home("port-preserving")
    alice, bob = world.client("alice", home_a), world.client("bob", home_b)
    connect_call(alice, bob)
    media_both_ways(alice, bob)
    internet.renumber_wan(home_a, "203.0.113.21")
    changed = time.monotonic()
    for side, peer in ((alice, "bob"), (bob, "alice")):
        side.wait_event("reconnected", timeout=CALL_TIMEOUT, peer=peer)
    assert time.monotonic() - changed < 30
    wait_frames(bob, stats(bob)["frames_decoded"] + 15)
    path = stats(bob)["path"]
    # bob now reaches alice at her new public address (directly, or via a relay).
    assert path["relayed"] or host_of(path["remote_address"]) == "203.0.113.21", path
    # alice's server connection died and came back as the same session.
    assert len([e for e in alice.events if isinstance(e, dict) and e.get("event") == "connected"]) == 2, \
        alice.transcript()
    assert "alice resumed its session" in world.server.log(), world.server.log()
    for side in (alice, bob):
        side.skip_to_end()
        assert not [e for e in side.events if isinstance(e, dict) and e.get("event") in ("left", "call-ended")], \
            side.transcript()
