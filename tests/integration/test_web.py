"""clivrt-server as a web server for the browser client (web/), MDN sample compatibility and
origin checks. Raw HTTP with http.client (it sends the path exactly as given: traversal attempts
reach the server unnormalised), WebSockets with python3-websockets. Loopback only.
"""
from __future__ import annotations

import http.client
import socket
import ssl
from pathlib import Path

import pytest
import websockets
import websockets.exceptions

from clivrt_testlib import (LOOPBACK, REPO_DIR, WsClient, client_tls_context, login,
                            make_self_signed_cert, run, server, server_factory)  # noqa: F401 (fixtures)

WEB_DIR = REPO_DIR / "web"
CSP = ("default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data:; media-src 'self' blob:; "
       "style-src 'self'; script-src 'self'; frame-ancestors 'none'")


def request(server, path: str, method: str = "GET", headers: dict | None = None,
            tls: ssl.SSLContext | None = None) -> tuple[int, dict, bytes]:
    if tls is None:
        conn = http.client.HTTPConnection(LOOPBACK, server.port, timeout=10)
    else:
        conn = http.client.HTTPSConnection(LOOPBACK, server.port, timeout=10, context=tls)
    try:
        conn.request(method, path, headers=headers or {})
        response = conn.getresponse()
        body = response.read()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, body
    finally:
        conn.close()


def raw_request(server, line: bytes) -> bytes:
    """Sends one request line (anything, even invalid), returns the whole answer."""
    with socket.create_connection((LOOPBACK, server.port), timeout=10) as sock:
        sock.sendall(line + b"\r\nHost: " + f"{LOOPBACK}:{server.port}".encode() + b"\r\n\r\n")
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def assert_security_headers(headers: dict) -> None:
    assert headers["content-security-policy"] == CSP
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"
    assert headers["x-frame-options"] == "DENY"
    assert headers["cache-control"] == "no-cache"


# --- Static files ---------------------------------------------------------------------------

def test_root_serves_index_html_with_security_headers(server):
    status, headers, body = request(server, "/")
    assert status == 200
    assert headers["content-type"] == "text/html; charset=utf-8"
    assert body == (WEB_DIR / "index.html").read_bytes()
    assert_security_headers(headers)


@pytest.mark.parametrize("name,content_type", [
    ("app.js", "text/javascript; charset=utf-8"),
    ("style.css", "text/css; charset=utf-8"),
    ("index.html", "text/html; charset=utf-8"),
])
def test_files_by_name_with_their_content_type(server, name, content_type):
    status, headers, body = request(server, f"/{name}?cache=bust")
    assert status == 200
    assert headers["content-type"] == content_type
    assert body == (WEB_DIR / name).read_bytes()
    assert_security_headers(headers)


def test_page_loads_nothing_from_elsewhere():
    html = (WEB_DIR / "index.html").read_text()
    for text in (html, (WEB_DIR / "app.js").read_text(), (WEB_DIR / "style.css").read_text()):
        assert "http://" not in text and "https://" not in text and "//cdn" not in text
    assert "<script>" not in html and " style=" not in html  # CSP allows no inline code or style
    assert "innerHTML" not in (WEB_DIR / "app.js").read_text()


def test_head_gives_the_headers_of_get_without_a_body(server):
    status, headers, body = request(server, "/app.js", method="HEAD")
    assert status == 200 and body == b""
    assert int(headers["content-length"]) == (WEB_DIR / "app.js").stat().st_size
    assert_security_headers(headers)


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "OPTIONS"])
def test_other_methods_are_refused(server, method):
    status, headers, _ = request(server, "/", method=method)
    assert status == 405
    assert headers["allow"] == "GET, HEAD"


def test_unknown_file_is_404(server):
    status, headers, _ = request(server, "/nope.js")
    assert status == 404
    assert_security_headers(headers)


@pytest.mark.parametrize("path", [
    "/../etc/passwd", "/../../../../etc/passwd", "/%2e%2e/etc/passwd", "/%2E%2E/%2E%2E/etc/passwd",
    "/..%2f..%2fetc/passwd", "/web/../../etc/passwd", "/%2e%2e%5c%2e%2e%5cetc%5cpasswd",
    "//etc/passwd", "/app.js%00.html", "/.git/config", "/%zz", "/./index.html",
])
def test_traversal_attempts_are_refused(server, path):
    answer = raw_request(server, f"GET {path} HTTP/1.1".encode())
    status = int(answer.split(b" ", 2)[1])
    assert status in (400, 404), answer[:200]
    assert b"root:" not in answer


def test_absolute_form_and_garbage_targets_are_refused(server):
    for line in (b"GET /etc/passwd HTTP/1.1", b"GET etc/passwd HTTP/1.1",
                 b"GET http://127.0.0.1/../etc/passwd HTTP/1.1"):
        answer = raw_request(server, line)
        assert int(answer.split(b" ", 2)[1]) in (400, 404), answer[:200]
        assert b"root:" not in answer


def test_health_and_chat_routes_are_unchanged(server):
    assert request(server, "/healthz")[0] == 200
    assert request(server, "/chat/alice")[0] == 426


def test_web_root_option(server_factory, tmp_path):
    root = tmp_path / "site"
    root.mkdir()
    (root / "index.html").write_text("<p>mine</p>")
    (root / "data.json").write_text("{}")
    custom = server_factory("--web-root", str(root))
    assert request(custom, "/")[2] == b"<p>mine</p>"
    assert request(custom, "/data.json")[1]["content-type"] == "application/json"
    assert request(custom, "/app.js")[0] == 404
    nothing = server_factory("--web-root", "")
    assert request(nothing, "/")[0] == 404


def test_https_serves_the_page(server_factory, tmp_path):
    cert, key = make_self_signed_cert(tmp_path)
    secure = server_factory("--cert", str(cert), "--key", str(key))
    assert secure.tls
    status, headers, body = request(secure, "/", tls=client_tls_context(cert))
    assert status == 200 and body == (WEB_DIR / "index.html").read_bytes()
    assert_security_headers(headers)


# --- Origin checks --------------------------------------------------------------------------

def origin_status(server, path: str, origin: str | None, tls: ssl.SSLContext | None = None) -> int:
    headers = {"Upgrade": "websocket", "Connection": "Upgrade", "Sec-WebSocket-Version": "13",
               "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ=="}
    if origin is not None:
        headers["Origin"] = origin
    return request(server, path, headers=headers, tls=tls)[0]


def test_foreign_origin_gets_403_same_origin_and_no_origin_are_upgraded(server):
    own = f"http://{LOOPBACK}:{server.port}"
    assert origin_status(server, "/chat/alice", "http://evil.example") == 403
    assert origin_status(server, "/chat/alice", f"http://{LOOPBACK}:1") == 403
    assert origin_status(server, "/chat/alice", "null") == 403
    assert origin_status(server, "/", "http://evil.example") == 403  # MDN path too
    assert origin_status(server, "/chat/bob", own) == 101
    assert origin_status(server, "/chat/carol", None) == 101


def test_allow_origin_option(server_factory):
    custom = server_factory("--allow-origin", "https://app.example", "--allow-origin", "http://b.example:8000")
    own = f"http://{LOOPBACK}:{custom.port}"
    assert origin_status(custom, "/chat/a", "https://app.example") == 101
    assert origin_status(custom, "/chat/b", "http://b.example:8000") == 101
    assert origin_status(custom, "/chat/c", own) == 403  # the list replaces the default
    assert origin_status(custom, "/chat/d", None) == 101


def test_websockets_client_with_a_foreign_origin_is_refused(server):
    async def scenario():
        with pytest.raises(websockets.exceptions.InvalidStatusCode) as refused:
            await WsClient.connect(server.chat_url("eve"), origin="http://evil.example")
        assert refused.value.status_code == 403
        ok = await WsClient.connect(server.chat_url("amy"), origin=f"http://{LOOPBACK}:{server.port}")
        assert (await ok.recv_type("userlist"))["users"] == ["amy"]
    run(scenario())


# --- MDN webrtc-from-chat sample ------------------------------------------------------------

async def mdn_connect(server, path: str = "/") -> tuple[WsClient, int]:
    client = await WsClient.connect(server.url + path, subprotocols=["json"])
    assert client.ws.subprotocol == "json"
    hello = await client.recv_json()
    assert hello["type"] == "id" and isinstance(hello["id"], int)
    return client, hello["id"]


def test_mdn_handshake_names_routes_and_dedups(server):
    async def scenario():
        bob = await login(server, "bob")  # a /chat/ client
        alice, alice_id = await mdn_connect(server)
        await alice.send_json({"type": "username", "name": "alice", "id": alice_id, "date": 1})
        assert (await alice.recv_type("userlist"))["users"] == ["alice", "bob"]

        # A second "alice" and a "bob" get unique variants and are known under them.
        twin, twin_id = await mdn_connect(server, "/whatever")
        assert twin_id != alice_id
        await twin.send_json({"type": "username", "name": "alice", "id": twin_id, "date": 2})
        rename = await twin.recv_json()
        assert rename == {"type": "rejectusername", "id": twin_id, "name": "alice1"}
        assert "alice1" in (await twin.recv_type("userlist"))["users"]
        other, other_id = await mdn_connect(server)
        await other.send_json({"type": "username", "name": "bob", "id": other_id})
        assert (await other.recv_type("rejectusername"))["name"] == "bob1"

        # Routing both ways by target, with the sender stamped.
        offer = {"type": "video-offer", "name": "alice", "target": "bob",
                 "sdp": {"type": "offer", "sdp": "v=0\r\n"}}
        await alice.send_json(offer)
        got = await bob.recv_type("video-offer")
        assert got["name"] == "alice" and got["sdp"] == offer["sdp"]
        await bob.send_json({"type": "video-answer", "target": "alice1", "sdp": {"type": "answer", "sdp": "v=0\r\n"}})
        answer = await twin.recv_type("video-answer")
        assert answer["name"] == "bob"
        await bob.send_json({"type": "new-ice-candidate", "target": "alice",
                             "candidate": {"candidate": "", "sdpMid": "0", "sdpMLineIndex": 0}})
        assert (await alice.recv_type("new-ice-candidate"))["candidate"]["sdpMid"] == "0"
        await alice.send_json({"type": "hang-up", "name": "alice", "target": "bob"})
        assert (await bob.recv_type("hang-up"))["name"] == "alice"

        # Chat as the sample sends it; an MDN client gets text HTML-escaped (it uses innerHTML)
        # and a date, a /chat/ client gets it untouched.
        await alice.send_json({"type": "message", "text": "hi <b>bob</b>", "id": alice_id, "date": 123})
        assert (await bob.recv_type("message"))["text"] == "hi <b>bob</b>"
        echoed = await alice.recv_type("message")
        assert echoed["text"] == "hi &lt;b&gt;bob&lt;/b&gt;" and echoed["date"] == 123
        await bob.send_json({"type": "message", "text": "<img src=x onerror=alert(1)>"})
        from_bob = await alice.recv_type("message", where=lambda m: m["name"] == "bob")
        assert from_bob["text"] == "&lt;img src=x onerror=alert(1)&gt;"
        assert isinstance(from_bob["date"], int)
    run(scenario())


def test_mdn_hang_up_without_a_target_reaches_the_call_peer(server):
    """The sample's hangUpCall() clears its target before sending, so its hang-up says
    "target": null; the server sends it to the user this session last signalled."""
    async def scenario():
        bob = await login(server, "bob", delta=True)  # a clivrt client
        webby, webby_id = await mdn_connect(server)
        await webby.send_json({"type": "username", "name": "webby", "id": webby_id, "date": 1})
        await webby.recv_type("userlist")
        await webby.send_json({"name": "webby", "target": "bob", "type": "video-offer",
                               "sdp": {"type": "offer", "sdp": "v=0\r\n"}})
        assert (await bob.recv_type("video-offer"))["name"] == "webby"

        await webby.send_json({"name": "webby", "target": None, "type": "hang-up"})
        assert await bob.recv_type("hang-up") == {"name": "webby", "target": "bob", "type": "hang-up"}

        # Once used, the name is forgotten: another target-less hang-up goes nowhere, neither to
        # bob nor to everyone (the sample ends its own call on any hang-up), and is no error.
        await webby.send_json({"type": "hang-up", "target": None})
        await webby.send_json({"type": "message", "text": "after"})
        to_bob = await bob.recv_until(lambda m: m.get("type") == "message")
        assert [m["type"] for m in to_bob if m["type"] != "presence"] == ["message"], to_bob
        to_webby = await webby.recv_until(lambda m: m.get("type") == "message")
        assert not [m for m in to_webby if m["type"] in ("error", "hang-up")], to_webby
    run(scenario())


def test_mdn_messages_before_username_get_an_error(server):
    async def scenario():
        client, client_id = await mdn_connect(server)
        await client.send_json({"type": "message", "text": "early"})
        error = await client.recv_type("error")
        assert error["code"] == "login-required"
        await client.send_json({"type": "username", "name": "Jane Doe", "id": client_id})
        assert (await client.recv_type("rejectusername"))["name"] == "Jane_Doe"
        watcher = await login(server, "watcher")
        await client.send_json({"type": "message", "text": "now"})
        assert (await watcher.recv_type("message"))["name"] == "Jane_Doe"
    run(scenario())


def test_mdn_client_leaving_frees_its_name(server):
    async def scenario():
        watcher = await login(server, "watcher")
        client, client_id = await mdn_connect(server)
        await client.send_json({"type": "username", "name": "zoe", "id": client_id})
        await client.recv_type("userlist")
        await client.close()
        await watcher.recv_type("message", where=lambda m: m.get("text") == "User zoe left")
        again, again_id = await mdn_connect(server)
        await again.send_json({"type": "username", "name": "zoe", "id": again_id})
        users = (await again.recv_type("userlist"))["users"]
        assert "zoe" in users and "zoe1" not in users
    run(scenario())
