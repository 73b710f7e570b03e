"""Shared helpers for clivrt's integration tests (pytest, /usr/bin/python3).

- Paths to the built binaries ($CLIVRT_BUILD_DIR, set by CTest).
- `isolated_env(tmp)`: an environment with HOME and XDG dirs in a temporary folder.
- `ServerProcess` / `start_server()`: a real clivrt-server on an ephemeral loopback port
  (`--port 0`, the port read from its first stdout line), killed on teardown.
- `server` / `server_factory` pytest fixtures (import them into a test module to use them).
- `make_self_signed_cert(dir)`: a throw-away certificate for 127.0.0.1 made with the openssl CLI.
- `WsClient`: an async raw WebSocket client (python3-websockets 10.4) with helpers to wait for
  the next message of a type, with a timeout.
Only loopback addresses are used.
"""
from __future__ import annotations

import asyncio
import json
import os
import select
import signal
import ssl
import subprocess
import time
from pathlib import Path
from typing import Any, Callable, Optional, Sequence

import pytest
import websockets
import websockets.exceptions

REPO_DIR = Path(__file__).resolve().parents[2]
BUILD_DIR = Path(os.environ.get("CLIVRT_BUILD_DIR", REPO_DIR / "build"))
SERVER_BIN = BUILD_DIR / "src" / "server" / "clivrt-server"
CLIENT_BIN = BUILD_DIR / "src" / "app" / "clivrt"
LOOPBACK = "127.0.0.1"
DEFAULT_TIMEOUT = 10.0  # generous: the test build runs under sanitizers on a busy machine


def isolated_env(tmp: Path, extra: Optional[dict] = None) -> dict:
    """os.environ with HOME and the XDG dirs moved into `tmp` (created if needed)."""
    env = dict(os.environ)
    home = Path(tmp) / "home"
    for sub in ("", ".config", ".cache", ".local/share", ".local/state", "run"):
        (home / sub).mkdir(parents=True, exist_ok=True)
    (home / "run").chmod(0o700)
    env.update(HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"),
               XDG_CACHE_HOME=str(home / ".cache"), XDG_DATA_HOME=str(home / ".local/share"),
               XDG_STATE_HOME=str(home / ".local/state"), XDG_RUNTIME_DIR=str(home / "run"))
    env.setdefault("ASAN_OPTIONS", "detect_leaks=1")
    if extra:
        env.update(extra)
    return env


def read_line(stream, timeout: float) -> str:
    """One line from a pipe, or TimeoutError; '' at end of file."""
    ready, _, _ = select.select([stream], [], [], timeout)
    if not ready:
        raise TimeoutError(f"no line within {timeout} s")
    return stream.readline().decode("utf-8", "replace")


class ServerProcess:
    """A running clivrt-server. Use as a context manager, or call stop()/kill()."""

    def __init__(self, args: list[str], tmp: Path, env: Optional[dict] = None,
                 timeout: float = DEFAULT_TIMEOUT, prefix: Sequence[str] = (), host: str = LOOPBACK):
        """`prefix` runs the server through another command (e.g. `ip netns exec NS`), `host`
        is the address it listens on (an address of that namespace)."""
        self.log_path = Path(tmp) / f"clivrt-server-{time.monotonic_ns()}.log"
        self._log = open(self.log_path, "wb")
        self.args = [*prefix, str(SERVER_BIN), "--host", host, "--port", "0", *args]
        self.proc = subprocess.Popen(self.args, stdout=subprocess.PIPE, stderr=self._log,
                                     env=env or isolated_env(tmp))
        try:
            self.first_line = read_line(self.proc.stdout, timeout).strip()
        except TimeoutError:
            self.kill()
            raise RuntimeError(f"clivrt-server printed nothing; log:\n{self.log()}")
        prefix = "clivrt-server listening on "
        if not self.first_line.startswith(prefix):
            self.kill()
            raise RuntimeError(f"unexpected first line {self.first_line!r}; log:\n{self.log()}")
        self.url = self.first_line[len(prefix):]  # ws://127.0.0.1:PORT or wss://...
        self.port = int(self.url.rsplit(":", 1)[1])
        self.tls = self.url.startswith("wss://")

    def chat_url(self, name: str, delta: bool = False) -> str:
        return f"{self.url}/chat/{name}" + ("?presence=delta" if delta else "")

    def http_url(self, path: str) -> str:
        scheme = "https" if self.tls else "http"
        return f"{scheme}://{LOOPBACK}:{self.port}{path}"

    def log(self) -> str:
        """What the server wrote on stderr so far."""
        if not self._log.closed:
            self._log.flush()
        return self.log_path.read_text(errors="replace")

    def stop(self, sig: int = signal.SIGTERM, timeout: float = DEFAULT_TIMEOUT) -> int:
        """Sends `sig` and waits; returns the exit status (kills it after `timeout`)."""
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.kill()
        self._log.close()
        return self.proc.returncode

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self._log.close()

    def __enter__(self) -> "ServerProcess":
        return self

    def __exit__(self, *exc) -> None:
        self.kill()


def start_server(tmp: Path, *args: str, env: Optional[dict] = None) -> ServerProcess:
    return ServerProcess(list(args), tmp, env)


@pytest.fixture
def server_factory(tmp_path):
    """Calls start_server(tmp_path, *args); every server started is killed at teardown."""
    started: list[ServerProcess] = []

    def make(*args: str, env: Optional[dict] = None) -> ServerProcess:
        started.append(start_server(tmp_path, *args, env=env))
        return started[-1]

    yield make
    for proc in started:
        proc.kill()


@pytest.fixture
def server(server_factory) -> ServerProcess:
    """A clivrt-server with default limits."""
    return server_factory()


def make_self_signed_cert(directory: Path, host: str = LOOPBACK) -> tuple[Path, Path]:
    """(cert, key) PEM files for `host`, generated with the openssl CLI."""
    cert, key = Path(directory) / "cert.pem", Path(directory) / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", f"/CN={host}", "-addext", f"subjectAltName=IP:{host}",
                    "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)
    return cert, key


def client_tls_context(cert: Path) -> ssl.SSLContext:
    """Trusts exactly `cert` (and verifies the host name against it)."""
    context = ssl.create_default_context(cafile=str(cert))
    return context


_open_clients: list["WsClient"] = []


class WsClient:
    """A raw WebSocket client speaking clivrt's JSON frames."""

    def __init__(self, ws):
        self.ws = ws
        self.seen: list[Any] = []  # every message received, in order (for debugging asserts)

    @classmethod
    async def connect(cls, url: str, ssl_context: Optional[ssl.SSLContext] = None,
                      timeout: float = DEFAULT_TIMEOUT, **kwargs) -> "WsClient":
        kwargs.setdefault("max_size", None)
        kwargs.setdefault("ping_interval", None)
        kwargs.setdefault("close_timeout", 2)
        ws = await websockets.connect(url, ssl=ssl_context, open_timeout=timeout, **kwargs)
        client = cls(ws)
        _open_clients.append(client)
        return client

    async def send_json(self, message: dict) -> None:
        await self.ws.send(json.dumps(message))

    async def send_raw(self, data) -> None:
        """Sends a str as a text frame, bytes as a binary frame, exactly as given."""
        await self.ws.send(data)

    async def recv_raw(self, timeout: float = DEFAULT_TIMEOUT):
        return await asyncio.wait_for(self.ws.recv(), timeout)

    async def recv_json(self, timeout: float = DEFAULT_TIMEOUT) -> dict:
        data = await self.recv_raw(timeout)
        message = json.loads(data)
        self.seen.append(message)
        return message

    async def recv_until(self, predicate: Callable[[dict], bool],
                         timeout: float = DEFAULT_TIMEOUT) -> list[dict]:
        """Every message up to and including the first one matching `predicate`."""
        deadline = asyncio.get_running_loop().time() + timeout
        received = []
        while True:
            left = deadline - asyncio.get_running_loop().time()
            if left <= 0:
                raise TimeoutError(f"no matching message within {timeout} s; got {received}")
            message = await self.recv_json(left)
            received.append(message)
            if predicate(message):
                return received

    async def recv_type(self, type_: str, timeout: float = DEFAULT_TIMEOUT,
                        where: Optional[Callable[[dict], bool]] = None) -> dict:
        """The next message with this "type" (and matching `where`), skipping others."""
        return (await self.recv_until(
            lambda m: m.get("type") == type_ and (where is None or where(m)), timeout))[-1]

    async def expect_close(self, timeout: float = DEFAULT_TIMEOUT) -> tuple[int, str]:
        """Reads (skipping messages) until the server closes; returns (code, reason)."""
        try:
            while True:
                await self.recv_json(timeout)
        except websockets.exceptions.ConnectionClosed:
            pass
        return self.ws.close_code, self.ws.close_reason

    async def close(self) -> None:
        await self.ws.close()


async def login(server: ServerProcess, name: str, delta: bool = False, **kwargs) -> WsClient:
    """Connects as `name` and waits for the initial full userlist."""
    client = await WsClient.connect(server.chat_url(name, delta), **kwargs)
    await client.recv_type("userlist")
    return client


def run(coro):
    """Runs a coroutine to completion (pytest-asyncio is not installed), then closes every
    WsClient it left open."""
    async def wrapper():
        try:
            return await coro
        finally:
            clients = list(_open_clients)
            _open_clients.clear()
            await asyncio.gather(*(c.ws.close() for c in clients), return_exceptions=True)
    return asyncio.run(wrapper())
