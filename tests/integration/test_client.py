"""clivrt in line mode against a real clivrt-server (and raw WebSocket clients): command line,
config errors, login, lookup, chat, refusals, hostile text, odd frames, reconnecting, exit."""
import asyncio
import json
import re
import subprocess

import pytest

from clivrt_testlib import (CLIENT_BIN, WsClient, login, make_self_signed_cert, run, server,  # noqa: F401
                            server_factory)
from client_testlib import CLIENT_TIMEOUT, ClientProcess, client_env, free_port, server_on_port

ESC = "\x1b"


@pytest.fixture
def clients(tmp_path):
    """clients(user=..., server_url=..., *args) starts a ClientProcess; all are killed at teardown."""
    started = []

    def make(*args, **kwargs):
        started.append(ClientProcess(tmp_path, *args, **kwargs))
        return started[-1]

    yield make
    for client in started:
        client.kill()


def logged_in(server, clients, user, *args, **kwargs):
    """A line-mode client that has logged in as `user` and announced the first userlist."""
    client = clients(*args, server_url=server.url, user=user, **kwargs)
    client.wait_event("connected", user=user)
    client.wait_event("userlist")
    return client


def run_clivrt(tmp_path, *args, timeout=CLIENT_TIMEOUT):
    return subprocess.run([str(CLIENT_BIN), *args], capture_output=True, timeout=timeout,
                          env=client_env(tmp_path), cwd=tmp_path, stdin=subprocess.DEVNULL)


# --- command line and config -------------------------------------------------------------

def test_help_and_version_exit_zero(tmp_path):
    help_run = run_clivrt(tmp_path, "--help")
    assert help_run.returncode == 0
    for flag in ("--server", "--user", "--headless", "--json", "--config"):
        assert flag in help_run.stdout.decode()
    version = run_clivrt(tmp_path, "--version")
    assert version.returncode == 0
    # Ours, then the libraries actually loaded: what a bug report needs.
    assert re.fullmatch(r"clivrt \S+\nGStreamer 1\.\d+\.\d+\nOpenSSL 3\.[^\n]+\n", version.stdout.decode()), \
        version.stdout


@pytest.mark.parametrize("args, mentions", [
    (["--no-such-flag"], "--no-such-flag"),
    (["--videostyle", "sparkly"], "--videostyle"),
    (["--autoanswer", "maybe"], "--autoanswer"),
    (["--user"], "--user"),
])
def test_bad_flags_exit_2_with_one_line_on_stderr(tmp_path, args, mentions):
    result = run_clivrt(tmp_path, *args)
    assert result.returncode == 2
    stderr = result.stderr.decode()
    assert stderr.count("\n") == 1 and stderr.startswith("clivrt: "), stderr
    assert mentions in stderr
    assert result.stdout == b""


def test_bad_config_value_names_file_line_and_key(tmp_path):
    config = tmp_path / "bad.ini"
    config.write_text("[DEFAULT]\nusername = alice\nautoanswer = perhaps\n")
    result = run_clivrt(tmp_path, "--config", str(config), "--headless")
    assert result.returncode == 2
    stderr = result.stderr.decode()
    assert stderr.count("\n") == 1, stderr
    assert f"{config}:3" in stderr and "autoanswer" in stderr and "perhaps" in stderr


def test_config_file_not_key_value_line_is_located(tmp_path):
    config = tmp_path / "junk.ini"
    config.write_text("[DEFAULT]\n\nthis is not a setting\n")
    result = run_clivrt(tmp_path, "--config", str(config), "--headless")
    assert result.returncode == 2
    assert f"{config}:3" in result.stderr.decode()


def test_missing_config_file_is_an_error(tmp_path):
    result = run_clivrt(tmp_path, "--config", str(tmp_path / "nope.ini"), "--headless")
    assert result.returncode == 2
    assert "nope.ini" in result.stderr.decode()


def test_config_file_settings_are_used_and_unknown_keys_warned(server, clients, tmp_path):
    config = tmp_path / "good.ini"
    config.write_text(f"[DEFAULT]\nsignalinghosturl = {server.url}\nusername = carol\nfavourite = blue\n")
    carol = clients("--config", str(config))
    warning = carol.wait_event("config", kind="warning")
    assert f"{config}:4" in warning["text"] and "favourite" in warning["text"]
    carol.wait_event("connected", user="carol")


# --- login, lookup, chat ------------------------------------------------------------------

def test_login_with_a_name_then_lookup_lists_everyone(server, clients):
    alice = logged_in(server, clients, "alice")
    bob = logged_in(server, clients, "bob")
    announced = next(e for e in bob.events if e.get("event") == "userlist")  # at login
    assert announced["users"] == ["alice", "bob"] and "bob (you)" in announced["text"]
    alice.wait_event("joined", user="bob")
    alice.send("lookup")
    users = alice.wait_event("userlist", users=["alice", "bob"])
    assert "alice (you)" in users["text"] and "2 users" in users["text"]
    bob.send("quit")
    assert bob.wait_exit() == 0
    left = alice.wait_event("left", user="bob")  # delta presence: the departure is announced too
    assert left["text"] == "bob left" and left["kind"] == "info", left


def test_anonymous_login_gets_an_anon_name(server, clients):
    async def scenario():
        watcher = await login(server, "watcher")
        anon = clients(server_url=server.url)  # no --user and none configured: not logged in
        await anon.async_wait_event("hello")
        anon.send("lookup")
        await anon.async_wait_event("lookup", kind="error")
        anon.send("login")
        started = await anon.async_wait_event("login")
        name = started["user"]
        assert re.fullmatch(r"Anon[A-Za-z0-9_.-]*", name), name
        await anon.async_wait_event("connected", user=name)
        await watcher.recv_type("userlist", where=lambda m: name in m["users"])
    run(scenario())


def test_say_reaches_both_clients_with_the_sender_name(server, clients):
    alice = logged_in(server, clients, "alice")
    bob = logged_in(server, clients, "bob")
    alice.wait_event("joined", user="bob")
    alice.send("say hello bob, ça va? 👋")
    for client, kind in ((alice, "self"), (bob, "chat")):
        got = client.wait_event("chat", text="hello bob, ça va? 👋")
        assert got["from"] == "alice" and got["kind"] == kind
    bob.send("say   spaced   out  ")
    assert alice.wait_event("chat", text=lambda t: t and "spaced   out" in t)["from"] == "bob"


def test_command_errors_are_reported_not_fatal(server, clients):
    alice = logged_in(server, clients, "alice")
    for line, event in (("frobnicate", "usage"), ("say", "usage"), ("lookup extra", "usage"),
                        ('say "unterminated', "usage"), ("login", "login"), ("set nope 1", "set"),
                        ("hangup", "hangup"), ("answer", "answer"), ("decline", "decline"),
                        ("stats", "stats"), ("logout --bogus", "usage")):
        alice.send(line)
        got = alice.wait_event(event, kind="error")
        assert got["text"], line
    alice.send("help")
    assert "login" in alice.wait_event("help")["text"]
    alice.send("call -h")
    assert "usage: call" in alice.wait_event("help")["text"]
    alice.send("say still here")
    alice.wait_event("chat", text="still here")


def test_a_long_paste_is_refused_and_the_connection_kept(server, clients):
    async def scenario():
        alice = logged_in(server, clients, "alice")
        bob = await login(server, "bob")
        alice.send("say " + "x" * 70000)  # over the server's 64 KiB frame limit
        assert "too long" in (await alice.async_wait_event("say", kind="error"))["text"]
        alice.send("say " + "\x01" * 7000)  # short, but each byte becomes \u0001 in JSON
        await alice.async_wait_event("say", kind="error")
        long_ok = "y" * 30000
        alice.send("say " + long_ok)
        got = await bob.recv_type("message", where=lambda m: m.get("name") == "alice")
        assert got["text"] == long_ok
        await alice.async_wait_event("chat", text=long_ok)
        assert not any(e.get("event") == "disconnected" for e in alice.events), alice.transcript()
    run(scenario())


def test_targeted_message_from_a_raw_client_reaches_only_its_target(server, clients):
    async def scenario():
        alice = logged_in(server, clients, "alice")
        bob = logged_in(server, clients, "bob")
        mallory = await login(server, "mallory")
        await mallory.send_json({"type": "message", "target": "alice", "text": "psst, alice"})
        await mallory.send_json({"type": "message", "text": "everyone: marker"})
        got = await alice.async_wait_event("chat", text="psst, alice")
        assert got["from"] == "mallory" and got["kind"] == "chat"
        await alice.async_wait_event("chat", text="everyone: marker")
        await bob.async_wait_event("chat", text="everyone: marker")
        assert not any(e.get("text") == "psst, alice" for e in bob.events)
    run(scenario())


def test_impersonation_shows_the_real_sender(server, clients):
    async def scenario():
        alice = logged_in(server, clients, "alice")
        logged_in(server, clients, "bob")
        mallory = await login(server, "mallory")
        for fake in ("bob", "SERVER", "alice"):
            await mallory.send_json({"type": "message", "name": fake, "text": f"I am {fake}"})
            got = await alice.async_wait_event("chat", text=f"I am {fake}")
            assert got["from"] == "mallory" and got["kind"] == "chat"
    run(scenario())


def test_duplicate_name_is_refused_and_the_first_keeps_working(server, clients):
    first = logged_in(server, clients, "alice")
    second = clients(server_url=server.url, user="alice")
    refused = second.wait_event("login-refused")
    assert "taken" in refused["text"] or "in use" in refused["text"], refused
    second.send("lookup")
    second.wait_event("lookup", kind="error")  # not logged in any more: no retry loop
    second.send("say anyone?")
    second.wait_event("say", kind="error")
    assert not any(e.get("event") == "connected" for e in second.events)
    first.send("say still mine")
    first.wait_event("chat", text="still mine", **{"from": "alice"})
    # The refused client can log in again under another name.
    second.send("login --user alice2")
    second.wait_event("connected", user="alice2")
    first.wait_event("joined", user="alice2")


def test_invalid_username_is_rejected_before_connecting(server, clients):
    client = clients(server_url=server.url)
    client.wait_event("hello")
    client.send("login --user " + "bad/name")
    assert "invalid username" in client.wait_event("login", kind="error")["text"]
    client.send("login --user " + "x" * 33)
    client.wait_event("login", kind="error")


def test_unreachable_server_is_reported_and_retried(clients):
    port = free_port()  # nothing listens there
    client = clients(server_url=f"ws://127.0.0.1:{port}", user="alice")
    first = client.wait_event("disconnected", kind="warning")
    assert str(port) in first["text"] and first["retry_in"] >= 1
    client.wait_event("disconnected", kind="warning")  # tried again


def test_a_login_over_the_servers_cap_says_why_and_waits_as_told(server_factory, clients):
    """The server's 429 (its per-address login cap) is shown as it said it, and the client
    comes back no sooner than its Retry-After."""
    srv = server_factory("--logins-per-minute", "1")
    logged_in(srv, clients, "alice")  # the one login this minute
    bob = clients(server_url=srv.url, user="bob")
    refused = bob.wait_event("disconnected", kind="warning")
    assert ("server refused the connection (429 Too Many Requests): too many logins from 127.0.0.1; "
            "try again in") in refused["text"], refused
    assert refused["retry_in"] >= 55, refused


# --- hostile input ------------------------------------------------------------------------

HOSTILE = ("clear\x1b[2J title\x1b]0;pwned\x07 red\x1b[31m csi\u009b31m bel\x07 "
           "bidi\u202eevil\u202c nul-free tab\t cr\r lf\n end")


def test_hostile_chat_text_is_inert_in_plain_line_mode(server, clients):
    async def scenario():
        alice = clients(server_url=server.url, user="alice", json_mode=False)
        alice.wait_for(lambda line: "logged in as alice" in line, what="login")
        evil = await login(server, "evil")
        await evil.send_json({"type": "message", "text": HOSTILE, "name": "\x1b[31mbob"})
        line = await asyncio.to_thread(alice.wait_for, lambda l: "clear" in l and "end" in l,
                                       what="the hostile message")
        assert re.match(r"\d\d:\d\d evil: ", line), line
        for inert in ("^[[2J", "^[]0;pwned^G", "^[[31m", "<U+009B>31m", "bel^G", "<U+202E>evil",
                      "tab^I", "cr^M", "lf^J"):
            assert inert in line, (inert, line)
        alice.send("quit")
        assert alice.wait_exit() == 0
        everything = b"".join(alice.raw_lines)
        for byte in range(0x20):
            if byte != 0x0A:
                assert bytes([byte]) not in everything, (byte, everything)
        assert b"\x7f" not in everything
        text = everything.decode("utf-8")
        assert not any(0x80 <= ord(c) <= 0x9F for c in text)
        assert "\u202e" not in text
    run(scenario())


def test_hostile_text_in_json_mode_is_escaped_and_exact(server, clients):
    async def scenario():
        alice = logged_in(server, clients, "alice")
        evil = await login(server, "evil")
        await evil.send_json({"type": "message", "text": HOSTILE})
        got = await alice.async_wait_event("chat", text=HOSTILE)  # the exact text, for programs
        assert got["from"] == "evil"
        raw = next(line for line in alice.raw_lines if b"pwned" in line)
        assert not any(b < 0x20 for b in raw.rstrip(b"\n")), raw  # JSON escapes C0 controls
    run(scenario())


def test_hostile_usernames_cannot_log_in(server):
    """The server refuses names with control characters, so no client ever shows one."""
    async def scenario():
        for name in ("%1b%5b31mbob", "a%07b", "%e2%80%aeevil", "%c2%9b31m"):
            raw = await WsClient.connect(server.chat_url(name))
            error = await raw.recv_type("error")
            assert error["code"] == "invalid-username", (name, error)
            code, _ = await raw.expect_close()
            assert code == 4400
    run(scenario())


def test_client_survives_odd_but_valid_frames(server, clients):
    async def scenario():
        alice = logged_in(server, clients, "alice")
        evil = await login(server, "evil")
        odd = [
            {"type": "teleport", "to": "mars"},
            {"type": "message", "text": 12345},
            {"type": "message", "text": None},
            {"type": "message"},
            {"type": "message", "text": ["a", "b"]},
            {"type": "message", "text": {"nested": True}},
            {"type": "video-offer", "sdp": 5},
            {"type": "video-answer", "sdp": {"type": "answer", "sdp": "v=0"}},
            {"type": "new-ice-candidate", "candidate": None},
            {"type": "new-ice-candidate", "candidate": {"candidate": 7}},
            {"type": "message", "text": "x" * 60000},
            # An offer whose SDP is garbage still rings: it is only parsed when answered.
            {"type": "video-offer", "sdp": {"type": "offer", "sdp": "not sdp at all"}, "target": "alice"},
        ]
        for frame in odd:
            await evil.send_json(frame)
        await evil.send_json({"type": "message", "text": "after the odd ones"})
        await alice.async_wait_event("chat", text="after the odd ones")
        problems = [e["text"] for e in alice.events if e.get("event") == "problem"]
        assert any("teleport" in p and "evil" in p for p in problems), problems
        assert sum("not a string" in p for p in problems) >= 3, problems
        assert any(e.get("event") == "chat" and e.get("text") == "x" * 60000 for e in alice.events)
        assert any(e.get("event") == "ringing" and e.get("peer") == "evil" for e in alice.events)
        alice.send("decline")
        hang_up = await evil.recv_type("hang-up", where=lambda m: m.get("name") == "alice")
        assert hang_up["reason"] == "declined" and hang_up["target"] == "evil"
        # Stray hang-ups when nothing rings change nothing.
        await evil.send_json({"type": "hang-up", "reason": 3})
        await evil.send_json({"type": "hang-up", "target": "alice"})
        alice.send("say alive")
        await alice.async_wait_event("chat", text="alive")
        assert alice.proc.poll() is None
    run(scenario())


def test_a_ringing_call_ends_when_the_caller_hangs_up(server, clients):
    async def scenario():
        alice = logged_in(server, clients, "alice")
        evil = await login(server, "evil")
        await evil.send_json({"type": "video-offer", "target": "alice",
                              "sdp": {"type": "offer", "sdp": "v=0"}})
        await alice.async_wait_event("ringing", peer="evil")
        await evil.send_json({"type": "hang-up", "target": "alice", "reason": "hangup"})
        await alice.async_wait_event("call-ended", peer="evil")
        alice.send("answer")
        await alice.async_wait_event("answer", kind="error")
    run(scenario())


def test_a_flood_of_messages_arrives_complete_and_in_order(server, clients):
    async def scenario():
        alice = logged_in(server, clients, "alice")
        flooder = await login(server, "flooder")
        count = 150  # within the server's burst allowance, so none is refused
        await asyncio.gather(*(flooder.send_json({"type": "message", "text": f"flood {i:03d} " + "y" * 200})
                               for i in range(count)))
        await alice.async_wait_event("chat", text=lambda t: t and t.startswith(f"flood {count - 1:03d}"))
        texts = [e["text"][:9] for e in alice.events if e.get("event") == "chat" and e.get("from") == "flooder"]
        assert texts == [f"flood {i:03d}" for i in range(count)]
        alice.send("say responsive")
        await alice.async_wait_event("chat", text="responsive")
    run(scenario())


def test_piped_commands_faster_than_the_server_rate_limit_lose_nothing(server, clients):
    """Known bug: 300 piped `say` lines exceed clivrt-server's rate limit (50/s, bursts of 200);
    the server closes the connection, the client reconnects and the queued rest is dropped
    without an error. The client should pace what it sends (or refuse with a clear error)."""
    alice = logged_in(server, clients, "alice")
    for i in range(300):
        alice.send(f"say m{i}")
    first = alice.wait_for(lambda e: e.get("event") == "disconnected" or e.get("text") == "m299",
                           timeout=40, what="the last message or a disconnection")
    assert first["event"] == "chat", first


# --- TLS ----------------------------------------------------------------------------------

def test_wss_with_a_trusted_certificate_shows_the_lock(server_factory, clients, tmp_path):
    cert, key = make_self_signed_cert(tmp_path)
    tls_server = server_factory("--cert", str(cert), "--key", str(key))
    assert tls_server.url.startswith("wss://")
    alice = clients("--ca-file", str(cert), server_url=tls_server.url, user="alice")
    connected = alice.wait_event("connected", user="alice")
    assert connected["secure"] is True and "🔒" in connected["text"] and "TLS verified" in connected["text"]
    assert any(e.get("event") == "status" and e["server_connected"] and e["server_secure"]
               for e in alice.events)
    alice.send("say over tls")
    alice.wait_event("chat", text="over tls")


def test_wss_with_an_untrusted_certificate_is_refused_without_retry(server_factory, clients, tmp_path):
    cert, key = make_self_signed_cert(tmp_path)
    tls_server = server_factory("--cert", str(cert), "--key", str(key))
    alice = clients(server_url=tls_server.url, user="alice")  # no --ca-file: not trusted
    refused = alice.wait_event("login-refused")
    assert "not trusted" in refused["text"], refused
    alice.send("say hello?")
    alice.wait_event("say", kind="error")
    assert not any(e.get("event") in ("connected", "disconnected") for e in alice.events)
    # And ws:// on a TLS port fails as a handshake error, never silently.
    plain = clients(server_url=tls_server.url.replace("wss://", "ws://"), user="bob")
    assert plain.wait_event("disconnected")["text"]


# --- connection lifecycle -----------------------------------------------------------------

def test_server_killed_and_restarted_client_reconnects_under_the_same_name(tmp_path, clients):
    port = free_port()
    server = server_on_port(tmp_path, port)
    try:
        assert server.port == port
        alice = logged_in(server, clients, "alice")
        server.kill()  # SIGKILL: no close frame
        lost = alice.wait_event("disconnected", kind="warning")
        assert lost["text"]
        alice.wait_event("disconnected", retry_in=lambda r: isinstance(r, int) and r >= 1)
        alice.send("say while offline")
        alice.wait_event("say", kind="error")
        server = server_on_port(tmp_path, port)
        alice.wait_event("connected", user="alice", timeout=40)
        alice.wait_event("userlist", users=["alice"])

        async def check_roster():
            bob = await WsClient.connect(server.chat_url("bob"))
            first = await bob.recv_type("userlist")
            assert first["users"] == ["alice", "bob"]
            alice.send("say back again")
            got = await bob.recv_type("message", where=lambda m: m.get("text") == "back again")
            assert got["name"] == "alice"
        run(check_roster())
    finally:
        server.kill()


def test_logout_stops_reconnecting(tmp_path, clients):
    port = free_port()
    server = server_on_port(tmp_path, port)
    try:
        alice = logged_in(server, clients, "alice")
        server.kill()
        retry = alice.wait_event("disconnected", retry_in=lambda r: isinstance(r, int))
        alice.send("logout")
        after_logout = len(alice.events)
        alice.wait_event("logout", kind="info")
        server = server_on_port(tmp_path, port)
        # Wait past the announced retry (and then some); a client still retrying would be back.
        window = retry["retry_in"] * 1.5 + 3

        async def watch():
            watcher = await login(server, "watcher")
            try:
                message = await watcher.recv_type("userlist", timeout=window,
                                                  where=lambda m: "alice" in m["users"])
                return message
            except (TimeoutError, asyncio.TimeoutError):
                return None
        assert run(watch()) is None
        alice.skip_to_end()
        assert not any(e.get("event") == "connected" for e in alice.events[after_logout:])
        alice.send("lookup")
        alice.wait_event("lookup", kind="error")
    finally:
        server.kill()


def test_server_shutdown_is_reported_then_reconnected(tmp_path, clients):
    port = free_port()
    server = server_on_port(tmp_path, port)
    try:
        alice = logged_in(server, clients, "alice")
        server.stop()  # SIGTERM: the server closes with 1001
        assert "closed" in alice.wait_event("disconnected")["text"]
        server = server_on_port(tmp_path, port)
        alice.wait_event("connected", user="alice", timeout=40)
    finally:
        server.kill()


@pytest.mark.parametrize("how", ["quit", "eof"])
def test_quit_and_end_of_input_exit_zero_and_leave_the_server(server, clients, how):
    async def scenario():
        watcher = await login(server, "watcher")
        alice = logged_in(server, clients, "alice")
        await watcher.recv_type("userlist", where=lambda m: "alice" in m["users"])
        if how == "quit":
            alice.send("quit")
        else:
            alice.close_stdin()
        assert await asyncio.to_thread(alice.wait_exit) == 0
        await watcher.recv_type("message", where=lambda m: m.get("text") == "User alice left")
        # Leaving on purpose is not a lost connection.
        assert not any(e.get("event") == "disconnected" for e in alice.events), alice.transcript()
        assert "ERROR: " not in alice.stderr() and "Sanitizer" not in alice.stderr()
    run(scenario())


def test_exit_while_offline_is_quick_and_clean(clients):
    client = clients(server_url=f"ws://127.0.0.1:{free_port()}", user="alice")
    client.wait_event("disconnected")
    client.close_stdin()
    assert client.wait_exit() == 0


# --- call errors without media ------------------------------------------------------------

def test_call_errors_without_media(server, clients):
    alice = logged_in(server, clients, "alice")
    alice.send("call alice")
    assert "yourself" in alice.wait_event("call", kind="error")["text"]
    alice.send("call zed")
    assert "zed is not online" in alice.wait_event("call", kind="error")["text"]
    alice.send("call")
    alice.wait_event("usage", kind="error")
    alice.send("call --video-only bob")
    alice.wait_event("usage", kind="error")
    alice.send("logout")
    assert "was alice" in alice.wait_event("logout", kind="info")["text"]
    assert not any(e.get("event") == "disconnected" for e in alice.events), alice.transcript()
    alice.send("call bob")
    assert "not logged in" in alice.wait_event("call", kind="error")["text"]
    alice.send("quit")
    assert alice.wait_exit() == 0


# --- a fake server sending what the real one never would -----------------------------------

def test_malformed_frames_from_a_fake_server_are_reported_not_fatal(clients):
    async def scenario():
        import websockets
        connections = asyncio.Queue()

        async def handler(ws, path):
            await connections.put(path)
            await ws.send(json.dumps({"type": "userlist", "users": ["alice", "ghost"]}))
            # A resume token goes into the next request line: one that is not hex must not.
            await ws.send(json.dumps({"type": "resume-token", "token": "0123abcd"}))
            await ws.send(json.dumps({"type": "resume-token", "token": "ab\r\nX-Evil: 1"}))
            for frame in ("not json", b"\x00\x01binary", "[1, 2]", '{"type": 5}', '{"name": "x"}',
                          '{"type": "userlist", "users": "everyone"}',
                          '{"type": "presence", "joined": [1], "left": null}',
                          '{"type": "message", "name": "ghost", "text": "\\u001b[2Jhi"}'):
                await ws.send(frame)
            await ws.send(json.dumps({"type": "message", "name": "ghost", "text": "still talking"}))
            try:
                await ws.recv()  # alice's "say"
                await ws.send("x" * (2 * 1024 * 1024))  # over the client's frame limit
                await ws.wait_closed()
            except websockets.exceptions.ConnectionClosed:
                pass

        fake = await websockets.serve(handler, "127.0.0.1", 0, max_size=None, ping_interval=None)
        port = fake.sockets[0].getsockname()[1]
        try:
            alice = clients(server_url=f"ws://127.0.0.1:{port}", user="alice")
            assert await asyncio.wait_for(connections.get(), CLIENT_TIMEOUT) == "/chat/alice?presence=delta&resume="
            await alice.async_wait_event("chat", text="still talking")
            problems = [e["text"] for e in alice.events if e.get("event") == "problem"]
            assert len(problems) >= 5, problems
            alice.send("say hello ghost")
            lost = await alice.async_wait_event("disconnected")
            assert lost["text"]
            # It reconnects after the backoff, without the hostile token (nor the one it replaced).
            assert await asyncio.wait_for(connections.get(), CLIENT_TIMEOUT) == "/chat/alice?presence=delta&resume="
            assert "resume-token" not in alice.transcript()  # the client's own business
            alice.send("quit")
            assert await asyncio.to_thread(alice.wait_exit) == 0
        finally:
            fake.close()
            await fake.wait_closed()
    run(scenario())


def serve_fake(handler):
    import websockets
    return websockets.serve(handler, "127.0.0.1", 0, max_size=None, ping_interval=None)


def test_hostile_names_from_a_fake_server_are_inert_in_plain_line_mode(clients):
    """The real server only allows [A-Za-z0-9_.-] names; the client must not rely on it."""
    async def scenario():
        async def handler(ws, path):
            await ws.send(json.dumps({"type": "userlist", "users": ["alice", "\x1b[2Jevil\u009b31m\u202e"]}))
            await ws.send(json.dumps({"type": "presence", "joined": ["\x1b]0;pwned\x07carol"], "left": []}))
            await ws.send(json.dumps({"type": "presence", "joined": [], "left": ["\x1b[2Jevil\u009b31m\u202e"]}))
            await ws.send(json.dumps({"type": "message", "name": "\x1b[31mmallory\r", "text": "hi\x1b[0m"}))
            await ws.send(json.dumps({"type": "error", "name": "SERVER", "code": "\x1b[31m",
                                      "message": "bad \x1b[2J thing"}))
            await ws.wait_closed()

        async with serve_fake(handler) as fake:
            port = fake.sockets[0].getsockname()[1]
            alice = clients(server_url=f"ws://127.0.0.1:{port}", user="alice", json_mode=False)
            await asyncio.to_thread(alice.wait_for, lambda l: "error: server: bad" in l,
                                    what="the server's error")
            alice.send("lookup")
            await asyncio.to_thread(alice.wait_for, lambda l: "2 users online" in l and "carol" in l,
                                    what="lookup")
            alice.send("quit")
            assert await asyncio.to_thread(alice.wait_exit) == 0
        text = b"".join(alice.raw_lines).decode("utf-8")
        assert "* 2 users online: ^[[2Jevil<U+009B>31m<U+202E> alice (you)" in text, text
        assert "* ^[]0;pwned^Gcarol is online" in text, text
        assert "* ^[[2Jevil<U+009B>31m<U+202E> left" in text, text
        assert "^[[31mmallory^M: hi^[[0m" in text, text
        assert "error: server: bad ^[[2J thing" in text, text
        assert not any(ord(c) < 0x20 and c != "\n" or 0x7F <= ord(c) <= 0x9F for c in text), text
        assert "\u202e" not in text
    run(scenario())


def test_turn_credentials_are_renewed_at_half_their_lifetime(clients):
    """TURN credentials expire (the TURN REST convention): a client logged in for long asks the
    server for fresh ones before a call could start with stale ones."""
    async def scenario():
        import time
        requests = asyncio.Queue()

        async def handler(ws, path):
            await ws.send(json.dumps({"type": "userlist", "users": ["alice"]}))
            await ws.send(json.dumps({"type": "ice-servers", "ttl": 20, "iceServers": [
                {"urls": ["turn:127.0.0.1:9?transport=tcp"], "username": "1:alice", "credential": "x"}]}))
            async for frame in ws:
                if json.loads(frame).get("type") == "ice-servers":
                    await requests.put(time.monotonic())

        async with serve_fake(handler) as fake:
            port = fake.sockets[0].getsockname()[1]
            alice = clients(server_url=f"ws://127.0.0.1:{port}", user="alice")
            await alice.async_wait_event("connected")
            given = time.monotonic()
            asked = await asyncio.wait_for(requests.get(), 30)
            assert 8 <= asked - given <= 15, asked - given
            alice.send("quit")
            assert await asyncio.to_thread(alice.wait_exit) == 0
    run(scenario())


def test_calling_someone_who_left_ends_the_call_with_one_error(clients):
    """The roster says bob is online, the server says he is not (he just left): every frame
    already sent to him (offer, trickled candidates) gets an unknown-target error back."""
    async def scenario():
        to_bob = []

        async def handler(ws, path):
            await ws.send(json.dumps({"type": "userlist", "users": ["alice", "bob"]}))
            unknown = json.dumps({"type": "error", "name": "SERVER", "code": "unknown-target",
                                  "message": 'user "bob" is not online', "target": "bob"})
            async for frame in ws:
                message = json.loads(frame)
                if message.get("target") == "bob":
                    to_bob.append(message["type"])
                    if to_bob == ["video-offer"]:
                        # Let the trickled candidates follow before answering: a real race.
                        try:
                            while len(to_bob) < 3:
                                to_bob.append(json.loads(await asyncio.wait_for(ws.recv(), 5))["type"])
                        except asyncio.TimeoutError:
                            pass
                        for _ in to_bob:
                            await ws.send(unknown)
                    else:
                        await ws.send(unknown)
                elif message.get("type") == "message":
                    await ws.send(json.dumps({**message, "name": "alice"}))

        async with serve_fake(handler) as fake:
            port = fake.sockets[0].getsockname()[1]
            alice = clients(server_url=f"ws://127.0.0.1:{port}", user="alice")
            await alice.async_wait_event("userlist")
            alice.send("call bob")
            await alice.async_wait_event("calling", peer="bob")
            error = await alice.async_wait_event("server-error", code="unknown-target")
            assert "bob" in error["text"]
            ended = await alice.async_wait_event("call-ended", peer="bob")
            assert "no longer online" in ended["text"]
            alice.send("say marker")  # echoed by the fake server after the in-flight errors
            await alice.async_wait_event("chat", text="marker")
            assert len(to_bob) >= 2, to_bob  # several errors came back…
            errors = [e for e in alice.events if e.get("event") == "server-error"]
            assert len(errors) == 1, errors  # …and one was shown
            alice.send("quit")
            assert await asyncio.to_thread(alice.wait_exit) == 0
    run(scenario())
