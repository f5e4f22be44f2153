// A Jingle/WebRTC client for tests: headless Chromium's RTCPeerConnection (or aiortc's with --stack aiortc,
// aiortc.js), signalled over XMPP c2s.
//   node peer.js <host> <port> <jid> <password> <wav> [--stack chromium|aiortc]
// Commands on stdin, one a line: trickle on|off, tamper none|no-fingerprint|wrong-fingerprint|setup-active,
//   codecs all|<name>,<name>..., subscribe <jid>, call <jid>, answer, reject [reason], hangup [reason],
//   hold on|off, dtmf <tones>, stats, quit.
// Events on stdout, one a line: ready <full jid>, available <jid>, unavailable <jid>, proposed <sid>,
//   incoming <from> <sid>, ringing, hold, unhold, accepted, active, ended <reason> [text], stats <json>,
//   ok <command> / error <command> <why> (each command's answer), error jingle <action> <condition>.
// Everything else (logs) goes to stderr; the server's certificate comes in NODE_EXTRA_CA_CERTS.
import { createInterface } from 'node:readline';
import { Calls } from './call.js';
import { Xmpp } from './xmpp.js';

const [host, port, jid, password, wav, option, stack = 'chromium'] = process.argv.slice(2);
if (!wav || (option !== undefined && option !== '--stack') || !['chromium', 'aiortc'].includes(stack)) {
  process.stderr.write('usage: node peer.js <host> <port> <jid> <password> <wav> [--stack chromium|aiortc]\n');
  process.exit(2);
}

const emit = (line) => process.stdout.write(`${line}\n`);
const log = (line) => process.stderr.write(`[peer ${jid}] ${line}\n`);

let calls = null;
// the media stack: both have the same interface (browser.js, aiortc.js); puppeteer is loaded only for Chromium
const open = stack === 'aiortc' ? (await import('./aiortc.js')).openAiortc : (await import('./browser.js')).openBrowser;
const browser = await open(wav, (c) => calls?.candidate(c), (s, dtls) => calls?.state(s, dtls), log);
log(`${stack} pid ${browser.pid}`);
const xmpp = new Xmpp({ host, port, jid, password, log });
xmpp.on('available', (from) => emit(`available ${from}`));
xmpp.on('unavailable', (from) => emit(`unavailable ${from}`));
calls = new Calls(xmpp, browser, emit, log);

let quitting = false;
async function quit(code) {
  if (quitting) {
    return;
  }
  quitting = true;
  await calls.hangup('success');
  await xmpp.stop().catch((e) => log(`xmpp stop: ${e.message}`));
  await browser.quit().catch((e) => log(`browser quit: ${e.message}`));
  process.exit(code);
}

// A stray rejection is a bug of this peer: say so loudly, but keep the peer (and the test's call) going.
process.on('unhandledRejection', (e) => log(`BUG unhandled rejection: ${e && e.stack ? e.stack : e}`));

// Java's Process.destroy() sends SIGTERM: close Chromium first, which would outlive node otherwise.
process.on('SIGTERM', () => quit(143));

const commands = {
  trickle: (on) => { calls.trickle = on === 'on'; },
  tamper: (what) => calls.tamperWith(what),
  codecs: (list) => browser.codecs(list === 'all' ? null : list.split(',')),
  subscribe: (to) => xmpp.subscribe(to),
  call: (to) => calls.dial(to),
  answer: () => calls.answer(),
  reject: (reason) => calls.reject(reason),
  hangup: (reason) => calls.hangup(reason),
  hold: (on) => calls.hold(on === 'on'),
  dtmf: async (tones) => {
    if (!await browser.dtmf(tones)) {
      throw new Error('no DTMF sender (telephone-event not negotiated?)');
    }
  },
  stats: async () => emit(`stats ${JSON.stringify({ ...await browser.stats(), ...calls.signalling() })}`),
  quit: () => quit(0),
};

async function run(line) {
  const [name, ...args] = line.trim().split(/\s+/);
  if (!name) {
    return;
  }
  const command = commands[name];
  if (!command) {
    emit(`error unknown command ${name}`);
    return;
  }
  try {
    await command(...args);
    emit(`ok ${name}`);
  } catch (e) {
    emit(`error ${name} ${e.message}`);
  }
}

try {
  emit(`ready ${await xmpp.start()}`);
} catch (e) {
  emit(`error login ${e.message}`);
  await browser.quit().catch(() => {});
  process.exit(1);
}

// Commands run one after the other; the end of stdin (the test's JVM went away) ends the peer and its browser.
let queue = Promise.resolve();
createInterface({ input: process.stdin })
  .on('line', (line) => { queue = queue.then(() => run(line)); })
  .on('close', () => { queue = queue.then(() => quit(0)); });
