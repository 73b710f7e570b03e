"""A small internet inside network namespaces, for calls across NAT routers.

    public namespace  203.0.113.1/24 on a bridge: clivrt-server and coturn live here
      ├─ router 1     WAN 203.0.113.11 ── LAN bridge 10.1.0.1/24 ── home 1 machines (default via .1)
      └─ router 2     WAN 203.0.113.12 ── LAN bridge 10.2.0.1/24 ── home 2 machines

Each router masquerades its LAN behind its WAN address with iptables:
- "port-preserving": plain MASQUERADE. Linux keeps the source port, so one socket keeps one
  public address:port whatever it talks to (endpoint-independent mapping) and STUN's answer is
  what the peer can use: hole punching works.
- "symmetric": MASQUERADE --random-fully. Every new destination gets a fresh random port, so the
  address STUN reports is useless to the peer: only a TURN relay connects.
`block_udp` makes the router drop every UDP packet from its LAN (an office firewall): only TCP
(TURN over TCP) gets out. IPv6 is off in every namespace, so nothing slips past over link-local.
Only these namespaces are touched, never the root namespace's interfaces; all are deleted at the end.
"""
from __future__ import annotations

import itertools
import os
import subprocess
from dataclasses import dataclass

import pytest

from netns_testlib import add_namespace, in_namespace

PUBLIC_ADDRESS = "203.0.113.1"
_serial = itertools.count(1)


def run(*args: str) -> None:
    result = subprocess.run(list(args), capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed: {result.stderr.strip()}")


def netns(namespace: str, *args: str) -> None:
    run(*in_namespace(namespace), *args)


@dataclass
class Machine:
    """A machine in a home: its namespace, its LAN address and its router."""
    namespace: str
    address: str         # the home machine's private address
    router: str          # the router's namespace
    wan_address: str     # the router's public address: what the world sees
    wan_device: str
    lan_prefix: str      # "10.1.0": the router is .1

    @property
    def prefix(self) -> list[str]:
        return in_namespace(self.namespace)


class Internet:
    """The public namespace and its homes; `close()` deletes every namespace it made."""

    def __init__(self):
        self.tag = f"n{os.getpid() % 100000}x{next(_serial)}"
        self.namespaces: list[str] = []
        self.homes: list[Machine] = []
        self.public = self._namespace("pub")
        netns(self.public, "ip", "link", "add", "br0", "type", "bridge")
        netns(self.public, "ip", "addr", "add", f"{PUBLIC_ADDRESS}/24", "dev", "br0")
        netns(self.public, "ip", "link", "set", "br0", "up")
        # The rest of the internet: a link to nowhere (a veth whose other end drops everything:
        # no addresses, no forwarding) where packets to unknown, e.g. private, addresses vanish
        # silently as they do out there. Without it coturn's relay gets ENETUNREACH (EINVAL from a
        # blackhole route) sending to a peer's private host candidate and closes the allocation.
        netns(self.public, "ip", "link", "add", "elsewhere", "type", "veth", "peer", "name", "nowhere")
        netns(self.public, "ip", "link", "set", "nowhere", "up")
        netns(self.public, "ip", "link", "set", "elsewhere", "up")
        netns(self.public, "ip", "route", "add", "default", "dev", "elsewhere")

    @property
    def public_prefix(self) -> list[str]:
        return in_namespace(self.public)

    def _namespace(self, role: str) -> str:
        name = f"{self.tag}{role}"
        add_namespace(name)
        self.namespaces.append(name)
        return name

    def add_home(self, nat: str = "port-preserving", block_udp: bool = False) -> Machine:
        """A home machine behind its own router; `nat` is "port-preserving" or "symmetric"."""
        assert nat in ("port-preserving", "symmetric"), nat
        index = len(self.homes) + 1
        router, home = self._namespace(f"r{index}"), self._namespace(f"h{index}")
        wan, wan_peer = f"{self.tag}w{index}", f"{self.tag}W{index}"
        wan_address, lan_prefix = f"203.0.113.{10 + index}", f"10.{index}.0"
        # WAN: router <-> the public bridge.
        run("ip", "link", "add", wan, "type", "veth", "peer", "name", wan_peer)
        run("ip", "link", "set", wan, "netns", router)
        run("ip", "link", "set", wan_peer, "netns", self.public)
        netns(self.public, "ip", "link", "set", wan_peer, "master", "br0", "up")
        netns(router, "ip", "addr", "add", f"{wan_address}/24", "dev", wan)
        netns(router, "ip", "link", "set", wan, "up")
        netns(router, "ip", "route", "add", "default", "via", PUBLIC_ADDRESS)  # the ISP
        # LAN: a bridge in the router, the home machine on it (add_machine adds more).
        netns(router, "ip", "link", "add", "lan", "type", "bridge")
        netns(router, "ip", "addr", "add", f"{lan_prefix}.1/24", "dev", "lan")
        netns(router, "ip", "link", "set", "lan", "up")
        # The router: forwards, masquerades, and (an office) drops UDP from the LAN.
        netns(router, "sysctl", "-qw", "net.ipv4.ip_forward=1")
        masquerade = ["iptables", "-t", "nat", "-A", "POSTROUTING", "-o", wan, "-j", "MASQUERADE"]
        netns(router, *masquerade, *(["--random-fully"] if nat == "symmetric" else []))
        # Like every home router's firewall: nothing unsolicited from the WAN reaches the router
        # itself. Besides realism this matters for hole punching: a dropped packet leaves no
        # conntrack entry, whereas an accepted one (answered by an ICMP port-unreachable) would
        # clash with the mapping of the LAN's own reply to it and make MASQUERADE pick another port.
        netns(router, "iptables", "-A", "INPUT", "-i", wan, "-m", "conntrack", "--ctstate", "NEW,INVALID", "-j", "DROP")
        if block_udp:
            netns(router, "iptables", "-A", "FORWARD", "-i", "lan", "-p", "udp", "-j", "DROP")
        self.homes.append(Machine(home, "", router, wan_address, wan, lan_prefix))
        self._attach(self.homes[-1], home)
        return self.homes[-1]

    def add_machine(self, home: Machine) -> Machine:
        """Another machine on `home`'s LAN (same router, same public address)."""
        neighbour = Machine(self._namespace(f"m{len(self.namespaces)}"), "", home.router, home.wan_address,
                         home.wan_device, home.lan_prefix)
        self._attach(neighbour, neighbour.namespace)
        return neighbour

    def _attach(self, machine: Machine, namespace: str) -> None:
        index = sum(1 for ns in self.namespaces if ns.startswith(self.tag)) + 1
        outside, inside = f"{self.tag}o{index}", f"{self.tag}i{index}"
        machine.address = f"{machine.lan_prefix}.{index}"
        run("ip", "link", "add", outside, "type", "veth", "peer", "name", inside)
        run("ip", "link", "set", outside, "netns", machine.router)
        run("ip", "link", "set", inside, "netns", namespace)
        netns(machine.router, "ip", "link", "set", outside, "master", "lan", "up")
        netns(namespace, "ip", "addr", "add", f"{machine.address}/24", "dev", inside)
        netns(namespace, "ip", "link", "set", inside, "up")
        netns(namespace, "ip", "route", "add", "default", "via", f"{machine.lan_prefix}.1")

    def renumber_wan(self, home: Machine, new_address: str) -> None:
        """The home's public address changes (an ISP's new lease): the router's NAT mappings
        die with the old address, and every flow restarts from the new one."""
        # Old one first: deleting a primary address deletes its secondaries (and the routes).
        netns(home.router, "ip", "addr", "del", f"{home.wan_address}/24", "dev", home.wan_device)
        netns(home.router, "ip", "addr", "add", f"{new_address}/24", "dev", home.wan_device)
        netns(home.router, "ip", "route", "add", "default", "via", PUBLIC_ADDRESS)
        home.wan_address = new_address

    def close(self) -> None:
        for name in reversed(self.namespaces):
            subprocess.run(["ip", "netns", "del", name], capture_output=True)
        self.namespaces.clear()


@pytest.fixture
def internet():
    if os.geteuid() != 0:
        pytest.skip("network namespaces need root")
    net = Internet()
    try:
        yield net
    finally:
        net.close()
