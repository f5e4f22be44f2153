// node --test: the SDP <-> Jingle conversion on an offer as Chromium writes it and on the bridge's Jingle vector.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { xml } from '@xmpp/client';
import { parse } from 'ltx';
import { candidateElement, candidateLine, jingleToSdp, NS, sdpToJingle } from './sdp.js';

const FINGERPRINT = '02:1A:CC:54:27:AB:EB:9C:53:3F:3E:4B:65:2E:7D:46:3F:54:42:CD:54:F1:7A:03:A2:7D:F9:B0:7F:46:19:B2';
const CHROMIUM_OFFER = [
  'v=0', 'o=- 4611731400430051336 2 IN IP4 127.0.0.1', 's=-', 't=0 0', 'a=group:BUNDLE 0', 'a=extmap-allow-mixed',
  'a=msid-semantic: WMS s1', 'm=audio 39822 UDP/TLS/RTP/SAVPF 111 0 8 126', 'c=IN IP4 127.0.0.1',
  'a=rtcp:9 IN IP4 0.0.0.0',
  'a=candidate:1 1 udp 2122260223 127.0.0.1 39822 typ host generation 0 network-id 1',
  'a=candidate:2 1 tcp 1518280447 127.0.0.1 9 typ host tcptype active generation 0 network-id 1',
  'a=candidate:3 1 udp 2122063615 192.0.2.2 39823 typ host generation 0 network-id 2',
  'a=ice-ufrag:T9rQ', 'a=ice-pwd:c9Lr4NKdkbuCRfJEvp5MuFu2', 'a=ice-options:trickle',
  `a=fingerprint:sha-256 ${FINGERPRINT}`, 'a=setup:actpass', 'a=mid:0',
  'a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level', 'a=sendrecv', 'a=msid:s1 t1', 'a=rtcp-mux',
  'a=rtcp-rsize', 'a=rtpmap:111 opus/48000/2', 'a=rtcp-fb:111 transport-cc', 'a=fmtp:111 minptime=10;useinbandfec=1',
  'a=rtpmap:0 PCMU/8000', 'a=rtpmap:8 PCMA/8000', 'a=rtpmap:126 telephone-event/8000', 'a=fmtp:126 0-16',
  'a=ssrc:3735928559 cname:k3vTQGz1', 'a=ssrc:3735928559 msid:s1 t1', '',
].join('\r\n');

const jingle = (children) => xml('jingle', { xmlns: NS.JINGLE, action: 'session-initiate', sid: 's' }, ...children);

test('a Chromium offer becomes one XEP-0167 audio content with its ICE-UDP transport and DTLS fingerprint', () => {
  const [group, content] = sdpToJingle(CHROMIUM_OFFER, 'initiator');
  assert.equal(group.toString(), '<group xmlns="urn:xmpp:jingle:apps:grouping:0" semantics="BUNDLE">'
    + '<content name="0"/></group>');
  assert.deepEqual(content.attrs, { creator: 'initiator', name: '0', senders: 'both' });
  const d = content.getChild('description', NS.RTP);
  assert.deepEqual(d.getChildren('payload-type').map((p) => p.attrs.name), ['opus', 'PCMU', 'PCMA', 'telephone-event']);
  const opus = d.getChildren('payload-type')[0];
  assert.deepEqual(opus.attrs, { id: '111', name: 'opus', clockrate: '48000', channels: '2' });
  assert.deepEqual(opus.getChildren('parameter').map((p) => [p.attrs.name, p.attrs.value]),
    [['minptime', '10'], ['useinbandfec', '1']]);
  assert.equal(opus.getChild('rtcp-fb', NS.FB).attrs.type, 'transport-cc');
  assert.equal(d.getChildren('payload-type')[3].getChild('parameter').attrs.value, '0-16');
  assert.equal(d.getChild('rtp-hdrext', NS.HDREXT).attrs.uri, 'urn:ietf:params:rtp-hdrext:ssrc-audio-level');
  assert.deepEqual(d.getChild('source', NS.SSMA).getChildren('parameter').map((p) => p.attrs.value),
    ['k3vTQGz1', 's1 t1']);
  assert.ok(d.getChild('rtcp-mux'));
  const t = content.getChild('transport', NS.ICE);
  assert.equal(t.attrs.ufrag, 'T9rQ');
  assert.equal(t.attrs.pwd, 'c9Lr4NKdkbuCRfJEvp5MuFu2');
  const fp = t.getChild('fingerprint', NS.DTLS);
  assert.deepEqual([fp.attrs.hash, fp.attrs.setup, fp.getText()], ['sha-256', 'actpass', FINGERPRINT]);
  // XEP-0176 is ICE-UDP, and tests signal loopback addresses only
  assert.deepEqual(t.getChildren('candidate').map((c) => [c.attrs.protocol, c.attrs.ip, c.attrs.port, c.attrs.type,
    c.attrs.priority, c.attrs.foundation, c.attrs.component, c.attrs.network]),
  [['udp', '127.0.0.1', '39822', 'host', '2122260223', '1', '1', '1']]);
});

test('the bridge vector of a session-initiate becomes an SDP offer Chromium can take', () => {
  const vector = parse(readFileSync(new URL('../resources/vectors/jingle/chromium-session-initiate.xml',
    import.meta.url), 'utf8'));
  const lines = jingleToSdp(vector, 'initiator').split('\r\n');
  for (const expected of ['a=group:BUNDLE 0', 'm=audio 9 UDP/TLS/RTP/SAVPF 111 0 8 126', 'a=mid:0',
    'a=ice-ufrag:8hhy', 'a=ice-pwd:asd88fgpdd777uzjYhagZg', `a=fingerprint:sha-256 ${FINGERPRINT}`, 'a=setup:actpass',
    'a=sendrecv', 'a=rtcp-mux', 'a=rtpmap:111 opus/48000/2', 'a=fmtp:111 minptime=10;useinbandfec=1',
    'a=rtcp-fb:111 transport-cc', 'a=rtpmap:0 PCMU/8000', 'a=rtpmap:126 telephone-event/8000', 'a=fmtp:126 0-16',
    'a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level', 'a=ssrc:3735928559 cname:k3vTQGz1',
    'a=candidate:1 1 udp 2130706431 127.0.0.1 54321 typ host generation 0 network-id 1',
    'a=candidate:2 1 udp 1694498815 192.0.2.3 45664 typ srflx raddr 10.0.1.1 rport 8998 generation 0']) {
    assert.ok(lines.includes(expected), `${expected} in\n${lines.join('\n')}`);
  }
  assert.equal(lines[0], 'v=0');
});

test('SDP to Jingle to SDP to Jingle is stable', () => {
  const once = jingle(sdpToJingle(CHROMIUM_OFFER, 'initiator'));
  const twice = jingle(sdpToJingle(jingleToSdp(once, 'initiator'), 'initiator'));
  const noIds = (el) => el.toString().replace(/(<candidate [^>]*?) id="[^"]*"/g, '$1'); // ids are random
  assert.equal(noIds(twice), noIds(once));
});

test('directions map to senders from the point of view of the SDP author (XEP-0166 §7.1)', () => {
  const answer = CHROMIUM_OFFER.replace('a=sendrecv', 'a=recvonly');
  const [, content] = sdpToJingle(answer, 'responder');
  assert.equal(content.attrs.senders, 'initiator');
  assert.ok(jingleToSdp(jingle([content]), 'responder').includes('a=recvonly\r\n'));
  assert.ok(jingleToSdp(jingle([content]), 'initiator').includes('a=sendonly\r\n'));
});

test('a trickled candidate keeps its fields both ways', () => {
  const line = 'candidate:9 1 udp 1686052607 127.0.0.2 5000 typ srflx raddr 127.0.0.1 rport 4000 generation 0';
  assert.equal(candidateLine(candidateElement(`${line} ufrag T9rQ network-id 3`)), `${line} network-id 3`);
});
