"""clivrt-server: refused logins, malformed input and limits (docs/protocol.md)."""
import asyncio
import json
import socket

import pytest

from clivrt_testlib import LOOPBACK, WsClient, login, run, server, server_factory  # noqa: F401


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
    sock = socket.create_connection((LOOPBACK, srv.port), timeout=30)
    sock.sendall((f"GET /chat/sleepy HTTP/1.1\r\nHost: {LOOPBACK}\r\nUpgrade: websocket\r\n"
                  "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                  "Sec-WebSocket-Version: 13\r\n\r\n").encode())
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
