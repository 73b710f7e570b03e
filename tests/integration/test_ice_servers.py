"""clivrt-server hands out STUN/TURN servers (`ice-servers`, docs/protocol.md) with TURN REST
credentials that a real coturn accepts; forged and expired ones it refuses."""
import subprocess
import time

import pytest

from clivrt_testlib import SERVER_BIN, WsClient, login, run, server_factory  # noqa: F401
from coturn_testlib import Coturn, rest_credential

SECRET = "north-pole-secret"


async def first_ice_servers(client):
    """The login's ice-servers message: it may come before or after the userlist."""
    seen = [m for m in client.seen if m.get("type") == "ice-servers"]
    return seen[0] if seen else await client.recv_type("ice-servers")


@pytest.fixture
def secret_file(tmp_path):
    path = tmp_path / "turn-secret"
    path.write_text(SECRET + "\n")
    return path


@pytest.fixture
def coturn(tmp_path):
    turn = Coturn(tmp_path, SECRET)
    yield turn
    turn.stop()


def ice_server_flags(secret_file, turn_port=3478, ttl=600):
    return ["--stun-url", f"stun:127.0.0.1:{turn_port}",
            "--turn-url", f"turn:127.0.0.1:{turn_port}?transport=udp",
            "--turn-url", f"turn:127.0.0.1:{turn_port}?transport=tcp",
            "--turn-secret-file", str(secret_file), "--turn-ttl", str(ttl)]


def test_login_gets_servers_and_per_user_expiring_credentials(server_factory, secret_file):
    srv = server_factory(*ice_server_flags(secret_file, ttl=600))

    async def scenario():
        before = int(time.time())
        alice = await login(srv, "alice")
        message = await first_ice_servers(alice)
        stun, turn = message["iceServers"]
        assert stun == {"urls": ["stun:127.0.0.1:3478"]}
        assert turn["urls"] == ["turn:127.0.0.1:3478?transport=udp", "turn:127.0.0.1:3478?transport=tcp"]
        expiry, user = turn["username"].split(":")
        assert user == "alice" and before + 590 <= int(expiry) <= before + 610
        assert turn["credential"] == rest_credential(SECRET, "alice", int(expiry))[1]
        assert message["ttl"] == 600

        bob = await login(srv, "bob")
        bob_turn = (await first_ice_servers(bob))["iceServers"][1]
        assert bob_turn["username"].endswith(":bob") and bob_turn["credential"] != turn["credential"]

        # Asked again: fresh credentials for the asker only, never broadcast.
        await alice.send_json({"type": "ice-servers"})
        again = await alice.recv_type("ice-servers")
        assert again["iceServers"][1]["username"].endswith(":alice")
        await alice.send_json({"type": "message", "text": "marker"})
        await bob.recv_type("message", where=lambda m: m.get("text") == "marker")
        assert not [m for m in bob.seen if m.get("type") == "ice-servers" and ":alice" in str(m)]
    run(scenario())
    assert SECRET not in srv.log()


def test_without_servers_nothing_is_sent_at_login_but_a_request_is_answered(server_factory):
    srv = server_factory()

    async def scenario():
        alice = await login(srv, "alice")
        await alice.send_json({"type": "ice-servers"})
        reply = await alice.recv_type("ice-servers")
        assert reply["iceServers"] == [] and "ttl" not in reply
        assert [m["type"] for m in alice.seen] == ["userlist", "ice-servers"]
    run(scenario())


def test_mdn_sample_clients_get_no_ice_servers(server_factory, secret_file):
    srv = server_factory(*ice_server_flags(secret_file))

    async def scenario():
        client = await WsClient.connect(srv.url + "/", subprotocols=["json"])
        first = await client.recv_json()
        assert first["type"] == "id"
        await client.send_json({"type": "username", "name": "mdnuser", "id": first["id"]})
        await client.recv_type("userlist")
        await client.send_json({"type": "message", "text": "ping", "id": first["id"], "date": 1})
        await client.recv_type("message")
        assert all(m["type"] != "ice-servers" for m in client.seen)
    run(scenario())


@pytest.mark.parametrize("flags, said", [
    (["--turn-url", "turn:127.0.0.1"], "--turn-secret-file"),
    (["--stun-url", "http://127.0.0.1"], "must start with stun:"),
    (["--stun-url", "turn:127.0.0.1"], "must be a stun: URL"),
    (["--turn-url", "turn:u:p@127.0.0.1", "--turn-secret-file", "SECRET"], "no credentials"),
])
def test_bad_ice_flags_are_a_clear_start_up_error(flags, said, secret_file):
    flags = [str(secret_file) if f == "SECRET" else f for f in flags]
    result = subprocess.run([str(SERVER_BIN), "--port", "0", *flags], capture_output=True, text=True, timeout=30)
    assert result.returncode == 2
    assert said in result.stderr


def test_coturn_accepts_the_servers_credentials_and_refuses_forged_or_expired(server_factory, secret_file,
                                                                             coturn):
    srv = server_factory(*ice_server_flags(secret_file, turn_port=coturn.port))

    async def get_turn():
        alice = await login(srv, "alice")
        return (await first_ice_servers(alice))["iceServers"][1]
    turn = run(get_turn())
    assert coturn.allocate(turn["username"], turn["credential"], "udp")
    assert coturn.allocate(turn["username"], turn["credential"], "tcp")
    assert not coturn.allocate(turn["username"], "Zm9yZ2Vk")  # forged
    expired, credential = rest_credential(SECRET, "alice", int(time.time()) - 10)
    assert not coturn.allocate(expired, credential)
    other_secret = rest_credential("another-secret", "alice", int(time.time()) + 600)
    assert not coturn.allocate(*other_secret)
