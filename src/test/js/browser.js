// Headless Debian Chromium driven by puppeteer-core: one page served from a loopback HTTP server (a secure
// context, which getUserMedia needs), whose microphone is a WAV file.
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import puppeteer from 'puppeteer-core';

const HERE = new URL('.', import.meta.url);
const CHROMIUM = process.env.PARLOIR_CHROMIUM || '/usr/bin/chromium';

function flags(wav) {
  return [
    '--no-sandbox', // tests run as root in CI containers
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    // without these Chromium keeps calling out to a network that is closed here
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--allow-loopback-in-peer-connection',
    '--use-fake-ui-for-media-stream',
    '--use-fake-device-for-media-stream',
    `--use-file-for-fake-audio-capture=${wav}`,
    '--autoplay-policy=no-user-gesture-required',
    // host candidates with real addresses, not mDNS names a test peer cannot resolve
    '--disable-features=WebRtcHideLocalIpsWithMdns',
  ];
}

async function servePage() {
  const script = await readFile(new URL('page.js', HERE));
  const html = '<!doctype html><title>parloir peer</title><audio id="remote" autoplay></audio>'
    + '<script src="/page.js"></script>';
  const server = http.createServer((req, res) => {
    if (req.url === '/page.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    } else if (req.url === '/') {
      res.writeHead(200, { 'content-type': 'text/html' }).end(html);
    } else {
      res.writeHead(req.url === '/favicon.ico' ? 204 : 404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

/**
 * Starts Chromium (puppeteer gives it a fresh temporary profile and removes it on close) and opens the page.
 * `onCandidate(json|null)` gets each local ICE candidate (null at the end of gathering), `onState(state)` each
 * RTCPeerConnection connectionState.
 */
export async function openBrowser(wav, onCandidate, onState, log) {
  const server = await servePage();
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: flags(wav),
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
  const page = await browser.newPage();
  page.on('console', (m) => log(`page ${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => log(`page error: ${e.message}`));
  await page.exposeFunction('peerCandidate', onCandidate);
  await page.exposeFunction('peerState', onState);
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  const call = (fn, ...args) => page.evaluate(fn, ...args);
  return {
    pid: browser.process().pid,
    open: () => call(() => peerOpen()),
    offer: () => call(() => peerOffer()),
    answer: (sdp) => call((s) => peerAnswer(s), sdp),
    accepted: (sdp) => call((s) => peerAccepted(s), sdp),
    addCandidate: (json) => call((c) => peerAddCandidate(c), json),
    localSdp: () => call(() => peerLocalSdp()),
    stats: () => call(() => peerStats()),
    dtmf: (tones) => call((t) => peerDtmf(t), tones),
    codecs: (names) => call((n) => peerCodecs(n), names),
    close: () => call(() => peerClose()),
    async quit() {
      server.close();
      await browser.close();
    },
  };
}
