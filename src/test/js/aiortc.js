// The second media stack of peer.js (--stack aiortc): aiortc's RTCPeerConnection in a Python process
// (src/test/python/aiortc_stack.py, Debian python3-aiortc run by /usr/bin/python3), in place of Chromium's.
// It has the interface of browser.js's openBrowser, so that the XMPP/Jingle code (call.js) is the same for both.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

const SCRIPT = new URL('../python/aiortc_stack.py', import.meta.url).pathname;
const PYTHON = process.env.PARLOIR_PYTHON || '/usr/bin/python3';

/**
 * Starts the Python stack, its microphone `wav` in a loop. `onCandidate(json|null)` gets each local candidate
 * (all of them right after each offer/answer: aiortc gathers before it describes), `onState(state, dtls)` each
 * connectionState with the DTLS transport's state.
 */
export async function openAiortc(wav, onCandidate, onState, log) {
  const child = spawn(PYTHON, [SCRIPT, wav], { stdio: ['pipe', 'pipe', 'pipe'] });
  createInterface({ input: child.stderr }).on('line', (l) => log(l));
  const pending = new Map();
  let next = 0;
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => {
    for (const { reject } of pending.values()) {
      reject(new Error(`aiortc exited (${code ?? signal})`));
    }
    pending.clear();
    resolve();
  }));
  createInterface({ input: child.stdout }).on('line', (line) => {
    const m = JSON.parse(line);
    if (m.event === 'candidate') {
      onCandidate(m.candidate);
    } else if (m.event === 'state') {
      onState(m.connection, m.dtls);
    } else if (pending.has(m.id)) {
      const { resolve, reject } = pending.get(m.id);
      pending.delete(m.id);
      if (m.error !== undefined) {
        reject(new Error(m.error));
      } else {
        resolve(m.result);
      }
    }
  });
  const call = (op, arg) => new Promise((resolve, reject) => {
    const id = next++;
    pending.set(id, { resolve, reject });
    child.stdin.write(`${JSON.stringify({ id, op, arg })}\n`);
  });
  return {
    pid: child.pid,
    open: () => call('open'),
    offer: () => call('offer'),
    answer: (sdp) => call('answer', sdp),
    accepted: (sdp) => call('accepted', sdp),
    addCandidate: (json) => call('candidate', json),
    localSdp: () => call('local-sdp'),
    stats: () => call('stats'),
    dtmf: async () => false, // aiortc 1.4 has no RTCDTMFSender
    codecs: (names) => call('codecs', names),
    close: () => call('close'),
    async quit() {
      await call('close').catch((e) => log(`aiortc close: ${e.message}`));
      child.stdin.end(); // the script ends at the end of its input
      await exited;
    },
  };
}
