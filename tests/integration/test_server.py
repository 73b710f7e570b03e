"""clivrt-server: login, presence (legacy and delta) and relaying (docs/protocol.md)."""
import asyncio

from clivrt_testlib import WsClient, login, run, server, server_factory  # noqa: F401 (fixtures)


def is_userlist(users):
    return lambda m: m.get("type") == "userlist" and m.get("users") == users


def test_login_userlist_sorted_and_updated_on_join_and_leave(server):
    async def scenario():
        bob = await login(server, "bob")
        alice = await WsClient.connect(server.chat_url("alice"))
        first = await alice.recv_json()
        assert first == {"type": "userlist", "users": ["alice", "bob"]}
        await bob.recv_until(is_userlist(["alice", "bob"]))
        await alice.close()
        left = await bob.recv_type("message")
        assert left == {"type": "message", "name": "SERVER", "text": "User alice left"}
        await bob.recv_until(is_userlist(["bob"]))
        await bob.close()
    run(scenario())


def test_delta_presence_gets_one_userlist_then_deltas(server):
    async def scenario():
        zed = await login(server, "zed")
        dora = await WsClient.connect(server.chat_url("dora", delta=True))
        assert await dora.recv_json() == {"type": "userlist", "users": ["dora", "zed"]}
        eve = await login(server, "eve")
        before = await dora.recv_until(lambda m: m.get("type") == "presence" and "eve" in m["joined"])
        assert all(m["type"] != "userlist" for m in before), before
        assert before[-1]["left"] == []
        await eve.close()
        gone = await dora.recv_until(lambda m: m.get("type") == "presence" and "eve" in m["left"])
        assert all(m["type"] != "userlist" for m in gone), gone
        # The "User X left" text is for legacy clients; delta clients have presence.left.
        assert all(m.get("name") != "SERVER" for m in gone), gone
        await zed.close()
        await dora.recv_type("presence", where=lambda m: m["left"] == ["zed"])
        await dora.close()
    run(scenario())


def test_delta_presence_batches_many_joins(server):
    async def scenario():
        watcher = await login(server, "watcher", delta=True)
        names = [f"user{i:02d}" for i in range(20)]
        clients = await asyncio.gather(*(login(server, n, delta=True) for n in names))
        joined = set()
        presence_messages = 0
        while joined != set(names):
            message = await watcher.recv_type("presence")
            presence_messages += 1
            joined |= set(message["joined"]) - {"watcher"}
        assert presence_messages < len(names)  # batched, not one per join
        for c in clients:
            await c.close()
        await watcher.close()
    run(scenario())


def test_broadcast_reaches_everyone_including_sender_with_name_stamped(server):
    async def scenario():
        alice = await login(server, "alice")
        bob = await login(server, "bob")
        await alice.send_json({"type": "message", "text": "hi all"})
        for client in (alice, bob):
            got = await client.recv_type("message", where=lambda m: m.get("text") == "hi all")
            assert got == {"type": "message", "name": "alice", "text": "hi all"}
    run(scenario())


def test_impersonation_is_overwritten(server):
    async def scenario():
        alice = await login(server, "alice")
        bob = await login(server, "bob")
        await alice.send_json({"type": "message", "name": "bob", "text": "i am bob"})
        got = await bob.recv_type("message", where=lambda m: m.get("text") == "i am bob")
        assert got["name"] == "alice"
        await alice.send_json({"type": "message", "name": "SERVER", "text": "fake"})
        got = await bob.recv_type("message", where=lambda m: m.get("text") == "fake")
        assert got["name"] == "alice"
    run(scenario())


def test_targeted_message_reaches_only_its_target(server):
    async def scenario():
        alice = await login(server, "alice")
        bob = await login(server, "bob")
        carol = await login(server, "carol")
        await alice.send_json({"type": "message", "text": "secret", "target": "bob"})
        await alice.send_json({"type": "message", "text": "marker"})
        got = await bob.recv_type("message", where=lambda m: m.get("text") == "secret")
        assert got == {"type": "message", "name": "alice", "text": "secret", "target": "bob"}
        # Messages from one sender arrive in order, so a leak would show up before the marker.
        for other in (alice, carol):
            before = await other.recv_until(lambda m: m.get("text") == "marker")
            assert all(m.get("text") != "secret" for m in before), before
    run(scenario())


def test_unknown_target_answers_sender_with_error(server):
    async def scenario():
        alice = await login(server, "alice")
        await alice.send_json({"type": "video-offer", "target": "zed", "sdp": {"type": "offer", "sdp": "v=0"}})
        error = await alice.recv_type("error")
        assert error["code"] == "unknown-target"
        assert error["target"] == "zed"
        assert "zed" in error["message"]
        # The connection stays usable.
        await alice.send_json({"type": "message", "text": "still here"})
        await alice.recv_type("message", where=lambda m: m.get("text") == "still here")
    run(scenario())


def big_sdp(lines: int = 550) -> str:
    head = ("v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
            "a=group:BUNDLE 0 1\r\na=msid-semantic: WMS \"stream\" ü€😀\r\n")
    body = "".join(f"a=candidate:{i} 1 udp {2122260223 - i} 10.0.{i % 250}.{i % 200} {50000 + i} typ host "
                   f"generation 0 network-id 1\r\n" for i in range(lines))
    return head + body + "a=end-of-candidates\r\n\\tab\t\"quoted\"\\\r\n"


def test_signaling_payloads_relayed_unchanged_in_value(server):
    async def scenario():
        alice = await login(server, "alice")
        bob = await login(server, "bob")
        sdp = big_sdp()
        assert 60_000 > len(sdp) > 40_000
        offer = {"type": "video-offer", "target": "bob", "media": ["audio", "video"],
                 "sdp": {"type": "offer", "sdp": sdp},
                 "extra": {"nested": [1, 2.5, -3e-7, None, True, False, "x"], "big": 9007199254740993},
                 "autoanswer": True}
        await alice.send_json(offer)
        got = await bob.recv_type("video-offer")
        assert got == {**offer, "name": "alice"}
        assert got["sdp"]["sdp"] == sdp
        candidate = {"type": "new-ice-candidate", "target": "bob",
                     "candidate": {"candidate": "candidate:1 1 UDP 2122252543 127.0.0.1 40000 typ host",
                                   "sdpMid": "0", "sdpMLineIndex": 0}}
        await alice.send_json(candidate)
        assert await bob.recv_type("new-ice-candidate") == {**candidate, "name": "alice"}
        end = {"type": "new-ice-candidate", "target": "bob",
               "candidate": {"candidate": "", "sdpMid": "0", "sdpMLineIndex": 0}}
        await alice.send_json(end)
        assert await bob.recv_type("new-ice-candidate") == {**end, "name": "alice"}
        await bob.send_json({"type": "hang-up", "target": "alice", "reason": "busy"})
        assert await alice.recv_type("hang-up") == {"type": "hang-up", "target": "alice",
                                                      "reason": "busy", "name": "bob"}
    run(scenario())


def test_url_encoded_name_is_decoded(server):
    async def scenario():
        client = await WsClient.connect(server.chat_url("al%69ce"))
        assert await client.recv_json() == {"type": "userlist", "users": ["alice"]}
    run(scenario())
