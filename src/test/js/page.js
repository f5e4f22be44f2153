// Runs inside the Chromium page (served from 127.0.0.1, a secure context, so getUserMedia exists).
// One RTCPeerConnection at a time; the Node side calls these functions through puppeteer's evaluate and is told
// of local ICE candidates and state changes through the functions it exposed (window.peerCandidate, peerState).
'use strict';

let pc = null;
let analyser = null;
let codecs = null; // encoding names to offer or answer, in order (null: all of Chromium's)

// RTCRtpTransceiver.setCodecPreferences for the next calls: e.g. ['PCMA', 'telephone-event'], or null for all.
function peerCodecs(names) {
  codecs = names;
}

async function peerOpen() {
  peerClose();
  // No STUN/TURN: the network is loopback only (the launch flags allow loopback candidates).
  pc = new RTCPeerConnection({ iceServers: [], bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require' });
  const mic = await navigator.mediaDevices.getUserMedia({ audio: true, video: false });
  for (const track of mic.getAudioTracks()) {
    pc.addTrack(track, mic);
  }
  if (codecs !== null) {
    const all = RTCRtpReceiver.getCapabilities('audio').codecs;
    const name = (c) => c.mimeType.split('/')[1].toLowerCase();
    pc.getTransceivers()[0].setCodecPreferences(codecs.flatMap((n) => all.filter((c) => name(c) === n.toLowerCase())));
  }
  pc.onicecandidate = (e) => {
    window.peerCandidate(e.candidate ? JSON.stringify(e.candidate.toJSON()) : null);
  };
  pc.onconnectionstatechange = () => {
    const sender = pc.getSenders()[0];
    window.peerState(pc.connectionState, sender && sender.transport ? sender.transport.state : 'new');
  };
  pc.ontrack = (e) => {
    // Chromium decodes (and measures audioLevel of) remote audio only when something plays it.
    const audio = document.getElementById('remote');
    audio.srcObject = e.streams[0] || new MediaStream([e.track]);
    audio.play().catch(() => {});
    const ctx = new AudioContext();
    analyser = ctx.createAnalyser();
    analyser.fftSize = 8192;
    ctx.createMediaStreamSource(audio.srcObject).connect(analyser);
  };
}

async function peerOffer() {
  const offer = await pc.createOffer();
  await pc.setLocalDescription(offer);
  return pc.localDescription.sdp;
}

async function peerAnswer(remoteSdp) {
  await pc.setRemoteDescription({ type: 'offer', sdp: remoteSdp });
  const answer = await pc.createAnswer();
  await pc.setLocalDescription(answer);
  return pc.localDescription.sdp;
}

async function peerAccepted(remoteSdp) {
  await pc.setRemoteDescription({ type: 'answer', sdp: remoteSdp });
}

async function peerAddCandidate(json) {
  await pc.addIceCandidate(JSON.parse(json));
}

function peerGathered() {
  return pc !== null && pc.iceGatheringState === 'complete';
}

function peerLocalSdp() {
  return pc.localDescription.sdp;
}

// The loudest frequency the remote audio carries now (WebAudio analyser), or 0 when it is silent.
function dominantHz() {
  if (analyser === null) {
    return 0;
  }
  const bins = new Float32Array(analyser.frequencyBinCount);
  analyser.getFloatFrequencyData(bins);
  let best = 0;
  for (let i = 1; i < bins.length; i++) {
    if (bins[i] > bins[best]) {
      best = i;
    }
  }
  return bins[best] > -70 ? Math.round(best * analyser.context.sampleRate / analyser.fftSize) : 0;
}

async function peerStats() {
  const out = { connection: pc ? pc.connectionState : 'none', dominantHz: dominantHz() };
  if (pc === null) {
    return out;
  }
  const report = await pc.getStats();
  report.forEach((s) => {
    if (s.type === 'inbound-rtp' && s.kind === 'audio') {
      out.packetsReceived = s.packetsReceived;
      out.packetsLost = s.packetsLost;
      out.audioLevel = s.audioLevel;
      out.totalAudioEnergy = s.totalAudioEnergy;
      const codec = report.get(s.codecId);
      out.inboundCodec = codec ? codec.mimeType : undefined;
    } else if (s.type === 'outbound-rtp' && s.kind === 'audio') {
      out.packetsSent = s.packetsSent;
      const codec = report.get(s.codecId);
      out.outboundCodec = codec ? codec.mimeType : undefined;
    } else if (s.type === 'transport') {
      out.dtlsState = s.dtlsState;
      out.iceState = s.iceState;
      out.srtpCipher = s.srtpCipher;
      // where the media goes: the remote end of the pair ICE selected
      const pair = report.get(s.selectedCandidatePairId);
      const remote = pair ? report.get(pair.remoteCandidateId) : undefined;
      out.remoteCandidate = remote ? `${remote.address}:${remote.port} ${remote.candidateType}` : undefined;
    }
  });
  return out;
}

// RFC 4733 telephone-events on the audio sender (the remote must have accepted telephone-event): resolves once
// the sender has played them all (a tonechange with an empty tone), false when there is no DTMF sender.
function peerDtmf(tones) {
  const sender = pc.getSenders().find((s) => s.track && s.track.kind === 'audio');
  if (!sender || !sender.dtmf || !sender.dtmf.canInsertDTMF) {
    return Promise.resolve(false);
  }
  return new Promise((resolve) => {
    sender.dtmf.ontonechange = (e) => {
      if (e.tone === '') {
        resolve(true);
      }
    };
    sender.dtmf.insertDTMF(tones, 100, 70);
  });
}

function peerClose() {
  if (pc !== null) {
    pc.close();
    pc = null;
  }
  analyser = null;
}
