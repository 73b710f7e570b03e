#!/usr/bin/env python3
"""Calls across the namespace internet (tests/integration/nat_testlib.py): how long from `call`
to the first remote video frame over a host, a server-reflexive and a relayed path, what the
relay costs coturn (CPU and bytes per second for one 640x480@30 call), and how much round-trip
time the relay adds (RTCP round-trip time of the same call shape, direct against relayed).

Real clivrt clients and clivrt-server from CLIVRT_BUILD_DIR (use a Release build), a real coturn;
nothing leaves the machine. Needs root (network namespaces).
Usage: CLIVRT_BUILD_DIR=build-release sudo -E /usr/bin/python3 bench/media/nat_paths_bench.py [calls=5] [seconds=20]
"""
from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tests" / "integration"))

from client_testlib import ClientProcess  # noqa: E402
from nat_testlib import PUBLIC_ADDRESS, Internet  # noqa: E402
from test_calls import CALL_TIMEOUT, stats, wait_online  # noqa: E402
from test_calls_nat import World  # noqa: E402

CLOCK_TICKS = 100  # USER_HZ: /proc/PID/stat counts CPU time in 1/100 s


def client(world: World, user: str, machine, video: str, fps: int) -> ClientProcess:
    config = world.tmp / f"{user}-{video}.ini"
    config.write_text(f"[DEFAULT]\nvideo_size = {video}\nframerate = {fps}\nautoanswer = true\n")
    process = ClientProcess(world.tmp, "--webcam", "test", "--microphone", "test", "--config", str(config),
                            server_url=world.server.url, user=user, prefix=machine.prefix)
    world.clients.append(process)
    process.wait_event("connected", timeout=CALL_TIMEOUT)
    return process


def time_to_first_frame(alice: ClientProcess, bob: ClientProcess) -> tuple[float, dict]:
    """Seconds from sending `call bob` (bob answers at once) to alice's first decoded frame."""
    wait_online(alice, "bob")
    started = time.monotonic()
    alice.send("call bob")
    deadline = started + CALL_TIMEOUT
    while (figures := stats(alice))["frames_decoded"] == 0:
        assert time.monotonic() < deadline, figures
        time.sleep(0.05)
    return time.monotonic() - started, figures


def selected_path(client: ClientProcess) -> dict:
    """The ICE path once `stats` knows it (webrtcbin reports the selected pair a little late)."""
    deadline = time.monotonic() + CALL_TIMEOUT
    while not (path := stats(client)["path"])["local_type"]:
        assert time.monotonic() < deadline, path
        time.sleep(0.2)
    return path


def hang_up(alice: ClientProcess, bob: ClientProcess) -> None:
    alice.send("hangup")
    alice.wait_event("call-ended", timeout=CALL_TIMEOUT)
    bob.wait_event("call-ended", timeout=CALL_TIMEOUT)


def homes_for(internet: Internet, path: str):
    if path == "host":  # two machines on one LAN
        home = internet.add_home("port-preserving")
        return home, internet.add_machine(home)
    nat = "port-preserving" if path == "srflx" else "symmetric"
    return internet.add_home(nat), internet.add_home(nat)


def public_bytes(internet: Internet) -> int:
    """Bytes delivered to the public host (coturn and clivrt-server) through its bridge: traffic
    bridged from home to home is not counted, all media is when the call is relayed."""
    out = subprocess.run([*internet.public_prefix, "cat", "/sys/class/net/br0/statistics/rx_bytes"],
                         check=True, capture_output=True, text=True).stdout
    return int(out)


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def measure_setup(path: str, calls: int) -> list[float]:
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        internet = Internet()
        world = World(Path(tmp), internet, turn=path == "relay")
        try:
            a, b = homes_for(internet, path)
            alice, bob = client(world, "alice", a, "320x240", 15), client(world, "bob", b, "320x240", 15)
            for _ in range(calls):
                seconds, _ = time_to_first_frame(alice, bob)
                taken = selected_path(alice)
                assert (taken["local_type"] == "relay" or taken["remote_type"] == "relay") == (path == "relay"), taken
                assert path != "host" or taken["remote_type"] == "host", taken
                times.append(seconds)
                hang_up(alice, bob)
                time.sleep(1)
        finally:
            world.close()
            internet.close()
    return times


def measure_call_cost(relayed: bool, seconds: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        internet = Internet()
        world = World(Path(tmp), internet, turn=relayed)
        try:
            nat = "symmetric" if relayed else "port-preserving"
            a, b = internet.add_home(nat), internet.add_home(nat)
            alice, bob = client(world, "alice", a, "640x480", 30), client(world, "bob", b, "640x480", 30)
            time_to_first_frame(alice, bob)
            time.sleep(3)  # past the start-up burst (keyframes, bandwidth probing)
            cpu0, bytes0, t0 = cpu_seconds(world.coturn.proc.pid), public_bytes(internet), time.monotonic()
            rtts = []
            while time.monotonic() - t0 < seconds:
                time.sleep(1)
                for side in (alice, bob):
                    rtt = stats(side)["rtt_ms"]
                    if rtt > 0:
                        rtts.append(rtt)
            elapsed = time.monotonic() - t0
            return {"coturn_cpu_percent": 100 * (cpu_seconds(world.coturn.proc.pid) - cpu0) / elapsed,
                    "public_kbytes_per_s": (public_bytes(internet) - bytes0) / elapsed / 1000,
                    "rtt_ms_median": statistics.median(rtts) if rtts else float("nan"),
                    "path": selected_path(alice)}
        finally:
            world.close()
            internet.close()


def main() -> None:
    calls = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    seconds = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    print(f"call → first remote frame (320x240@15, autoanswer, {calls} calls per path):")
    for path in ("host", "srflx", "relay"):
        times = measure_setup(path, calls)
        print(f"  {path:6} median {statistics.median(times):.2f} s  min {min(times):.2f}  max {max(times):.2f}")
    print(f"one 640x480@30 call for {seconds} s, both homes behind NAT (public = {PUBLIC_ADDRESS}):")
    for relayed in (False, True):
        cost = measure_call_cost(relayed, seconds)
        print(f"  {'relayed' if relayed else 'direct ':8} coturn CPU {cost['coturn_cpu_percent']:.1f}%  "
              f"public-namespace rx {cost['public_kbytes_per_s']:.0f} kB/s  RTCP rtt median "
              f"{cost['rtt_ms_median']:.1f} ms  path {cost['path']['local_type']}/{cost['path']['remote_type']}")


if __name__ == "__main__":
    main()
