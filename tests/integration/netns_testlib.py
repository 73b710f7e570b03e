"""Network namespaces for integration tests: two private hosts joined by a veth pair.

- `namespaces` pytest fixture: namespaces a (10.77.0.1) and b (10.77.0.2), unique names per run,
  deleted at teardown even when the test fails. Needs root (skips otherwise).
- `add_namespace(name)`: a new namespace with IPv6 off and lo up. With IPv6 on, every new link's
  fe80:: address finishes duplicate address detection about a second after the link comes up;
  Chromium's network-change monitor sees that address appear and aborts what it is loading
  (net::ERR_NETWORK_CHANGED), and a link-local path could bypass a test's routers.
- `in_namespace(ns)`: the command prefix that runs a program inside `ns` (`ip netns exec` execs
  the program in place, so the child's pid is the program's own: signals reach it directly).
- `NftTable`: an nftables table inside a namespace (drop rules for loss or a cut link), deleted
  on `delete()`; rules go on the receiving side's input hook (dropping on output gives the
  sender EPERM instead of silence).
Only these namespaces are used: never the root namespace's interfaces.
"""
from __future__ import annotations

import itertools
import os
import subprocess

import pytest

ADDRESS_A = "10.77.0.1"
ADDRESS_B = "10.77.0.2"
_tables = itertools.count()


def ip(*args):
    subprocess.run(["ip", *args], check=True, capture_output=True)


def in_namespace(namespace: str) -> list[str]:
    return ["ip", "netns", "exec", namespace]


def add_namespace(name: str) -> None:
    """Creates `name` with IPv6 off (before any link arrives, so no address settles later) and lo up."""
    ip("netns", "add", name)
    for knob in ("all", "default"):
        subprocess.run([*in_namespace(name), "sysctl", "-qw", f"net.ipv6.conf.{knob}.disable_ipv6=1"],
                       check=True, capture_output=True)
    ip("-n", name, "link", "set", "lo", "up")


@pytest.fixture
def namespaces():
    """Two namespaces, a (10.77.0.1) and b (10.77.0.2), joined by a veth pair; unique names."""
    if os.geteuid() != 0:
        pytest.skip("network namespaces need root")
    tag = f"cm{os.getpid() % 100000}"
    a, b = f"{tag}a", f"{tag}b"
    try:
        add_namespace(a)
        add_namespace(b)
        ip("link", "add", f"{tag}va", "type", "veth", "peer", "name", f"{tag}vb")
        ip("link", "set", f"{tag}va", "netns", a)
        ip("link", "set", f"{tag}vb", "netns", b)
        ip("-n", a, "addr", "add", f"{ADDRESS_A}/24", "dev", f"{tag}va")
        ip("-n", b, "addr", "add", f"{ADDRESS_B}/24", "dev", f"{tag}vb")
        for ns, dev in ((a, f"{tag}va"), (b, f"{tag}vb")):
            ip("-n", ns, "link", "set", dev, "up")
        yield a, b
    finally:
        for ns in (a, b):
            subprocess.run(["ip", "netns", "del", ns], capture_output=True)


class NftTable:
    """An `inet` table with one input chain inside `namespace`; add_rule() appends to it."""

    def __init__(self, namespace: str):
        self.namespace = namespace
        self.name = f"clivrt_test_{os.getpid()}_{next(_tables)}"
        self._nft(f"table inet {self.name} {{\n  chain input {{\n"
                  f"    type filter hook input priority 0;\n  }}\n}}\n")
        self.deleted = False

    def _nft(self, script: str) -> None:
        subprocess.run([*in_namespace(self.namespace), "nft", "-f", "-"], check=True, text=True,
                       input=script, capture_output=True)

    def add_rule(self, rule: str) -> None:
        self._nft(f"add rule inet {self.name} input {rule}\n")

    def drop_udp_from(self, source: str, percent: int = 100) -> None:
        """Drops `percent`% of the UDP packets from `source` (at random when below 100)."""
        if percent >= 100:
            self.add_rule(f"ip saddr {source} meta l4proto udp counter drop")
        else:
            self.add_rule(f"ip saddr {source} meta l4proto udp numgen random mod 100 < {percent} counter drop")

    def drop_media_from_peer(self, signaling_port: int, percent: int = 100) -> None:
        """Drops `percent`% of everything but the signaling connection (TCP to or from
        `signaling_port`): media over UDP and ICE-TCP, over IPv4 and IPv6 link-local alike
        (libnice gathers all of them on the veth, and may select a TCP pair)."""
        chance = "" if percent >= 100 else f"numgen random mod 100 < {percent} "
        # Separate accept rules: nft folds "th sport != P th dport != P" into one 32-bit compare
        # of the port pair, which would drop the signaling connection too.
        self.add_rule(f"tcp sport {signaling_port} accept")
        self.add_rule(f"tcp dport {signaling_port} accept")
        self.add_rule(f"meta l4proto {{ tcp, udp }} {chance}counter drop")

    def dropped_packets(self) -> int:
        """Packets the table's rules dropped so far (every rule carries a counter)."""
        result = subprocess.run([*in_namespace(self.namespace), "nft", "list", "table", "inet", self.name],
                                check=True, text=True, capture_output=True)
        return sum(int(word) for line in result.stdout.splitlines() if " drop" in line
                   for previous, word in zip(line.split(), line.split()[1:]) if previous == "packets")

    def delete(self) -> None:
        if not self.deleted:
            subprocess.run([*in_namespace(self.namespace), "nft", "delete", "table", "inet", self.name],
                           capture_output=True)
            self.deleted = True
