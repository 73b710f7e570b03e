"""Other WebRTC stacks calling clivrt across symmetric NATs, through the TURN relay.

nat_testlib's namespace internet and test_calls_nat's World: clivrt-server and a real coturn in
the public namespace (203.0.113.1), each user in a home of its own behind a symmetric NAT
(MASQUERADE --random-fully), where only a relay connects. The other stack runs inside its home
namespace and uses exactly the STUN/TURN servers (and the short-lived TURN credentials) that
clivrt-server's `ice-servers` message gives it at login, never a public server:

- an aiortc 1.4 peer (aiortc_client.py) calls a clivrt terminal user;
- the web client (web/app.js) in headless Chromium (test_web_browser's WebPeer) calls one.

Each test asserts what the clivrt user notices (video frames drawn, the other side's tone in what
it hears, `stats` saying the path is relayed, through an address coturn allocated) and that the
other side is connected, receives clivrt's media, and uses a relayed pair as well.
"""
from __future__ import annotations

import json

import pytest

from aiortc_client import AiortcPeer
from client_testlib import client_env
from clivrt_testlib import make_self_signed_cert
from nat_testlib import PUBLIC_ADDRESS, internet  # noqa: F401 (fixture)
from sound_testlib import LOUD_DB, SOUND_TIMEOUT, is_tone, wait_wav
from test_calls import CALL_TIMEOUT
from test_calls_nat import TURN_PORT, host_of, media_both_ways, world_factory  # noqa: F401 (fixture)
from test_web_browser import CHROMIUM, PLAYWRIGHT, WebPeer, write_tone_wav

PEER_TONE_HZ = 660      # what the other stack sends; clivrt's test microphone sends 440 Hz
CLIVRT_TONE_HZ = 440


@pytest.fixture
def peers(world_factory):  # noqa: F811
    """Other stacks' processes (AiortcPeer, WebPeer), stopped before the world goes."""
    started: list = []
    yield started
    for peer in reversed(started):
        peer.stop() if isinstance(peer, AiortcPeer) else peer.close()


def assert_clivrt_hears_and_sees_through_the_relay(clivrt, world, wav) -> dict:
    """Frames drawn, sound heard (the peer's tone, in clivrt's recording) and a relayed path,
    through an address coturn allocated or to one of coturn's; returns clivrt's path."""
    path = media_both_ways(clivrt)[0]["path"]
    assert path["relayed"], path
    assert path["local_type"] == "relay" or host_of(path["remote_address"]) == PUBLIC_ADDRESS, path
    if path["local_type"] == "relay":
        assert f"Local relay addr: {path['local_address']}" in world.coturn.log(), path
    wait_wav(wav, lambda f: is_tone(PEER_TONE_HZ)(f["tone_hz"]) and f["level_db"] > LOUD_DB,
             f"the peer's {PEER_TONE_HZ} Hz tone")
    return path


def relayed(local_type: str, remote_type: str, remote_address: str) -> bool:
    """A pair whose own end or far end is a TURN relay (coturn's address)."""
    return local_type == "relay" or remote_type == "relay" or host_of(remote_address) == PUBLIC_ADDRESS


def test_aiortc_behind_a_symmetric_nat_calls_clivrt_through_turn(world_factory, internet, peers, tmp_path):  # noqa: F811
    world = world_factory(turn=True)
    home_a, home_b = internet.add_home("symmetric"), internet.add_home("symmetric")
    wav = tmp_path / "alice-hears.wav"
    alice = world.client("alice", home_a, "--speaker", f"file:{wav}")
    bob = AiortcPeer(tmp_path, world.server.url, "bob", "--tone", str(PEER_TONE_HZ), prefix=home_b.prefix,
                     env=client_env(tmp_path / "aiortc-bob"))
    peers.append(bob)
    bob.wait_event("logged-in", timeout=CALL_TIMEOUT)
    # aiortc's servers are the ones clivrt-server handed out at login (with TURN credentials).
    urls = bob.wait_event("ice-servers", timeout=CALL_TIMEOUT)["urls"]
    assert f"turn:{PUBLIC_ADDRESS}:{TURN_PORT}?transport=udp" in urls, urls
    assert all(f"{PUBLIC_ADDRESS}:" in url for url in urls), urls
    bob.send("call alice")
    offer = bob.wait_event("offer-sent", timeout=CALL_TIMEOUT)["sdp"]
    # Its offer carries a relay candidate coturn allocated for it (TURN REST credentials accepted).
    relay_lines = [line for line in offer.splitlines() if "typ relay" in line]
    assert relay_lines and all(f" {PUBLIC_ADDRESS} " in line for line in relay_lines), offer
    alice.wait_event("ringing", timeout=CALL_TIMEOUT, peer="bob")
    alice.send("answer")
    alice.wait_event("connected-call", timeout=CALL_TIMEOUT, peer="bob")
    connected = bob.wait_event("state", timeout=CALL_TIMEOUT, state="connected")

    assert_clivrt_hears_and_sees_through_the_relay(alice, world, wav)
    # Those frames were aiortc's (640x480 green), not anything of clivrt's own (320x240).
    first = [e for e in alice.events if isinstance(e, dict) and e.get("event") == "first-frame"]
    assert [(e["width"], e["height"]) for e in first] == [(640, 480)], first
    # aiortc, for its part, receives clivrt's video and its 440 Hz tone, over a relayed pair.
    received = bob.wait_event("frames", timeout=SOUND_TIMEOUT, video=lambda n: n >= 15,
                              tone_hz=is_tone(CLIVRT_TONE_HZ), level_db=lambda db: db > LOUD_DB)
    assert (received["width"], received["height"]) == (320, 240), received
    pairs = connected.get("pairs") or []
    assert pairs and all(relayed(p["local_type"], p["remote_type"], p["remote_address"]) for p in pairs), pairs

    bob.send("hangup")
    assert "bob hung up" in alice.wait_event("call-ended", timeout=CALL_TIMEOUT, peer="bob")["text"]


BROWSER_PATH = """(async () => {
  if (!call || !call.pc) return null;
  const reports = new Map();
  (await call.pc.getStats()).forEach((r) => reports.set(r.id, r));
  const transport = [...reports.values()].find((r) => r.type === 'transport' && r.selectedCandidatePairId);
  const pair = transport && reports.get(transport.selectedCandidatePairId);
  if (!pair) return { connectionState: call.pc.connectionState };
  const local = reports.get(pair.localCandidateId), remote = reports.get(pair.remoteCandidateId);
  return {
    connectionState: call.pc.connectionState, pairState: pair.state,
    local_type: local.candidateType, local_address: `${local.address}:${local.port}`,
    relay_protocol: local.relayProtocol ?? null,
    remote_type: remote.candidateType, remote_address: `${remote.address}:${remote.port}`,
    iceServers: iceServers.map((s) => s.urls),
  };
})()"""


@pytest.mark.skipif(not CHROMIUM.exists() or not PLAYWRIGHT.exists(),
                    reason="needs /usr/bin/chromium and node_modules/playwright-core (scripts/install-deps.sh)")
def test_the_web_client_behind_a_symmetric_nat_calls_clivrt_through_turn(world_factory, internet, peers,  # noqa: F811
                                                                          tmp_path):
    cert, key = make_self_signed_cert(tmp_path, host=PUBLIC_ADDRESS)  # the page needs https
    world = world_factory(turn=True, server_args=("--cert", str(cert), "--key", str(key)))
    home_a, home_b = internet.add_home("symmetric"), internet.add_home("symmetric")
    wav = tmp_path / "term-hears.wav"
    term = world.client("term", home_a, "--ca-file", str(cert), "--speaker", f"file:{wav}")
    web = WebPeer(f"https://{PUBLIC_ADDRESS}:{world.server.port}/", tmp_path / "chromium-profile",
                  home_b.namespace, tmp_path / "web_peer.log",
                  fake_audio=write_tone_wav(tmp_path / "browser-microphone.wav", PEER_TONE_HZ))
    peers.append(web)
    web.do("login", name="webby")
    web.do("wait_user", name="term")
    web.do("call", name="term")
    term.wait_event("ringing", timeout=CALL_TIMEOUT, peer="webby")
    term.send("answer")
    term.wait_event("connected-call", timeout=CALL_TIMEOUT, peer="webby")
    web.do("wait_state", text="in a call with term")

    assert_clivrt_hears_and_sees_through_the_relay(term, world, wav)
    # The browser is connected, decodes the terminal's video, hears its tone, over a relayed pair
    # built from the ice-servers the page was given.
    browser = web.wait_stats(frames=15)
    assert browser["audioPacketsReceived"] > 0, browser
    web.wait_audio_level(lambda level: level > 0.05, "sound from the terminal")
    assert web.do("stats")["state"]["connected"] is True
    path = web.do("eval", expr=BROWSER_PATH)["value"]
    assert path and path["connectionState"] == "connected" and path["pairState"] == "succeeded", path
    assert relayed(path["local_type"], path["remote_type"], path["remote_address"]), path
    assert f"turn:{PUBLIC_ADDRESS}:{TURN_PORT}?transport=udp" in json.dumps(path["iceServers"]), path

    web.do("click", id="hangup")
    assert "hung up" in term.wait_event("call-ended", timeout=CALL_TIMEOUT, peer="webby")["text"]
    assert not [e for e in web.page_errors if "Uncaught" in e or "Content Security Policy" in e], web.page_errors
