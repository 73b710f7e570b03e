"""The full-screen UI end to end: clivrt in a tmux pane (a real terminal emulator) against a real
clivrt-server, other users as raw WebSocket clients. Checks what a person sees: status bar,
chat log, Tab completion, inert hostile text, and a terminal restored at exit."""
import asyncio
import os
import re

import pytest

from clivrt_testlib import CLIENT_BIN, login, run, server, server_factory  # noqa: F401 (fixtures)
from client_testlib import TmuxSession, free_port, server_on_port


@pytest.fixture
def tmux(tmp_path):
    session = TmuxSession(tmp_path)
    yield session
    session.kill()


def start_ui(tmux, tmp_path, server_url, user):
    """Runs clivrt in the pane's shell; after it exits the shell prints its status and the
    terminal modes that matter (icanon, echo) on one line."""
    lsan = os.environ.get("LSAN_OPTIONS", "")
    env = {"TERM": "xterm-256color", "LANG": "C.UTF-8",
           "LSAN_OPTIONS": (lsan + ":" if lsan else "") + "print_suppressions=0"}
    argv = [str(CLIENT_BIN), "--server", server_url, *(["--user", user] if user else []),
            "--log-file", str(tmp_path / f"{user or 'nobody'}.log"), "--log-level", "DEBUG",
            "--webcam", "none", "--microphone", "none", "--speaker", "none"]
    prefix = " ".join(f"{k}={v!r}" for k, v in env.items())
    tmux.type(f"{prefix} {' '.join(argv)}; echo EXIT=$? MODES=$(stty -a | tr ' ;' '\\n\\n' | "
              f"grep -x -e icanon -e -icanon -e echo -e -echo | tr '\\n' ,)")


EXITED = re.compile(r"EXIT=(\d+) MODES=([a-z,-]*)")


def exit_status_and_modes(screen: str):
    """(exit status, terminal modes) from the line the shell printed after clivrt."""
    found = EXITED.search(screen)
    return int(found.group(1)), found.group(2).strip(",").split(",")


def status_line(screen: str) -> str:
    lines = [line for line in screen.splitlines() if "📢" in line]
    return lines[-1] if lines else ""


def until(tmux, predicate, what, **kwargs):
    """tmux.wait_screen() without blocking the asyncio loop of the raw clients."""
    return asyncio.to_thread(tmux.wait_screen, predicate, what=what, **kwargs)


def test_full_screen_session(server, tmux, tmp_path):
    async def scenario():
        start_ui(tmux, tmp_path, server.url, "alice")
        # Status bar: the server icon, not-encrypted lock, who we are; no peer.
        screen = await until(tmux, lambda s: "🔓 alice @ 127.0.0.1" in status_line(s), "the status bar")
        bar = status_line(screen)
        assert re.search(rf"📢 🔓 alice @ 127\.0\.0\.1:{server.port}", bar), bar
        assert "👤 none" in bar
        assert tmux.display("#{alternate_on}") == "1"

        tmux.type("say hi")
        await until(tmux, lambda s: re.search(r"^\d\d:\d\d alice: hi$", s, re.M), "alice's own message")

        bob = await login(server, "bob")
        await bob.send_json({"type": "message", "text": "hello alice"})
        await until(tmux, lambda s: re.search(r"^\d\d:\d\d bob: hello alice$", s, re.M), "bob's message")

        # Tab completion: commands, then users from the roster.
        tmux.type("lo", enter=False)
        tmux.keys("Tab")
        tmux.keys("Tab")
        await until(tmux, lambda s: re.search(r"login\s+logout\s+lookup", s), "the three lo… commands")
        tmux.keys("C-u")
        tmux.type("sa", enter=False)
        tmux.keys("Tab")
        await until(tmux, lambda s: re.search(r"^> say\s*$", s, re.M), "'sa' completed to 'say '")
        tmux.type("completed")
        await until(tmux, lambda s: re.search(r"^\d\d:\d\d alice: completed$", s, re.M), "the completed say")
        await bob.recv_type("message", where=lambda m: m.get("text") == "completed")
        await until(tmux, "bob is online", "bob's arrival in the roster")
        tmux.type("call ", enter=False)
        tmux.keys("Tab")
        await until(tmux, lambda s: re.search(r"^> call bob\s*$", s, re.M), "'call ' completed to bob")
        tmux.keys("C-u")
        await until(tmux, lambda s: re.search(r"^>\s*$", s, re.M), "an empty input line")

        # Hostile text from another user must be shown inert.
        evil = await login(server, "evil")
        await evil.send_json({"type": "message", "text":
                              "A\x1b[2J B\x1b]0;pwned\x07 C\x1b[31mRED D\u009b31m E\x1b[?1049l F\x1b(0q Z"})
        screen = await until(tmux, lambda s: "^[[2J" in s, "the inert escape sequences")
        line = next(l for l in screen.splitlines() if "^[[2J" in l)
        for inert in ("A^[[2J", "B^[]0;pwned^G", "C^[[31mRED", "D<U+009B>31m", "E^[[?1049l", "F^[(0q Z"):
            assert inert in line, (inert, line)
        assert re.match(r"\d\d:\d\d evil: ", line), line
        assert re.search(r"^\d\d:\d\d alice: hi$", screen, re.M), "the screen was cleared:\n" + screen
        assert "pwned" not in tmux.display("#{pane_title}")
        assert tmux.display("#{alternate_on}") == "1"
        styled = tmux.screen(escapes=True)
        evil_line = next(l for l in styled.splitlines() if "pwned" in l)
        assert "\x1b[31m" not in evil_line, repr(evil_line)
        assert "🔓 alice @" in status_line(tmux.screen())  # the status bar survived too
        # Departures show like arrivals (a login and logout within one presence batch show neither).
        await until(tmux, lambda s: re.search(r"^\d\d:\d\d evil is online$", s, re.M), "evil's arrival")
        await evil.close()
        await until(tmux, lambda s: re.search(r"^\d\d:\d\d evil left$", s, re.M), "evil's departure")

        tmux.type("quit")
        screen = await until(tmux, EXITED.search, "the shell after clivrt exits")
        status, modes = exit_status_and_modes(screen)
        assert status == 0, screen
        assert "icanon" in modes and "echo" in modes, modes
        assert "📢" not in screen and "alice: hi" not in screen  # the alternate screen is gone
        assert tmux.display("#{alternate_on}") == "0"
        assert tmux.display("#{cursor_flag}") == "1"  # cursor visible again
        await bob.recv_type("message", where=lambda m: m.get("text") == "User alice left")
        # The log went to its file, never over the UI.
        log = (tmp_path / "alice.log").read_text(errors="replace")
        assert "logged in as alice" in log and "logged in as alice" not in screen
    run(scenario())


def test_status_bar_shows_the_server_going_away_and_coming_back(tmux, tmp_path):
    port = free_port()
    server = server_on_port(tmp_path, port)
    try:
        start_ui(tmux, tmp_path, server.url, "alice")
        tmux.wait_screen(lambda s: "🔓 alice @" in status_line(s), what="connected status")
        server.kill()
        screen = tmux.wait_screen(lambda s: "✗" in status_line(s), what="offline status")
        assert "offline" in status_line(screen), status_line(screen)
        assert "🔓" not in status_line(screen)
        styled = tmux.screen(escapes=True)
        assert "\x1b[31m" in next(l for l in styled.splitlines() if "📢" in l)  # drawn in red
        server = server_on_port(tmp_path, port)
        tmux.wait_screen(lambda s: "🔓 alice @" in status_line(s), what="reconnected status", timeout=40)
        tmux.type("quit")
        screen = tmux.wait_screen(EXITED.search, what="clivrt's exit")
        assert exit_status_and_modes(screen)[0] == 0, screen
    finally:
        server.kill()


def test_login_command_then_ctrl_d_on_an_empty_line_quits_and_restores(server, tmux, tmp_path):
    start_ui(tmux, tmp_path, server.url, None)
    screen = tmux.wait_screen(lambda s: "not logged in" in status_line(s), what="the offline status")
    assert "✗" in status_line(screen)
    tmux.type("lookup")
    tmux.wait_screen("not logged in: login first", what="lookup's error")
    tmux.type("login --user carol")
    tmux.wait_screen(lambda s: "🔓 carol @" in status_line(s), what="carol's connected status")
    tmux.wait_screen(lambda s: re.search(r"^\d\d:\d\d .*logged in as carol", s, re.M), what="the login")
    tmux.keys("C-d")
    screen = tmux.wait_screen(EXITED.search, what="clivrt's exit")
    status, modes = exit_status_and_modes(screen)
    assert status == 0, screen
    assert "icanon" in modes and "echo" in modes, modes
    assert tmux.display("#{alternate_on}") == "0"


def test_a_flood_of_messages_keeps_the_ui_responsive(server, tmux, tmp_path):
    async def scenario():
        start_ui(tmux, tmp_path, server.url, "alice")
        await until(tmux, lambda s: "🔓 alice @" in status_line(s), "connected status")
        flooder = await login(server, "flooder")
        for i in range(150):
            await flooder.send_json({"type": "message", "text": f"flood {i:03d} " + "z" * 150})
        await until(tmux, lambda s: "flood 149" in s, "the last flooded message")
        tmux.type("say still typing")
        await until(tmux, lambda s: re.search(r"^\d\d:\d\d alice: still typing$", s, re.M), "alice's message")
        assert "🔓 alice @" in status_line(tmux.screen())
        tmux.type("quit")
        screen = await until(tmux, EXITED.search, "clivrt's exit")
        assert exit_status_and_modes(screen)[0] == 0
    run(scenario())


def test_hostile_names_from_a_fake_server_are_inert_on_screen(tmux, tmp_path):
    """The real server only allows plain names; the UI must not rely on it."""
    async def scenario():
        import json
        import websockets

        async def handler(ws, path):
            await ws.send(json.dumps({"type": "userlist", "users": ["alice", "\x1b[2Jevil"]}))
            await ws.send(json.dumps({"type": "presence", "joined": ["\x1b]0;pwned\x07carol"], "left": []}))
            await ws.send(json.dumps({"type": "message", "name": "\x1b[31mmallory\u009b", "text": "hi"}))
            await ws.send(json.dumps({"type": "error", "name": "SERVER", "code": "x",
                                      "message": "bad \x1b[?1049l thing"}))
            await ws.wait_closed()

        async with websockets.serve(handler, "127.0.0.1", 0) as fake:
            port = fake.sockets[0].getsockname()[1]
            start_ui(tmux, tmp_path, f"ws://127.0.0.1:{port}", "alice")
            screen = await until(tmux, lambda s: "bad ^[[?1049l thing" in s, "the server's error")
            assert "^[[2Jevil" in screen and "^[]0;pwned^Gcarol is online" in screen, screen
            assert re.search(r"^\d\d:\d\d \^\[\[31mmallory<U\+009B>: hi$", screen, re.M), screen
            assert "pwned" not in tmux.display("#{pane_title}")
            assert tmux.display("#{alternate_on}") == "1"
            styled = tmux.screen(escapes=True)
            assert "\x1b[31m" not in next(l for l in styled.splitlines() if "mallory" in l)
            tmux.type("quit")
            screen = await until(tmux, EXITED.search, "clivrt's exit")
            assert exit_status_and_modes(screen)[0] == 0
    run(scenario())
