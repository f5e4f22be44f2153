// SDP (RFC 8866, as Chromium writes it) <-> Jingle contents: XEP-0166 content, XEP-0167 RTP description,
// XEP-0176 ICE-UDP transport, XEP-0320 DTLS fingerprint, XEP-0338 BUNDLE group, XEP-0339 sources,
// XEP-0293 rtcp-fb, XEP-0294 header extensions.
import { xml } from '@xmpp/client';

export const NS = {
  JINGLE: 'urn:xmpp:jingle:1',
  RTP: 'urn:xmpp:jingle:apps:rtp:1',
  ICE: 'urn:xmpp:jingle:transports:ice-udp:1',
  DTLS: 'urn:xmpp:jingle:apps:dtls:0',
  GROUP: 'urn:xmpp:jingle:apps:grouping:0',
  SSMA: 'urn:xmpp:jingle:apps:rtp:ssma:0',
  FB: 'urn:xmpp:jingle:apps:rtp:rtcp-fb:0',
  HDREXT: 'urn:xmpp:jingle:apps:rtp:rtp-hdrext:0',
};

const other = (role) => (role === 'initiator' ? 'responder' : 'initiator');

/** Splits an SDP into its session part and one part per m= section, each a list of lines. */
function sections(sdp) {
  const parts = [[]];
  for (const line of sdp.split(/\r?\n/).filter((l) => l.length > 0)) {
    if (line.startsWith('m=')) {
      parts.push([]);
    }
    parts[parts.length - 1].push(line);
  }
  return parts;
}

const attrs = (lines, name) => lines.filter((l) => l.startsWith(`a=${name}:`)).map((l) => l.slice(name.length + 3));
const flag = (lines, name) => lines.includes(`a=${name}`);
const first = (lines, name) => attrs(lines, name)[0];

// a=candidate value: foundation component protocol priority ip port typ type [raddr a rport p] [generation g] ...
function candidateFromSdp(value) {
  const f = value.replace(/^candidate:/, '').split(' ');
  const c = { foundation: f[0], component: f[1], protocol: f[2].toLowerCase(), priority: f[3], ip: f[4], port: f[5],
    type: f[7], generation: '0', network: '0', id: Math.random().toString(36).slice(2, 12) };
  for (let i = 8; i + 1 < f.length; i += 2) {
    const key = { raddr: 'rel-addr', rport: 'rel-port', generation: 'generation', 'network-id': 'network' }[f[i]];
    if (key) {
      c[key] = f[i + 1];
    }
  }
  return c;
}

/**
 * Whether a candidate may be signalled: XEP-0176 carries UDP candidates only (Chromium also gathers TCP ones), and
 * tests talk to loopback addresses only (the machine's other addresses are no place for test traffic).
 */
export function signalled(value) {
  const c = candidateFromSdp(value);
  return c.protocol === 'udp' && (c.ip.startsWith('127.') || c.ip === '::1');
}

/** XEP-0176 §5 candidate element from an RTCIceCandidate's `candidate` string. */
export function candidateElement(value) {
  return xml('candidate', candidateFromSdp(value));
}

/** The a=candidate value of an XEP-0176 candidate element. */
export function candidateLine(el) {
  const a = el.attrs;
  let line = `candidate:${a.foundation} ${a.component} ${a.protocol} ${a.priority} ${a.ip} ${a.port} typ ${a.type}`;
  if (a['rel-addr'] !== undefined) {
    line += ` raddr ${a['rel-addr']} rport ${a['rel-port']}`;
  }
  line += ` generation ${a.generation || 0}`;
  return a.network === undefined ? line : `${line} network-id ${a.network}`;
}

function description(lines) {
  const [kind, , , ...ids] = lines[0].slice(2).split(' '); // m=audio 9 UDP/TLS/RTP/SAVPF 111 0 8
  const d = xml('description', { xmlns: NS.RTP, media: kind });
  for (const id of ids) {
    const map = attrs(lines, 'rtpmap').find((v) => v.startsWith(`${id} `));
    const [name, clockrate, channels] = map ? map.split(' ')[1].split('/') : [undefined, '8000', undefined];
    const p = xml('payload-type', { id, name, clockrate, channels });
    const fmtp = attrs(lines, 'fmtp').find((v) => v.startsWith(`${id} `));
    for (const param of fmtp ? fmtp.slice(id.length + 1).split(';') : []) {
      const eq = param.indexOf('=');
      if (eq > 0) {
        p.append(xml('parameter', { name: param.slice(0, eq).trim(), value: param.slice(eq + 1).trim() }));
      } else if (name === 'telephone-event') {
        p.append(xml('parameter', { name: 'events', value: param.trim() })); // RFC 4733 §2.4.1 "0-16"
      }
    }
    for (const fb of attrs(lines, 'rtcp-fb').filter((v) => v.startsWith(`${id} `))) {
      const [type, subtype] = fb.split(' ').slice(1);
      p.append(xml('rtcp-fb', { xmlns: NS.FB, type, subtype }));
    }
    d.append(p);
  }
  for (const ext of attrs(lines, 'extmap')) {
    const [id, uri] = ext.split(' ');
    d.append(xml('rtp-hdrext', { xmlns: NS.HDREXT, id: id.split('/')[0], uri }));
  }
  const ssrcs = new Map();
  for (const s of attrs(lines, 'ssrc')) {
    const m = s.match(/^(\d+) ([^:]+):?(.*)$/);
    if (m) {
      ssrcs.set(m[1], [...(ssrcs.get(m[1]) || []), [m[2], m[3]]]);
    }
  }
  for (const [ssrc, params] of ssrcs) {
    d.append(xml('source', { xmlns: NS.SSMA, ssrc },
      ...params.map(([name, value]) => xml('parameter', { name, value }))));
  }
  if (flag(lines, 'rtcp-mux')) {
    d.append(xml('rtcp-mux'));
  }
  return d;
}

function transport(session, lines) {
  const t = xml('transport', { xmlns: NS.ICE, ufrag: first(lines, 'ice-ufrag') || first(session, 'ice-ufrag'),
    pwd: first(lines, 'ice-pwd') || first(session, 'ice-pwd') });
  const fingerprint = first(lines, 'fingerprint') || first(session, 'fingerprint');
  if (fingerprint) {
    const [hash, value] = fingerprint.split(' ');
    const setup = first(lines, 'setup') || first(session, 'setup');
    t.append(xml('fingerprint', { xmlns: NS.DTLS, hash, setup }, value));
  }
  for (const c of attrs(lines, 'candidate').filter(signalled)) {
    t.append(candidateElement(c));
  }
  return t;
}

function senders(lines, role) {
  if (flag(lines, 'sendonly')) {
    return role;
  }
  if (flag(lines, 'recvonly')) {
    return other(role);
  }
  return flag(lines, 'inactive') ? 'none' : 'both';
}

/**
 * The Jingle children (contents, and a BUNDLE group if any) of an SDP written by the party of `role`
 * ('initiator' or 'responder'); the content names are the SDP's mids.
 */
export function sdpToJingle(sdp, role) {
  const [session, ...media] = sections(sdp);
  const children = [];
  const bundle = first(session, 'group');
  if (bundle && bundle.startsWith('BUNDLE ')) {
    children.push(xml('group', { xmlns: NS.GROUP, semantics: 'BUNDLE' },
      ...bundle.split(' ').slice(1).map((name) => xml('content', { name }))));
  }
  for (const lines of media) {
    children.push(xml('content', { creator: 'initiator', name: first(lines, 'mid'), senders: senders(lines, role) },
      description(lines), transport(session, lines)));
  }
  return children;
}

function direction(content, author) {
  const s = content.attrs.senders || 'both';
  if (s === 'both') {
    return 'sendrecv';
  }
  if (s === 'none') {
    return 'inactive';
  }
  return s === author ? 'sendonly' : 'recvonly';
}

function mediaLines(content, author) {
  const d = content.getChild('description', NS.RTP);
  const t = content.getChild('transport', NS.ICE);
  if (!d || !t) {
    throw new Error(`content ${content.attrs.name} without an RTP description and an ICE-UDP transport`);
  }
  const types = d.getChildren('payload-type');
  const out = [`m=${d.attrs.media} 9 UDP/TLS/RTP/SAVPF ${types.map((p) => p.attrs.id).join(' ')}`,
    'c=IN IP4 0.0.0.0', 'a=rtcp:9 IN IP4 0.0.0.0', `a=ice-ufrag:${t.attrs.ufrag}`, `a=ice-pwd:${t.attrs.pwd}`];
  const fp = t.getChild('fingerprint', NS.DTLS);
  if (fp) {
    out.push(`a=fingerprint:${fp.attrs.hash} ${fp.getText().trim()}`, `a=setup:${fp.attrs.setup || 'actpass'}`);
  }
  out.push(`a=mid:${content.attrs.name}`);
  for (const e of d.getChildren('rtp-hdrext', NS.HDREXT)) {
    out.push(`a=extmap:${e.attrs.id} ${e.attrs.uri}`);
  }
  out.push(`a=${direction(content, author)}`);
  if (d.getChild('rtcp-mux')) {
    out.push('a=rtcp-mux');
  }
  for (const p of types) {
    const a = p.attrs;
    out.push(`a=rtpmap:${a.id} ${a.name}/${a.clockrate || 8000}${a.channels && a.channels !== '1' ? `/${a.channels}` : ''}`);
    for (const fb of p.getChildren('rtcp-fb', NS.FB)) {
      out.push(`a=rtcp-fb:${a.id} ${fb.attrs.type}${fb.attrs.subtype ? ` ${fb.attrs.subtype}` : ''}`);
    }
    const params = p.getChildren('parameter');
    if (params.length > 0) {
      const events = a.name === 'telephone-event' && params.length === 1 && params[0].attrs.name === 'events';
      out.push(`a=fmtp:${a.id} ${events ? params[0].attrs.value
        : params.map((x) => `${x.attrs.name}=${x.attrs.value}`).join(';')}`);
    }
  }
  for (const s of d.getChildren('source', NS.SSMA)) {
    for (const x of s.getChildren('parameter')) {
      out.push(`a=ssrc:${s.attrs.ssrc} ${x.attrs.name}${x.attrs.value ? `:${x.attrs.value}` : ''}`);
    }
  }
  for (const c of t.getChildren('candidate')) {
    out.push(`a=${candidateLine(c)}`);
  }
  return out;
}

/** The SDP of a Jingle element (session-initiate or -accept) written by the party of role `author`. */
export function jingleToSdp(jingle, author) {
  const contents = jingle.getChildren('content');
  if (contents.length === 0) {
    throw new Error(`${jingle.attrs.action} without content`);
  }
  const out = ['v=0', `o=- ${Date.now()} 2 IN IP4 0.0.0.0`, 's=-', 't=0 0'];
  const group = jingle.getChild('group', NS.GROUP);
  if (group) {
    out.push(`a=group:${group.attrs.semantics} ${group.getChildren('content').map((c) => c.attrs.name).join(' ')}`);
  }
  out.push('a=msid-semantic: WMS *');
  for (const c of contents) {
    out.push(...mediaLines(c, author));
  }
  return `${out.join('\r\n')}\r\n`;
}
