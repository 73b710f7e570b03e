"""clivrt-server: refused logins, malformed input and limits (docs/protocol.md)."""
import asyncio
import json
import socket
import subprocess
import time

import pytest

from clivrt_testlib import LOOPBACK, SERVER_BIN, WsClient, login, run, server, server_factory  # noqa: F401


def send_upgrade(srv, name: str, source: str = LOOPBACK, forwarded: str | None = None) -> socket.socket:
    """A raw WebSocket upgrade request to /chat/{name} from `source` (any 127/8 address is this
    machine), with X-Forwarded-For when `forwarded` is given; returns the open socket."""
    sock = socket.create_connection((LOOPBACK, srv.port), timeout=30, source_address=(source, 0))
    extra = f"X-Forwarded-For: {forwarded}\r\n" if forwarded is not None else ""
    sock.sendall((f"GET /chat/{name} HTTP/1.1\r\nHost: {LOOPBACK}\r\nUpgrade: websocket\r\n"
                  "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                  f"Sec-WebSocket-Version: 13\r\n{extra}\r\n").encode())
    return sock


def answer(sock: socket.socket) -> tuple[int, dict[str, str], str]:
    """The status, header fields (lower-case names) and body of the server's answer; (0, {}, "")
    if it closed without one. A 101 leaves the connection open."""
    received = b""
    while b"\r\n\r\n" not in received:
        chunk = sock.recv(65536)
        if not chunk:
            return 0, {}, ""
        received += chunk
    head, body = received.split(b"\r\n\r\n", 1)
    lines = head.decode().split("\r\n")
    fields = {k.strip().lower(): v.strip() for k, v in (line.split(":", 1) for line in lines[1:])}
    status = int(lines[0].split()[1])
    if status != 101:
        while len(body) < int(fields.get("content-length", 0)):
            chunk = sock.recv(65536)
            if not chunk:
                break
            body += chunk
    return status, fields, body.decode()


def upgrade(srv, name: str, **kwargs) -> tuple[socket.socket, int, dict[str, str], str]:
    sock = send_upgrade(srv, name, **kwargs)
    return (sock, *answer(sock))


async def refused(server, path_name):
    client = await WsClient.connect(server.chat_url(path_name))
    error = await client.recv_json()
    code, _ = await client.expect_close()
    return error, code


def test_duplicate_name_refused_and_first_keeps_it(server):
    async def scenario():
        first = await login(server, "alice")
        error, code = await refused(server, "alice")
        assert error["type"] == "error" and error["code"] == "name-taken"
        assert "alice" in error["message"]
        assert code == 4409
        await first.send_json({"type": "message", "text": "still mine"})
        got = await first.recv_type("message", where=lambda m: m.get("text") == "still mine")
        assert got["name"] == "alice"
    run(scenario())


@pytest.mark.parametrize("name", ["", "a%20b", "bad%2Fname", "x" * 33, "SERVER", "bad%zz", "%E2%82%AC",
                                  "evil%1B%5B2J", "nul%00"])
def test_invalid_username_refused(server, name):
    async def scenario():
        error, code = await refused(server, name)
        assert error["type"] == "error" and error["code"] == "invalid-username", error
        assert code == 4400
    run(scenario())


def test_server_full(server_factory):
    srv = server_factory("--max-connections", "2")

    async def scenario():
        await login(srv, "a")
        await login(srv, "b")
        error, code = await refused(srv, "c")
        assert error["code"] == "server-full"
        assert code == 4503
    run(scenario())


@pytest.mark.parametrize("frame", ["not json", "[1, 2]", '"text"', '{"type": 5}', '{"no": "type"}', "{"])
def test_malformed_frame_answers_error_and_keeps_connection(server, frame):
    async def scenario():
        alice = await login(server, "alice")
        await alice.send_raw(frame)
        error = await alice.recv_type("error")
        assert error["code"] == "malformed"
        await alice.send_json({"type": "message", "text": "after"})
        await alice.recv_type("message", where=lambda m: m.get("text") == "after")
    run(scenario())


def test_non_string_target_is_malformed(server):
    async def scenario():
        alice = await login(server, "alice")
        await alice.send_json({"type": "message", "text": "x", "target": 42})
        assert (await alice.recv_type("error"))["code"] == "malformed"
    run(scenario())


def test_binary_frame_answers_error_and_keeps_connection(server):
    async def scenario():
        alice = await login(server, "alice")
        await alice.send_raw(b'{"type":"message","text":"binary"}')
        error = await alice.recv_type("error")
        assert error["code"] == "malformed" and "binary" in error["message"]
        await alice.send_json({"type": "message", "text": "after"})
        await alice.recv_type("message", where=lambda m: m.get("text") == "after")
    run(scenario())


def test_oversized_frame_closes_with_1009(server):
    async def scenario():
        alice = await login(server, "alice")
        bob = await login(server, "bob")
        await alice.send_json({"type": "message", "text": "x" * (70 * 1024)})
        code, _ = await alice.expect_close()
        assert code == 1009
        # Others are unaffected and are told alice left.
        await bob.recv_type("message", where=lambda m: m.get("text") == "User alice left")
    run(scenario())


def test_configured_frame_limit(server_factory):
    srv = server_factory("--max-frame-bytes", "1024")

    async def scenario():
        alice = await login(srv, "alice")
        await alice.send_json({"type": "message", "text": "y" * 900})  # under the limit
        await alice.recv_type("message", where=lambda m: m.get("text") == "y" * 900)
        await alice.send_json({"type": "message", "text": "y" * 1100})
        code, _ = await alice.expect_close()
        assert code == 1009
    run(scenario())


@pytest.mark.parametrize("flags,count", [((), 3000), (("--rate", "1", "--burst", "20"), 200)])
def test_flood_closes_with_1008(server_factory, flags, count):
    srv = server_factory(*flags)

    async def scenario():
        flooder = await login(srv, "flooder")
        bob = await login(srv, "bob")
        try:
            for i in range(count):
                await flooder.send_json({"type": "message", "target": "bob", "text": str(i)})
        except Exception:  # the server may close before we finish sending
            pass
        code, reason = await flooder.expect_close()
        assert code == 1008, (code, reason)
        await bob.recv_type("message", where=lambda m: m.get("text") == "User flooder left")
    run(scenario())


def test_idle_connection_is_pinged_then_closed(server_factory):
    """A raw client that completes the handshake and then never answers anything."""
    srv = server_factory("--ping-interval", "1", "--idle-timeout", "2", "--handshake-timeout", "2")
    sock = send_upgrade(srv, "sleepy")
    received = b""
    while True:
        chunk = sock.recv(65536)
        if not chunk:
            break
        received += chunk
    sock.close()
    assert received.startswith(b"HTTP/1.1 101")
    frames = received.split(b"\r\n\r\n", 1)[1]
    assert b"\x89\x00" in frames  # an unmasked, empty ping (RFC 6455 §5.5.2)
    assert b"\x88" in frames  # and finally a close frame
    close_at = frames.rindex(b"\x88")
    code = int.from_bytes(frames[close_at + 2:close_at + 4], "big")
    assert code == 1001


def test_responsive_client_survives_idle_timeout(server_factory):
    srv = server_factory("--ping-interval", "1", "--idle-timeout", "2")

    async def scenario():
        # websockets answers pings by itself, like every browser.
        alice = await login(srv, "alice")
        await asyncio.sleep(4)
        await alice.send_json({"type": "message", "text": "awake"})
        await alice.recv_type("message", where=lambda m: m.get("text") == "awake")
    run(scenario())


# --- per-address caps ---------------------------------------------------------------------

def test_connections_per_address_are_capped_with_a_429(server_factory):
    srv = server_factory("--max-connections-per-address", "3")
    held = []
    for i in range(3):
        sock, status, _, _ = upgrade(srv, f"user{i}")
        assert status == 101
        held.append(sock)
    sock, status, fields, body = upgrade(srv, "fourth")
    assert status == 429 and body == "too many connections from 127.0.0.1\n", (status, body)
    assert int(fields["retry-after"]) > 0
    other, status, _, _ = upgrade(srv, "elsewhere", source="127.0.0.2")
    assert status == 101  # another address has its own share
    # Connections that never send a request count too: beyond twice the cap they are dropped
    # unanswered (and quickly, without waiting for the handshake timeout).
    idle = [socket.create_connection((LOOPBACK, srv.port), timeout=30) for _ in range(3)]
    time.sleep(0.5)
    dropped = socket.create_connection((LOOPBACK, srv.port), timeout=5)
    assert dropped.recv(100) == b""
    for s in held + idle + [dropped, other, sock]:
        s.close()
    deadline = time.monotonic() + 10
    while True:  # the server notices the closes; the places come back
        sock, status, _, _ = upgrade(srv, "later")
        sock.close()
        if status == 101:
            break
        assert time.monotonic() < deadline, f"still refused: {status}"
        time.sleep(0.2)
    assert "too many open (--max-connections-per-address)" in srv.log()


def test_logins_per_minute_are_capped_with_retry_after(server_factory):
    srv = server_factory("--logins-per-minute", "3")
    for i in range(3):
        sock, status, _, _ = upgrade(srv, f"user{i}")
        assert status == 101
        sock.close()
    sock, status, fields, body = upgrade(srv, "fourth")
    assert status == 429, status
    assert 19 <= int(fields["retry-after"]) <= 20  # one login comes back every 20 s
    assert body == f"too many logins from 127.0.0.1; try again in {fields['retry-after']} s\n"
    # Files and health checks are no logins.
    health = socket.create_connection((LOOPBACK, srv.port), timeout=10)
    health.sendall(f"GET /healthz HTTP/1.1\r\nHost: {LOOPBACK}\r\n\r\n".encode())
    assert answer(health)[0] == 200
    sock, status, _, _ = upgrade(srv, "neighbour", source="127.0.0.3")
    assert status == 101


def test_forwarded_for_counts_only_behind_a_trusted_proxy(server_factory):
    srv = server_factory("--logins-per-minute", "1", "--trusted-proxy", "127.0.0.1")
    assert upgrade(srv, "a", forwarded="203.0.113.5")[1] == 101
    _, status, _, body = upgrade(srv, "b", forwarded="198.51.100.9, 203.0.113.5")  # a client's own entry is ignored
    assert status == 429 and "from 203.0.113.5;" in body, body
    assert upgrade(srv, "c", forwarded="203.0.113.6")[1] == 101
    # From an address that is not a trusted proxy the header means nothing.
    assert upgrade(srv, "d", source="127.0.0.2", forwarded="203.0.113.7")[1] == 101
    _, status, _, body = upgrade(srv, "e", source="127.0.0.2", forwarded="203.0.113.8")
    assert status == 429 and "from 127.0.0.2;" in body, body


def test_a_bad_trusted_proxy_is_a_clear_error():
    result = subprocess.run([str(SERVER_BIN), "--trusted-proxy", "proxy.example"], capture_output=True, text=True,
                            timeout=30)
    assert result.returncode != 0
    assert "'proxy.example' is not an IP address" in result.stderr, result.stderr
