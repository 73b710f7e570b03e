"""A real coturn (Debian's turnserver) for tests, with the TURN REST API secret
(`use-auth-secret`), started and stopped by the test itself. Loopback or a namespace only."""
import base64
import hashlib
import hmac
import socket
import subprocess
import time
from pathlib import Path
from typing import Optional, Sequence

TURNSERVER = "/usr/bin/turnserver"
UCLIENT = "/usr/bin/turnutils_uclient"
# The production config of docs/deploy/turnserver.conf, run as is by the namespace-internet tests.
DEPLOYED_CONFIG = Path(__file__).resolve().parents[2] / "docs" / "deploy" / "turnserver.conf"


def rest_credential(secret: str, user: str, expiry: int) -> tuple[str, str]:
    """The TURN REST API credential, computed here independently of clivrt-server."""
    username = f"{expiry}:{user}"
    digest = hmac.new(secret.encode(), username.encode(), hashlib.sha1).digest()
    return username, base64.b64encode(digest).decode()


class Coturn:
    """turnserver listening on `address`:`port`, relaying from `relay_ip`. With `deployed`, its
    settings are docs/deploy/turnserver.conf's (port 3478, no loopback peers) plus only where to
    listen and log."""

    def __init__(self, tmp: Path, secret: str, address: str = "127.0.0.1", port: int = 0,
                 relay_ip: Optional[str] = None, prefix: Sequence[str] = (),
                 ports: tuple[int, int] = (49160, 49260), deployed: bool = False):
        if port == 0:
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
                probe.bind((address, 0))
                port = probe.getsockname()[1]
        self.address, self.port, self.prefix = address, port, list(prefix)
        tmp = Path(tmp)
        self.log_path = tmp / f"coturn-{port}.log"
        config = tmp / f"coturn-{port}.conf"
        where = [f"listening-ip={address}", f"relay-ip={relay_ip or address}", f"min-port={ports[0]}",
                 f"max-port={ports[1]}", "no-tls", "no-dtls", "simple-log", "verbose",
                 f"log-file={self.log_path}", f"pidfile={tmp / f'coturn-{port}.pid'}"]
        if deployed:
            assert port == 3478, "the deployed config listens on 3478"
            settings = [DEPLOYED_CONFIG.read_text().replace("@TURN_SECRET@", secret).replace("@REALM@", "clivrt.test")]
        else:
            settings = [f"listening-port={port}", "use-auth-secret", f"static-auth-secret={secret}",
                        "realm=clivrt.test", "no-cli", "no-multicast-peers", "allow-loopback-peers", "fingerprint"]
        config.write_text("\n".join([*settings, *where, ""]))
        self.proc = subprocess.Popen([*self.prefix, TURNSERVER, "-c", str(config)],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"turnserver exited with {self.proc.returncode}:\n{self.log()}")
            if "listener opened" in self.log() or "Total General servers" in self.log():
                break
            time.sleep(0.1)
        time.sleep(0.3)  # its relay threads start just after the log line

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def allocate(self, username: str, credential: str, transport: str = "udp") -> bool:
        """True if a TURN client (coturn's own turnutils_uclient) gets an allocation."""
        args = [*self.prefix, UCLIENT, "-p", str(self.port), "-u", username, "-w", credential, "-n", "1",
                "-e", self.address, "-r", str(self.port + 1)]
        if transport == "tcp":
            args.append("-t")
        result = subprocess.run([*args, self.address], capture_output=True, text=True, timeout=30)
        return result.returncode == 0 and "Cannot complete Allocation" not in result.stdout

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
