// Evaluated in the page by web_peer.js (`sample_callee` command): a second, scripted login that
// behaves the way MDN's webrtc-from-chat sample behaves as a callee, written from its documented
// behaviour (never copied): it connects with the `json` subprotocol and names itself, answers a
// video-offer before it has media (so its first answer receives only), then adds its camera and
// microphone with addTransceiver (new m-lines) and offers again within the same call. It builds
// an RTCIceCandidate from every new-ice-candidate message, end-of-candidates included, takes the
// remote video from event.streams[0], and hangs up with a null target as the sample does.
// Its progress is in window.sampleCallee.
async ({ url, name }) => {
  const state = window.sampleCallee = {
    loggedIn: false, offers: 0, answersSent: 0, reoffersSent: 0, answersReceived: 0,
    candidatesAdded: 0, errors: [], streamTracks: [], signalingState: 'none', hangUps: 0,
  };
  const ws = new WebSocket(url, 'json');
  let pc = null;
  let peer = null;
  const send = (message) => ws.send(JSON.stringify(message));
  const fail = (where) => (error) => state.errors.push(`${where}: ${error}`);

  const makeConnection = () => {
    pc = new RTCPeerConnection();
    window.sampleCallee.pc = pc;
    pc.onicecandidate = (event) => {
      if (event.candidate) send({ type: 'new-ice-candidate', target: peer, candidate: event.candidate });
    };
    pc.ontrack = (event) => {
      state.streamTracks = event.streams[0] ? event.streams[0].getTracks().map((t) => t.kind) : [];
    };
    pc.onsignalingstatechange = () => { state.signalingState = pc.signalingState; };
    pc.onnegotiationneeded = async () => {
      try {
        await pc.setLocalDescription(await pc.createOffer());
        send({ type: 'video-offer', name, target: peer, sdp: pc.localDescription });
        state.reoffersSent += 1;
      } catch (error) { fail('renegotiation')(error); }
    };
  };

  ws.onmessage = async (event) => {
    const message = JSON.parse(event.data);
    try {
      switch (message.type) {
        case 'id':
          send({ type: 'username', name, id: message.id, date: Date.now() });
          state.loggedIn = true;
          break;
        case 'video-offer': {
          state.offers += 1;
          peer = message.name;
          if (!pc) makeConnection();
          await pc.setRemoteDescription(new RTCSessionDescription(message.sdp));
          // Answer first, without media: the camera comes after, with an offer of its own.
          await pc.setLocalDescription(await pc.createAnswer());
          send({ type: 'video-answer', name, target: peer, sdp: pc.localDescription });
          state.answersSent += 1;
          const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
          for (const track of stream.getTracks()) pc.addTransceiver(track, { streams: [stream] });
          break;
        }
        case 'video-answer':
          await pc.setRemoteDescription(new RTCSessionDescription(message.sdp));
          state.answersReceived += 1;
          break;
        case 'new-ice-candidate':
          await pc.addIceCandidate(new RTCIceCandidate(message.candidate));  // throws on a nameless one
          state.candidatesAdded += 1;
          break;
        case 'hang-up':
          state.hangUps += 1;
          break;
        default:
          break;
      }
    } catch (error) {
      fail(message.type)(error);
    }
  };
  window.sampleCallee.hangUp = () => {
    send({ type: 'hang-up', name, target: null });  // the sample forgets its target first
    pc.close();
  };
  await new Promise((resolve, reject) => { ws.onopen = resolve; ws.onerror = () => reject(new Error('WebSocket failed')); });
  return {};
}
