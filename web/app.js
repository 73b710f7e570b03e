// clivrt web client: log in, see who is online, chat, and make WebRTC calls with the terminal
// client (or another browser). Speaks docs/protocol.md over /chat/{name}?presence=delta.
// Everything from the network is shown with textContent: never parsed as HTML.
'use strict';

const RING_TIMEOUT_MS = 30000;
const NAME_RULE = /^[A-Za-z0-9_.-]{1,32}$/;

const $ = (id) => document.getElementById(id);

let ws = null;
let me = '';
const online = new Set();
// The one call at a time: {peer, role: 'caller'|'callee', pc, offer, pending: [], remoteSet,
// stream, ringTimer, connected}
let call = null;
// STUN/TURN servers from the signaling server's `ice-servers` message (RTCIceServer shape, with
// short-lived TURN credentials); only the server's own message counts, never a peer's.
let iceServers = [];

// --- Small view helpers -----------------------------------------------------------------

function showError(text) {
  const box = $('error');
  box.textContent = text;
  box.hidden = !text;
}

function setConnState(text) { $('conn-state').textContent = text; }
function setCallState(text) { $('call-state').textContent = text; }

function addChat(from, text, kind) {
  const item = document.createElement('li');
  if (kind) item.className = kind;
  const who = document.createElement('span');
  who.className = 'from';
  who.textContent = from;
  const body = document.createElement('span');
  body.textContent = text;
  item.append(who, body);
  const log = $('chat-log');
  log.append(item);
  while (log.childElementCount > 500) log.firstElementChild.remove();
  log.scrollTop = log.scrollHeight;
}

function renderUsers() {
  const list = $('users');
  list.replaceChildren();
  for (const name of [...online].sort()) {
    const item = document.createElement('li');
    const label = document.createElement('span');
    label.textContent = name;
    item.append(label);
    if (name === me) {
      item.className = 'self';
    } else {
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = 'Call';
      button.dataset.user = name;
      button.disabled = call !== null;
      button.addEventListener('click', () => startCall(name));
      item.append(button);
    }
    list.append(item);
  }
}

function updateControls() {
  const inCall = call !== null && call.pc !== null;
  $('hangup').disabled = call === null;
  $('mute').disabled = !inCall;
  $('camera').disabled = !inCall;
  $('incoming').hidden = !(call && call.role === 'callee' && call.pc === null);
  renderUsers();
}

// --- Signaling ---------------------------------------------------------------------------

function send(message) {
  if (ws && ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(message));
}

function login(name) {
  if (!NAME_RULE.test(name)) {
    showError("A name is 1-32 letters, digits, '_', '-' or '.'");
    return;
  }
  showError('');
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const socket = new WebSocket(`${scheme}://${location.host}/chat/${encodeURIComponent(name)}?presence=delta`);
  ws = socket;
  me = name;
  setConnState('connecting…');
  $('login-button').disabled = true;
  socket.addEventListener('open', () => {
    setConnState(`online as ${name}`);
    $('me').textContent = name;
    $('login').hidden = true;
    $('main').hidden = false;
  });
  socket.addEventListener('message', (event) => {
    let message;
    try {
      message = JSON.parse(event.data);
    } catch (e) {
      console.warn('not JSON from the server', e);
      return;
    }
    if (message && typeof message === 'object' && typeof message.type === 'string') onMessage(message);
  });
  socket.addEventListener('close', (event) => {
    if (ws !== socket) return;
    ws = null;
    if (call) endCall('the connection to the server closed');
    online.clear();
    renderUsers();
    setConnState(`disconnected${event.code ? ` (${event.code})` : ''}`);
    $('me').textContent = '';
    $('login').hidden = false;
    $('main').hidden = true;
    $('login-button').disabled = false;
  });
}

function onMessage(message) {
  switch (message.type) {
    case 'userlist':
      if (Array.isArray(message.users)) {
        online.clear();
        for (const user of message.users) if (typeof user === 'string') online.add(user);
        renderUsers();
      }
      break;
    case 'presence':  // apply left, then joined (docs/protocol.md)
      for (const user of Array.isArray(message.left) ? message.left : []) online.delete(user);
      for (const user of Array.isArray(message.joined) ? message.joined : []) {
        if (typeof user === 'string') online.add(user);
      }
      renderUsers();
      break;
    case 'message':
      if (typeof message.text === 'string') {
        const from = String(message.name ?? '?');
        const kind = from === 'SERVER' ? 'server' : (message.target ? 'private' : '');
        addChat(from, message.text, kind);
      }
      break;
    case 'error':
      showError(`${message.code ?? 'error'}: ${message.message ?? ''}`);
      if (message.code === 'unknown-target' && call && message.target === call.peer) {
        endCall(`${call.peer} is not online`);
      }
      break;
    case 'ice-servers':
      if (message.name === undefined && Array.isArray(message.iceServers)) iceServers = message.iceServers;
      break;
    case 'video-offer': onOffer(message); break;
    case 'video-answer': onAnswer(message); break;
    case 'new-ice-candidate': onCandidate(message); break;
    case 'hang-up': onHangUp(message); break;
    default: console.debug('ignored message type', message.type);
  }
}

// --- Calls ---------------------------------------------------------------------------------

async function getMedia() {
  // Fall back to less when a device is missing: a call without a camera still carries audio.
  for (const constraints of [{ audio: true, video: true }, { video: true }, { audio: true }]) {
    try {
      return await navigator.mediaDevices.getUserMedia(constraints);
    } catch (e) {
      console.warn('getUserMedia', constraints, e);
    }
  }
  return null;
}

function makePeerConnection(peer) {
  let pc;
  try {
    pc = new RTCPeerConnection({ iceServers });  // the server's STUN/TURN servers, if any
  } catch (error) {  // a list the browser refuses: call without them rather than not at all
    showError(`ignoring the server's ICE servers: ${error.message}`);
    pc = new RTCPeerConnection();
  }
  const remote = new MediaStream();
  $('remote-video').srcObject = remote;
  pc.addEventListener('icecandidate', (event) => {
    const c = event.candidate;
    const message = {
      type: 'new-ice-candidate', target: peer,
      candidate: c ? { candidate: c.candidate, sdpMid: c.sdpMid, sdpMLineIndex: c.sdpMLineIndex }
        : { candidate: '', sdpMid: '0', sdpMLineIndex: 0 },  // end of candidates
    };
    // Trickle, but never ahead of our offer or answer: the peer could not use them yet.
    if (call && call.pc === pc && !call.sdpSent) call.outbox.push(message);
    else send(message);
  });
  pc.addEventListener('track', (event) => { remote.addTrack(event.track); });
  pc.addEventListener('connectionstatechange', () => {
    if (!call || call.pc !== pc) return;
    const state = pc.connectionState;
    if (state === 'connected') {
      call.connected = true;
      clearTimeout(call.ringTimer);
      setCallState(`in a call with ${peer}`);
    } else if (state === 'failed') {
      send({ type: 'hang-up', target: peer, reason: 'hangup' });
      endCall(`the connection to ${peer} failed`);
    } else {
      setCallState(`call with ${peer}: ${state}`);
    }
  });
  return pc;
}

function attachLocal(pc, stream) {
  if (stream) {
    $('local-video').srcObject = stream;
    for (const track of stream.getTracks()) pc.addTrack(track, stream);
  }
  // Receive both kinds even when we have no device for one of them.
  for (const kind of ['audio', 'video']) {
    if (!stream || stream.getTracks().every((t) => t.kind !== kind)) {
      if (!pc.getTransceivers().some((t) => t.receiver.track.kind === kind)) {
        pc.addTransceiver(kind, { direction: 'recvonly' });
      }
    }
  }
}

async function startCall(peer) {
  if (call) { showError('already in a call'); return; }
  showError('');
  call = { peer, role: 'caller', pc: null, pending: [], remoteSet: false, stream: null, connected: false, sdpSent: false, outbox: [] };
  setCallState(`calling ${peer}…`);
  updateControls();
  const current = call;
  const stream = await getMedia();
  if (call !== current) { stopStream(stream); return; }  // hung up meanwhile
  call.stream = stream;
  call.pc = makePeerConnection(peer);
  attachLocal(call.pc, stream);
  updateControls();
  try {
    const offer = await call.pc.createOffer();
    await call.pc.setLocalDescription(offer);
    if (call !== current) return;
    const media = stream ? [...new Set(stream.getTracks().map((t) => t.kind))].sort() : [];
    send({ type: 'video-offer', target: peer, media, sdp: { type: offer.type, sdp: offer.sdp } });
    sentSdp();
  } catch (e) {
    endCall(`cannot call: ${e.message}`);
    return;
  }
  call.ringTimer = setTimeout(() => {
    if (call === current && !call.connected) {
      send({ type: 'hang-up', target: peer, reason: 'no-answer' });
      endCall(`${peer} did not answer`);
    }
  }, RING_TIMEOUT_MS);
}

function onOffer(message) {
  const from = message.name;
  const sdp = message.sdp;
  if (typeof from !== 'string' || !sdp || typeof sdp.sdp !== 'string') return;
  if (call && from === call.peer && call.pc && call.remoteSet && call.pc.signalingState === 'stable') {
    answerRenegotiation(sdp.sdp);  // the peer changes the call, e.g. adds the camera it answered without
    return;
  }
  if (call) {  // one call at a time
    send({ type: 'hang-up', target: from, reason: 'busy' });
    addChat('SERVER', `${from} called while you were busy`, 'server');
    return;
  }
  call = { peer: from, role: 'callee', pc: null, offer: { type: 'offer', sdp: sdp.sdp }, pending: [],
    remoteSet: false, stream: null, connected: false, sdpSent: false, outbox: [] };
  $('incoming-text').textContent = `${from} is calling`;
  setCallState(`${from} is calling…`);
  const current = call;
  call.ringTimer = setTimeout(() => {
    if (call === current && call.pc === null) {
      send({ type: 'hang-up', target: from, reason: 'no-answer' });
      endCall(`missed call from ${from}`);
    }
  }, RING_TIMEOUT_MS);
  updateControls();
}

async function answer() {
  if (!call || call.role !== 'callee' || call.pc !== null) return;
  const current = call;
  clearTimeout(call.ringTimer);
  call.pc = makePeerConnection(call.peer);  // set now: the banner hides, candidates are queued
  updateControls();
  setCallState(`answering ${call.peer}…`);
  const stream = await getMedia();
  if (call !== current) { stopStream(stream); return; }
  call.stream = stream;
  try {
    await call.pc.setRemoteDescription(call.offer);
    call.remoteSet = true;
    attachLocal(call.pc, stream);
    const reply = await call.pc.createAnswer();
    await call.pc.setLocalDescription(reply);
    if (call !== current) return;
    send({ type: 'video-answer', target: call.peer, sdp: { type: reply.type, sdp: reply.sdp } });
    sentSdp();
    await flushCandidates();
    setCallState(`connecting to ${call.peer}…`);
  } catch (e) {
    send({ type: 'hang-up', target: current.peer, reason: 'hangup' });
    endCall(`cannot answer: ${e.message}`);
  }
}

async function answerRenegotiation(sdp) {
  const current = call;
  try {
    await call.pc.setRemoteDescription({ type: 'offer', sdp });
    const reply = await call.pc.createAnswer();
    await call.pc.setLocalDescription(reply);
    if (call !== current) return;
    send({ type: 'video-answer', target: call.peer, sdp: { type: reply.type, sdp: reply.sdp } });
  } catch (e) {
    console.warn('renegotiation refused', e);  // the call goes on as it was
  }
}

function decline() {
  if (!call || call.role !== 'callee' || call.pc !== null) return;
  send({ type: 'hang-up', target: call.peer, reason: 'declined' });
  endCall(`declined the call from ${call.peer}`);
}

async function onAnswer(message) {
  if (!call || call.role !== 'caller' || message.name !== call.peer || !call.pc || call.remoteSet) return;
  const sdp = message.sdp;
  if (!sdp || typeof sdp.sdp !== 'string') return;
  try {
    await call.pc.setRemoteDescription({ type: 'answer', sdp: sdp.sdp });
    call.remoteSet = true;
    setCallState(`connecting to ${call.peer}…`);
    await flushCandidates();
  } catch (e) {
    send({ type: 'hang-up', target: call.peer, reason: 'hangup' });
    endCall(`bad answer from ${message.name}: ${e.message}`);
  }
}

async function onCandidate(message) {
  if (!call || message.name !== call.peer) return;
  const c = message.candidate;
  if (!c || typeof c.candidate !== 'string' || c.candidate === '') return;  // '' = end of candidates
  const init = { candidate: c.candidate, sdpMid: c.sdpMid ?? null, sdpMLineIndex: c.sdpMLineIndex ?? null };
  if (!call.remoteSet) {
    call.pending.push(init);  // no remote description yet
    return;
  }
  try {
    await call.pc.addIceCandidate(init);
  } catch (e) {
    console.warn('addIceCandidate', e);
  }
}

function sentSdp() {
  call.sdpSent = true;
  for (const message of call.outbox.splice(0)) send(message);
}

async function flushCandidates() {
  const pending = call.pending.splice(0);
  for (const init of pending) {
    try {
      await call.pc.addIceCandidate(init);
    } catch (e) {
      console.warn('addIceCandidate', e);
    }
  }
}

const REASONS = { busy: 'is busy', declined: 'declined', 'no-answer': 'did not answer', hangup: 'hung up' };

function onHangUp(message) {
  if (!call || message.name !== call.peer) return;
  endCall(`${call.peer} ${REASONS[message.reason] ?? 'hung up'}`);
}

function hangUp() {
  if (!call) return;
  if (call.role === 'callee' && call.pc === null) { decline(); return; }
  send({ type: 'hang-up', target: call.peer, reason: 'hangup' });
  endCall(`call with ${call.peer} ended`);
}

function stopStream(stream) {
  if (stream) for (const track of stream.getTracks()) track.stop();
}

function endCall(text) {
  if (!call) return;
  clearTimeout(call.ringTimer);
  if (call.pc) call.pc.close();
  stopStream(call.stream);
  call = null;
  $('remote-video').srcObject = null;
  $('local-video').srcObject = null;
  $('mute').textContent = 'Mute';
  $('camera').textContent = 'Camera off';
  setCallState(text);
  addChat('SERVER', text, 'server');
  updateControls();
}

function toggleTracks(kind, button, onLabel, offLabel) {
  if (!call || !call.stream) return;
  const tracks = call.stream.getTracks().filter((t) => t.kind === kind);
  const enable = tracks.some((t) => !t.enabled);
  for (const track of tracks) track.enabled = enable;
  button.textContent = enable ? onLabel : offLabel;
}

// --- Wiring --------------------------------------------------------------------------------

$('login').addEventListener('submit', (event) => {
  event.preventDefault();
  login($('login-name').value.trim());
});
$('chat-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const input = $('chat-input');
  const text = input.value;
  if (!text.trim()) return;
  send({ type: 'message', text });
  input.value = '';
});
$('answer').addEventListener('click', answer);
$('decline').addEventListener('click', decline);
$('hangup').addEventListener('click', hangUp);
$('mute').addEventListener('click', () => toggleTracks('audio', $('mute'), 'Mute', 'Unmute'));
$('camera').addEventListener('click', () => toggleTracks('video', $('camera'), 'Camera off', 'Camera on'));

// For tests and the curious (DevTools): the call's inbound RTP figures; audioLevel is the
// peer's current level (0..1, as the browser measures it).
window.clivrt = {
  state: () => ({ me, online: [...online].sort(), peer: call?.peer ?? null, connected: call?.connected ?? false }),
  async stats() {
    const result = { framesDecoded: 0, audioPacketsReceived: 0, videoPacketsReceived: 0, audioLevel: 0 };
    if (!call || !call.pc) return result;
    (await call.pc.getStats()).forEach((report) => {
      if (report.type !== 'inbound-rtp') return;
      if (report.kind === 'video') {
        result.framesDecoded += report.framesDecoded ?? 0;
        result.videoPacketsReceived += report.packetsReceived ?? 0;
      } else if (report.kind === 'audio') {
        result.audioPacketsReceived += report.packetsReceived ?? 0;
        result.audioLevel = Math.max(result.audioLevel, report.audioLevel ?? 0);
      }
    });
    return result;
  },
};
