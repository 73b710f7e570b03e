"""clivrt-server as a process: HTTP routes, TLS, signals, command line."""
import http.client
import signal
import ssl
import subprocess

import pytest

from clivrt_testlib import (LOOPBACK, SERVER_BIN, WsClient, client_tls_context, isolated_env, login,
                            make_self_signed_cert, run, server, server_factory)  # noqa: F401


def http_get(port, path, context=None):
    conn = (http.client.HTTPSConnection(LOOPBACK, port, context=context, timeout=10) if context
            else http.client.HTTPConnection(LOOPBACK, port, timeout=10))
    conn.request("GET", path)
    response = conn.getresponse()
    result = response.status, response.read()
    conn.close()
    return result


def test_first_line_names_the_real_port(server):
    assert server.first_line == f"clivrt-server listening on ws://{LOOPBACK}:{server.port}"
    assert server.port != 0


def test_healthz_and_404(server):
    assert http_get(server.port, "/healthz") == (200, b"ok\n")
    assert http_get(server.port, "/no-such-file")[0] == 404
    assert http_get(server.port, "/nope/alice")[0] == 404
    assert http_get(server.port, "/chat/alice")[0] == 426  # not a WebSocket upgrade


def test_wss_with_self_signed_certificate(server_factory, tmp_path):
    cert, key = make_self_signed_cert(tmp_path)
    srv = server_factory("--cert", str(cert), "--key", str(key))
    assert srv.first_line == f"clivrt-server listening on wss://{LOOPBACK}:{srv.port}"
    context = client_tls_context(cert)
    assert http_get(srv.port, "/healthz", context) == (200, b"ok\n")

    async def scenario():
        alice = await login(srv, "alice", ssl_context=context)
        bob = await login(srv, "bob", ssl_context=context)
        await alice.send_json({"type": "message", "text": "over tls", "target": "bob"})
        got = await bob.recv_type("message", where=lambda m: m.get("text") == "over tls")
        assert got["name"] == "alice"
    run(scenario())


def test_wss_refuses_plain_client(server_factory, tmp_path):
    cert, key = make_self_signed_cert(tmp_path)
    srv = server_factory("--cert", str(cert), "--key", str(key))

    async def scenario():
        with pytest.raises(Exception):
            await WsClient.connect(f"ws://{LOOPBACK}:{srv.port}/chat/alice", timeout=5)
    run(scenario())
    assert http_get(srv.port, "/healthz", client_tls_context(cert))[0] == 200  # still serving


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_signal_closes_every_connection_and_exits_zero(server, sig):
    async def scenario():
        clients = [await login(server, name) for name in ("alice", "bob", "carol")]
        server.proc.send_signal(sig)
        for client in clients:
            code, _ = await client.expect_close()
            assert code == 1001
    run(scenario())
    assert server.stop() == 0


def run_server(tmp_path, *args):
    return subprocess.run([str(SERVER_BIN), *args], capture_output=True, text=True, timeout=30,
                          env=isolated_env(tmp_path))


@pytest.mark.parametrize("args,needle", [
    (["--nope"], "--nope"),
    (["--port", "abc"], "--port"),
    (["--port", "70000"], "--port"),
    (["--threads", "0"], "--threads"),
    (["--cert", "/nonexistent/cert.pem", "--key", "/nonexistent/key.pem"], "/nonexistent/cert.pem"),
    (["--port", "0", "--log-level", "loud"], "loud"),
    (["--port", "0", "--host", "256.1.2.3"], "256.1.2.3"),
])
def test_bad_flags_exit_nonzero_with_one_line(tmp_path, args, needle):
    result = run_server(tmp_path, *args)
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("clivrt-server: ") and needle in lines[0], lines[0]
    assert result.stdout == ""


def test_busy_port_is_a_clear_error(server, tmp_path):
    result = run_server(tmp_path, "--host", LOOPBACK, "--port", str(server.port))
    assert result.returncode == 1
    assert result.stderr.strip() == (f"clivrt-server: cannot bind {LOOPBACK}:{server.port}: "
                                     "Address already in use")


def test_help_and_version(tmp_path):
    help_ = run_server(tmp_path, "--help")
    assert help_.returncode == 0
    for flag in ("--host", "--port", "--cert", "--key", "--threads", "--log-file", "--log-level",
                 "--max-frame-bytes", "--rate", "--burst", "--ping-interval", "--idle-timeout",
                 "--max-connections", "--userlist-interval", "--presence-window"):
        assert flag in help_.stdout, flag
    version = run_server(tmp_path, "--version")
    assert version.returncode == 0
    lines = version.stdout.strip().splitlines()
    assert lines[0].startswith("clivrt-server 0."), lines
    assert lines[1].startswith("OpenSSL 3."), lines


def test_log_file_and_level(server_factory, tmp_path):
    log = tmp_path / "server.log"
    srv = server_factory("--log-file", str(log), "--log-level", "debug")

    async def scenario():
        await login(srv, "alice")
    run(scenario())
    assert srv.stop() == 0
    text = log.read_text()
    assert "alice joined" in text and "[debug]" in text
    assert srv.log() == ""  # nothing on stderr when logging to a file
