"""Helpers for the client's integration tests: real clivrt processes.

- `ClientProcess`: clivrt in line mode (`--json` by default) with stdin/stdout pipes and a
  temporary HOME; `send(line)` writes a command, `wait_for(predicate)` waits for an event
  (a reader thread fills a queue, every line is kept for failure messages).
- `TmuxSession`: a private tmux server (its own socket, no config) with one pane running a
  plain shell, for driving the full-screen UI: `type()`, `keys()`, `screen()`, `wait_screen()`.
- `free_port()`: a loopback port that was free a moment ago (to restart a server on it).
Only loopback addresses are used. Builds on clivrt_testlib (binaries, isolated_env, servers).
"""
from __future__ import annotations

import asyncio
import itertools
import json
import os
import queue
import shlex
import socket
import subprocess
import threading
import time
from pathlib import Path
from typing import Any, Callable, Optional, Sequence

from clivrt_testlib import (CLIENT_BIN, DEFAULT_TIMEOUT, LOOPBACK, SERVER_BIN, ServerProcess,
                            isolated_env, read_line)

# Waits for processes started under sanitizers on a loaded machine: generous on purpose.
CLIENT_TIMEOUT = 20.0
_counter = itertools.count()


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((LOOPBACK, 0))
        return s.getsockname()[1]


def server_on_port(tmp: Path, port: int, *args: str) -> ServerProcess:
    """A clivrt-server on a fixed loopback port (ServerProcess always asks for port 0), so that
    it can be killed and started again where its clients expect it."""
    server = ServerProcess.__new__(ServerProcess)
    server.log_path = Path(tmp) / f"clivrt-server-{time.monotonic_ns()}.log"
    server._log = open(server.log_path, "wb")
    server.args = [str(SERVER_BIN), "--host", LOOPBACK, "--port", str(port), *args]
    server.proc = subprocess.Popen(server.args, stdout=subprocess.PIPE, stderr=server._log,
                                   env=isolated_env(tmp))
    line = read_line(server.proc.stdout, DEFAULT_TIMEOUT).strip()
    if not line.endswith(f"{LOOPBACK}:{port}"):
        server.kill()
        raise RuntimeError(f"clivrt-server on port {port} said {line!r}; log:\n{server.log()}")
    server.first_line, server.url, server.port, server.tls = line, f"ws://{LOOPBACK}:{port}", port, False
    return server


def client_env(tmp: Path, extra: Optional[dict] = None) -> dict:
    """isolated_env plus a UTF-8 locale, no colour hints from the caller's terminal."""
    env = isolated_env(tmp)
    env.update(LANG="C.UTF-8", LC_ALL="C.UTF-8")
    env.pop("COLORTERM", None)
    for var in ("SSH_CONNECTION", "SSH_TTY", "SSH_CLIENT"):  # the output budget's default depends on them
        env.pop(var, None)
    if extra:
        env.update(extra)
    return env


class ClientProcess:
    """A clivrt in line mode. `events` are parsed JSON objects (or raw lines without --json)."""

    def __init__(self, tmp: Path, *args: str, server_url: Optional[str] = None,
                 user: Optional[str] = None, json_mode: bool = True,
                 env: Optional[dict] = None, name: Optional[str] = None,
                 prefix: Sequence[str] = ()):
        """`prefix` runs clivrt through another command, e.g. `ip netns exec NS` (which execs
        clivrt in place: signals sent to the process reach clivrt itself)."""
        self.name = name or user or f"client{next(_counter)}"
        self.dir = Path(tmp) / f"client-{self.name}-{next(_counter)}"
        self.dir.mkdir(parents=True)
        self.json_mode = json_mode
        self.log_file = self.dir / "clivrt.log"
        argv = [*prefix, str(CLIENT_BIN), "--log-file", str(self.log_file), "--log-level", "DEBUG",
                "--webcam", "none", "--microphone", "none", "--speaker", "none"]
        if json_mode:
            argv.append("--json")
        if server_url is not None:
            argv += ["--server", server_url]
        if user is not None:
            argv += ["--user", user]
        argv += list(args)
        self.argv = argv
        self._stderr = open(self.dir / "stderr", "wb")
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=self._stderr, env=env or client_env(self.dir),
                                     cwd=self.dir)
        self.raw_lines: list[bytes] = []   # every stdout line, as received
        self.events: list[Any] = []        # parsed (JSON mode) or decoded lines
        self._queue: "queue.Queue[Any]" = queue.Queue()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self._cursor = 0  # wait_for() looks at events from here on

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.raw_lines.append(line)
            text = line.decode("utf-8", "replace").rstrip("\n")
            if self.json_mode:
                try:
                    item: Any = json.loads(text)
                except ValueError:
                    item = {"event": "<not json>", "text": text}
            else:
                item = text
            self._queue.put(item)
        self._queue.put(None)  # end of output

    def send(self, line: str) -> None:
        self.proc.stdin.write((line + "\n").encode())
        self.proc.stdin.flush()

    def close_stdin(self) -> None:
        if not self.proc.stdin.closed:
            self.proc.stdin.close()

    def _drain(self, block_for: float) -> bool:
        """Moves queued output into `events`; False once the output has ended."""
        try:
            item = self._queue.get(timeout=block_for) if block_for > 0 else self._queue.get_nowait()
        except queue.Empty:
            return True
        while True:
            if item is None:
                self._queue.put(None)  # keep the end marker for later calls
                return False
            self.events.append(item)
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                return True

    def wait_for(self, predicate: Callable[[Any], bool], timeout: float = CLIENT_TIMEOUT,
                 what: str = "") -> Any:
        """The first event after the previous match that satisfies `predicate`."""
        deadline = time.monotonic() + timeout
        while True:
            while self._cursor < len(self.events):
                item = self.events[self._cursor]
                self._cursor += 1
                if predicate(item):
                    return item
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"{self.name}: no {what or 'matching event'} within {timeout} s; "
                                     f"output so far:\n{self.transcript()}")
            if not self._drain(min(left, 0.5)) and self._cursor >= len(self.events):
                raise AssertionError(f"{self.name}: exited (status {self.proc.poll()}) before "
                                     f"{what or 'a matching event'}; output:\n{self.transcript()}")

    def wait_event(self, event: str, timeout: float = CLIENT_TIMEOUT, **fields) -> dict:
        """The next JSON event of this type whose fields equal `fields` (a callable value is
        used as a predicate on that field)."""
        def match(item):
            if not isinstance(item, dict) or item.get("event") != event:
                return False
            for key, want in fields.items():
                got = item.get(key)
                if callable(want):
                    if not want(got):
                        return False
                elif got != want:
                    return False
            return True
        return self.wait_for(match, timeout, what=f"'{event}' event {fields or ''}")

    async def async_wait_event(self, event: str, timeout: float = CLIENT_TIMEOUT, **fields) -> dict:
        """wait_event() without blocking the asyncio loop (raw WebSocket clients keep reading)."""
        return await asyncio.to_thread(self.wait_event, event, timeout, **fields)

    def skip_to_end(self) -> None:
        """Later wait_for() calls only see events that arrive from now on."""
        self._drain(0)
        self._cursor = len(self.events)

    def wait_exit(self, timeout: float = CLIENT_TIMEOUT) -> int:
        try:
            code = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            raise AssertionError(f"{self.name}: still running {timeout} s later; output:\n"
                                 f"{self.transcript()}")
        self._reader.join(5)
        self._drain(0)
        return code

    def stderr(self) -> str:
        self._stderr.flush()
        return (self.dir / "stderr").read_text(errors="replace")

    def log(self) -> str:
        return self.log_file.read_text(errors="replace") if self.log_file.exists() else ""

    def transcript(self) -> str:
        self._drain(0)
        out = "\n".join(json.dumps(e, ensure_ascii=True) if not isinstance(e, str) else repr(e)
                        for e in self.events[-60:])
        return out + f"\n--- stderr:\n{self.stderr()[-3000:]}"

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self.close_stdin()
        self._stderr.close()


class TmuxSession:
    """A private tmux server with one 100x30 pane running bash (prompt '$ '); the pane keeps its
    screen after the shell exits."""

    def __init__(self, tmp: Path, columns: int = 100, rows: int = 30, env: Optional[dict] = None):
        self.socket = f"clivrt-test-{os.getpid()}-{next(_counter)}-{time.monotonic_ns() % 10**9}"
        self.env = dict(env or client_env(tmp))
        self.env.update(TERM="xterm-256color", LANG="C.UTF-8", LC_ALL="C.UTF-8")
        self.env.pop("TMUX", None)
        self.tmux("new-session", "-d", "-x", str(columns), "-y", str(rows), "-s", "t",
                  "bash --norc --noprofile")
        # Keep the pane (and its last screen) if the shell exits.
        self.tmux("set-option", "-g", "remain-on-exit", "on")
        self.type("PS1='$ '; clear")
        self.wait_screen(lambda s: s.startswith("$"), what="the shell prompt")

    def tmux(self, *args: str, check: bool = True) -> str:
        result = subprocess.run(["tmux", "-L", self.socket, "-f", "/dev/null", *args],
                                capture_output=True, env=self.env, timeout=30)
        if check and result.returncode != 0:
            raise RuntimeError(f"tmux {' '.join(args)} failed: {result.stderr.decode(errors='replace')}")
        return result.stdout.decode("utf-8", "replace")

    def type(self, text: str, enter: bool = True) -> None:
        """Types `text` literally, then Enter."""
        if text:
            self.tmux("send-keys", "-t", "t", "-l", text)
        if enter:
            self.tmux("send-keys", "-t", "t", "Enter")

    def keys(self, *names: str) -> None:
        """tmux key names: Tab, Enter, C-c, BSpace, …"""
        self.tmux("send-keys", "-t", "t", *names)

    def run_shell_command(self, argv: list[str], env: Optional[dict] = None) -> None:
        """Types a command line into the pane's shell; prints EXIT=<status> when it ends."""
        prefix = " ".join(f"{k}={shlex.quote(v)}" for k, v in (env or {}).items())
        self.type(f"{prefix} {shlex.join(argv)}; echo EXIT=$?")

    def screen(self, escapes: bool = False) -> str:
        """The visible pane; with escapes=True, with SGR attributes as escape sequences."""
        return self.tmux("capture-pane", "-p", "-t", "t", *(["-e"] if escapes else []))

    def display(self, fmt: str) -> str:
        return self.tmux("display-message", "-p", "-t", "t", fmt).rstrip("\n")

    def wait_screen(self, predicate, timeout: float = CLIENT_TIMEOUT, what: str = "",
                    escapes: bool = False) -> str:
        """Polls the pane until `predicate(screen)` (or `text in screen` for a string) holds."""
        if isinstance(predicate, str):
            needle = predicate
            predicate = lambda s: needle in s  # noqa: E731
            what = what or repr(needle)
        deadline = time.monotonic() + timeout
        while True:
            text = self.screen(escapes)
            if predicate(text):
                return text
            if time.monotonic() > deadline:
                raise AssertionError(f"screen never showed {what} within {timeout} s; screen:\n{text}")
            time.sleep(0.1)

    def kill(self) -> None:
        self.tmux("kill-server", check=False)

    def __enter__(self) -> "TmuxSession":
        return self

    def __exit__(self, *exc) -> None:
        self.kill()
