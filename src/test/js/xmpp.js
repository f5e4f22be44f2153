// The XMPP side of the peer with @xmpp/client: c2s over TCP with STARTTLS (the server's certificate is trusted
// through NODE_EXTRA_CA_CERTS, set by the Java side), roster and mutual subscriptions, XEP-0115 caps in presence
// and the XEP-0030 disco#info that backs them, as Conversations advertises a Jingle RTP audio client.
import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { client, xml } from '@xmpp/client';

const CAPS = 'http://jabber.org/protocol/caps';
const DISCO_INFO = 'http://jabber.org/protocol/disco#info';
const NODE = 'https://parloir.org/test/browser-peer';
const IDENTITY = { category: 'client', type: 'web', name: 'Parloir browser peer' };

/** What a callee must advertise before we propose a call to it (what Conversations checks). */
export const CALLABLE = ['urn:xmpp:jingle:1', 'urn:xmpp:jingle:apps:rtp:1', 'urn:xmpp:jingle:apps:rtp:audio',
  'urn:xmpp:jingle:transports:ice-udp:1', 'urn:xmpp:jingle:apps:dtls:0', 'urn:xmpp:jingle-message:0'];
const FEATURES = [DISCO_INFO, CAPS, ...CALLABLE].sort();

// XEP-0115 §5.1: S = identities "category/type/lang/name<", then features "<" each, sha-1, base64.
const VER = createHash('sha1')
  .update(`${IDENTITY.category}/${IDENTITY.type}//${IDENTITY.name}<${FEATURES.map((f) => `${f}<`).join('')}`)
  .digest('base64');

const bare = (jid) => jid.split('/')[0];

export class Xmpp extends EventEmitter {
  constructor({ host, port, jid, password, log }) {
    super();
    const [local, domain] = jid.split('@');
    this.log = log;
    this.presences = new Map(); // full JID -> caps element or null, of available contacts
    this.subscribed = new Set(); // bare JIDs we asked a subscription of
    this.client = client({ service: `xmpp://${host}:${port}`, domain, username: local, password,
      resource: 'browser' });
    this.client.on('error', (e) => log(`xmpp error: ${e.message}`));
    this.client.on('stanza', (s) => this.#presence(s));
    this.client.iqCallee.get(DISCO_INFO, 'query', (ctx) => xml('query', { xmlns: DISCO_INFO,
      node: ctx.element.attrs.node }, xml('identity', IDENTITY), ...FEATURES.map((v) => xml('feature', { var: v }))));
  }

  async start() {
    const address = await this.client.start();
    this.jid = address.toString();
    // RFC 6121 §2.2 and §4.2: a resource that asked for the roster gets subscription requests and contacts' presence
    await this.client.iqCaller.get(xml('query', { xmlns: 'jabber:iq:roster' }));
    await this.send(xml('presence', {}, xml('c', { xmlns: CAPS, hash: 'sha-1', node: NODE, ver: VER })));
    return this.jid;
  }

  send(stanza) {
    return this.client.send(stanza);
  }

  /** Sends without waiting: a failure (the stream is closing) is logged, never an unhandled rejection. */
  post(stanza) {
    this.client.send(stanza).catch((e) => this.log(`send ${stanza.name}: ${e.message}`));
  }

  /** RFC 6121 §3.1: ask for the contact's presence (the contact answers in kind: both ways). */
  async subscribe(contact) {
    this.subscribed.add(bare(contact));
    await this.send(xml('presence', { to: bare(contact), type: 'subscribe' }));
  }

  #presence(p) {
    if (!p.is('presence') || !p.attrs.from || bare(p.attrs.from) === bare(this.jid)) {
      return;
    }
    const from = p.attrs.from;
    const type = p.attrs.type;
    if (type === 'subscribe') {
      // accept, and ask back once, as Conversations does for a contact it wants to call
      this.post(xml('presence', { to: bare(from), type: 'subscribed' }));
      if (!this.subscribed.has(bare(from))) {
        this.subscribed.add(bare(from));
        this.post(xml('presence', { to: bare(from), type: 'subscribe' }));
      }
    } else if (type === undefined) {
      this.presences.set(from, p.getChild('c', CAPS) || null);
      this.emit('available', from);
    } else if (type === 'unavailable') {
      this.presences.delete(from);
      this.emit('unavailable', from);
    }
  }

  /**
   * The available resources of `contact` (a bare JID) whose disco#info (at the caps node#ver of their presence,
   * trusted without recomputing the hash) has every CALLABLE feature.
   */
  async callableResources(contact) {
    const found = [];
    for (const [full, caps] of this.presences) {
      if (bare(full) !== bare(contact)) {
        continue;
      }
      const node = caps ? `${caps.attrs.node}#${caps.attrs.ver}` : undefined;
      try {
        const info = await this.client.iqCaller.get(xml('query', { xmlns: DISCO_INFO, node }), full);
        const features = new Set(info.getChildren('feature').map((f) => f.attrs.var));
        if (CALLABLE.every((f) => features.has(f))) {
          found.push(full);
        }
      } catch (e) {
        this.log(`disco#info of ${full}: ${e.message}`);
      }
    }
    return found;
  }

  async stop() {
    await this.client.stop();
  }
}
