// One call at a time, as Conversations places and takes them: XEP-0353 propose to the bare JID, proceed from a
// full JID, then the XEP-0166 session with that full JID; trickled candidates (transport-info) both ways.
import { xml } from '@xmpp/client';
import { candidates, errorCondition, fingerprinted, fingerprints, jingle, ringing, RTP_INFO, sessionTerminate, tamper,
  transportInfo, unknownSession } from './jingle.js';
import { jmiChild, jmiMessage, reasonOf } from './jmi.js';
import { candidateLine, jingleToSdp, NS, sdpToJingle, signalled } from './sdp.js';

const bare = (jid) => jid.split('/')[0];
const newSid = () => Math.random().toString(36).slice(2, 14);

/** A call's state; `signalling` counts what went over XMPP, so that a test can tell trickle from bulk ICE. */
function newCall(sid, peer, role, state) {
  return { sid, peer, role, state, pending: [], signalling: { transportInfoSent: 0, transportInfoReceived: 0,
    candidatesSignalled: 0, remoteCandidatesSignalled: 0, fingerprintsSent: [], fingerprintsReceived: [] } };
}

export class Calls {
  constructor(xmpp, browser, emit, log) {
    this.xmpp = xmpp;
    this.browser = browser;
    this.emit = emit;
    this.log = log;
    this.trickle = false; // send candidates in transport-info rather than in the initiate/accept
    this.tamper = 'none'; // what to break in our next initiate/accept (bad-input tests of the other side)
    this.call = null; // newCall(...), with initiate (the session-initiate), remoteSet, sent, active
    this.work = Promise.resolve(); // Jingle actions are handled one after the other
    xmpp.client.on('stanza', (s) => this.#message(s));
    xmpp.client.iqCallee.set(NS.JINGLE, 'jingle', (ctx) => this.#jingle(ctx.stanza, ctx.element));
  }

  #serial(task) {
    this.work = this.work.then(task).catch((e) => this.#fail(e));
    return this.work;
  }

  #fail(e) {
    this.log(`call failed: ${e.stack || e.message}`);
    const end = this.call !== null && this.call.state !== 'proposing' && this.call.state !== 'incoming'
      ? this.#terminate('failed-application', e.message) : this.#end('failed-application');
    return end.catch((again) => this.log(`ending the failed call: ${again.message}`));
  }

  /** Calls `to`: a bare JID through XEP-0353 once one of its resources advertises Jingle audio, a full JID directly. */
  async dial(to) {
    if (this.call !== null) {
      throw new Error('already in a call');
    }
    const sid = newSid();
    if (to.includes('/')) {
      this.call = newCall(sid, to, 'initiator', 'proceeding');
      return this.#serial(() => this.#initiate());
    }
    const resources = await this.xmpp.callableResources(to);
    if (resources.length === 0) {
      throw new Error(`no resource of ${to} advertises Jingle RTP audio (XEP-0115 caps, disco#info)`);
    }
    this.call = newCall(sid, bare(to), 'initiator', 'proposing');
    const propose = jmiMessage(bare(to), 'propose', sid);
    this.call.proposeId = propose.attrs.id;
    await this.xmpp.send(propose);
    this.emit(`proposed ${sid}`);
    return undefined;
  }

  /** Changes our next session-initiate or -accept: no DTLS fingerprint, another certificate's, setup active. */
  tamperWith(what) {
    if (!['none', 'no-fingerprint', 'wrong-fingerprint', 'setup-active'].includes(what)) {
      throw new Error(`cannot tamper with ${what}`);
    }
    this.tamper = what;
  }

  /** Takes the incoming call: proceed to the proposer (and accept to our other resources), or session-accept. */
  answer() {
    const c = this.#need('incoming');
    if (c.initiate) {
      return this.#serial(() => this.#accept());
    }
    c.state = 'proceeding';
    this.xmpp.post(jmiMessage(bare(this.xmpp.jid), 'accept', c.sid));
    return this.xmpp.send(jmiMessage(c.peer, 'proceed', c.sid));
  }

  /** Declines the incoming call (XEP-0353 reject, or session-terminate for a session without proposal). */
  reject(condition = 'decline') {
    const c = this.#need('incoming');
    if (c.initiate) {
      return this.#terminate(condition);
    }
    this.xmpp.post(jmiMessage(c.peer, 'reject', c.sid, condition));
    return this.#end(condition);
  }

  /** XEP-0167 §7.1: tells the other side the call is on hold (or no longer), by session-info. */
  async hold(on) {
    const c = this.call;
    if (c === null || !c.sid) {
      throw new Error('no call to hold');
    }
    await this.#set(jingle('session-info', c.sid, {}, xml(on ? 'hold' : 'unhold', { xmlns: RTP_INFO })));
  }

  /** Ends the call: retract while only proposed, session-terminate once a session exists. */
  hangup(condition = 'success') {
    const c = this.call;
    if (c === null) {
      return undefined;
    }
    if (c.state === 'incoming') {
      return this.reject(condition === 'success' ? 'decline' : condition);
    }
    if (c.state === 'proposing' || (c.state === 'proceeding' && !c.sent && !c.initiate)) {
      // no session yet: XEP-0353 retract from the caller, reject from the callee who already proceeded
      const jmi = c.role === 'initiator' ? 'retract' : 'reject';
      const reason = condition !== 'success' ? condition : (jmi === 'retract' ? 'cancel' : 'decline');
      this.xmpp.post(jmiMessage(c.peer, jmi, c.sid, reason));
      return this.#end(reason);
    }
    return this.#terminate(condition);
  }

  #need(state) {
    if (this.call === null || this.call.state !== state) {
      throw new Error(`no call in state ${state}`);
    }
    return this.call;
  }

  #message(m) {
    if (!m.is('message') || !m.attrs.from) {
      return;
    }
    const c = this.call;
    if (m.attrs.type === 'error') {
      // RFC 6120 §8.3: the propose bounced (no resource, or a service that does not take calls)
      if (c !== null && c.state === 'proposing' && m.attrs.id === c.proposeId) {
        this.#end(errorCondition(m));
      }
      return;
    }
    const jmi = jmiChild(m);
    if (jmi === undefined) {
      return;
    }
    const from = m.attrs.from;
    const ours = c !== null && c.sid === jmi.attrs.id && bare(from) === bare(c.peer);
    switch (jmi.name) {
      case 'propose':
        if (m.getChild('delay', 'urn:xmpp:delay')) {
          // XEP-0353 §3.1: a proposal stored while we were offline is over by now
          this.log(`ignored a stored proposal ${jmi.attrs.id} from ${from}`);
        } else if (c !== null) {
          this.xmpp.post(jmiMessage(from, 'reject', jmi.attrs.id, 'busy'));
        } else {
          this.call = newCall(jmi.attrs.id, from, 'responder', 'incoming');
          this.xmpp.post(jmiMessage(from, 'ringing', jmi.attrs.id));
          this.emit(`incoming ${from} ${jmi.attrs.id}`);
        }
        break;
      case 'ringing':
        if (ours) {
          this.emit('ringing');
        }
        break;
      case 'proceed':
        if (ours && c.state === 'proposing') {
          c.peer = from; // XEP-0353 §3.2: the session goes to the full JID that proceeded
          c.state = 'proceeding';
          this.#serial(() => this.#initiate());
        }
        break;
      case 'reject':
      case 'retract':
        if (ours && (c.state === 'proposing' || c.state === 'incoming' || c.state === 'proceeding')
            && c.initiate === undefined) {
          this.#end(reasonOf(jmi, jmi.name === 'reject' ? 'decline' : 'cancel'));
        }
        break;
      default:
        break;
    }
  }

  #jingle(iq, j) {
    const c = this.call;
    const action = j.attrs.action;
    const ours = c !== null && c.sid === j.attrs.sid && bare(c.peer) === bare(iq.attrs.from);
    if (action === 'session-initiate' && (c === null || (ours && c.state === 'proceeding' && c.role === 'responder'))) {
      this.#serial(() => this.#initiated(iq.attrs.from, j));
      return true;
    }
    if (action === 'session-initiate' && !ours) {
      // XEP-0166 §6.3.2: acknowledge, then decline with busy, while in another call
      this.xmpp.client.iqCaller.request(xml('iq', { type: 'set', to: iq.attrs.from },
        sessionTerminate(j.attrs.sid, 'busy'))).catch((e) => this.log(`busy: ${e.message}`));
      return true;
    }
    if (!ours) {
      return unknownSession(); // XEP-0166 §7.3: an action for a session we do not know
    }
    this.#serial(() => this.#action(action, j));
    return true;
  }

  async #action(action, j) {
    const c = this.call;
    if (c === null) {
      return;
    }
    switch (action) {
      case 'session-accept':
        if (!fingerprinted(j)) {
          await this.#terminate('security-error', 'no DTLS fingerprint in the session-accept');
          return;
        }
        c.signalling.remoteCandidatesSignalled += candidates(j).length;
        c.signalling.fingerprintsReceived = fingerprints(j);
        await this.browser.accepted(jingleToSdp(j, 'responder'));
        c.remoteSet = true;
        await this.#flushCandidates();
        c.state = 'accepted';
        this.emit('accepted');
        break;
      case 'transport-info':
        c.signalling.transportInfoReceived++;
        c.signalling.remoteCandidatesSignalled += candidates(j).length;
        for (const content of j.getChildren('content')) {
          const t = content.getChild('transport', NS.ICE);
          for (const cand of t ? t.getChildren('candidate') : []) {
            c.pending.push({ candidate: candidateLine(cand), sdpMid: content.attrs.name });
          }
        }
        await this.#flushCandidates();
        break;
      case 'session-info':
        if (j.getChild('ringing', RTP_INFO)) {
          this.emit('ringing');
        } else if (j.getChild('hold', RTP_INFO)) {
          this.emit('hold'); // XEP-0167 §7.1: the other side put the call on hold
        } else if (j.getChild('unhold', RTP_INFO)) {
          this.emit('unhold');
        }
        break;
      case 'session-terminate':
        await this.#end(reasonOf(j, 'success'));
        break;
      default:
        this.log(`ignored Jingle ${action}`);
    }
  }

  /** What the peer's last getStats() cannot know: the signalling counts of the current call. */
  signalling() {
    return this.call === null ? {} : this.call.signalling;
  }

  async #flushCandidates() {
    const c = this.call;
    while (c.remoteSet && c.pending.length > 0) {
      await this.browser.addCandidate(JSON.stringify(c.pending.shift()));
    }
  }

  /** As initiator, after proceed (or at once for a full JID): offer and send session-initiate. */
  async #initiate() {
    const c = this.call;
    this.#armGathering();
    await this.browser.open();
    await this.#describe('session-initiate', 'initiator', await this.#localDescription(await this.browser.offer()));
    c.state = 'initiated';
  }

  /** Sends our SDP as a session-initiate or -accept (XEP-0166 §7.2.1, §7.2.8) and waits for its result. */
  async #describe(action, role, sdp) {
    const c = this.call;
    const description = jingle(action, c.sid, { [role]: this.xmpp.jid }, ...sdpToJingle(sdp, role));
    tamper(description, this.tamper);
    this.tamper = 'none';
    c.signalling.candidatesSignalled += candidates(description).length;
    c.signalling.fingerprintsSent = fingerprints(description);
    c.sent = true;
    await this.#set(description);
  }

  /** As responder: the offer is in; wait for the command to answer unless it came after our proceed. */
  async #initiated(from, j) {
    if (this.call === null) {
      this.call = newCall(j.attrs.sid, from, 'responder', 'incoming');
      this.call.initiate = j;
      this.emit(`incoming ${from} ${j.attrs.sid}`);
      // XEP-0167 §7: tell the initiator that the user is being alerted
      await this.#set(ringing(j.attrs.sid));
      return;
    }
    this.call.peer = from;
    this.call.initiate = j;
    await this.#accept();
  }

  async #accept() {
    const c = this.call;
    if (!fingerprinted(c.initiate)) {
      // as Conversations: no plain RTP, and the reason says why
      await this.#terminate('security-error', 'no DTLS fingerprint in the session-initiate');
      return;
    }
    this.#armGathering();
    await this.browser.open();
    c.signalling.remoteCandidatesSignalled += candidates(c.initiate).length;
    c.signalling.fingerprintsReceived = fingerprints(c.initiate);
    const local = await this.browser.answer(jingleToSdp(c.initiate, 'initiator'));
    c.remoteSet = true;
    // candidates the initiator put in its session-initiate are in the remote SDP already
    await this.#flushCandidates();
    await this.#describe('session-accept', 'responder', await this.#localDescription(local));
    c.state = 'accepted';
    this.emit('accepted');
  }

  /** Without trickle, wait for the end of gathering so that the SDP holds every candidate. */
  async #localDescription(sdp) {
    if (this.trickle) {
      return sdp.split(/\r\n/).filter((l) => !l.startsWith('a=candidate:')).join('\r\n');
    }
    await this.gathered;
    return this.browser.localSdp();
  }

  /** A local ICE candidate (null when gathering is done). */
  candidate(json) {
    const c = this.call;
    if (json === null) {
      this.resolveGathered?.();
      return;
    }
    if (c === null || !this.trickle) {
      return;
    }
    const init = JSON.parse(json);
    if (!signalled(init.candidate)) {
      this.log(`not signalled: ${init.candidate}`);
      return;
    }
    // XEP-0176 §5: candidates follow the initiate/accept that opened the transport
    this.#serial(async () => {
      if (this.call === c) {
        await this.#set(transportInfo(c.sid, c.role === 'initiator' ? this.xmpp.jid : c.peer, init));
        c.signalling.transportInfoSent++;
        c.signalling.candidatesSignalled++;
      }
    });
  }

  /** The RTCPeerConnection connectionState and its DTLS transport's state. */
  state(s, dtls) {
    this.log(`connection ${s}, DTLS ${dtls}`);
    const c = this.call;
    if (c === null) {
      return;
    }
    if (s === 'connected' && !c.active) {
      c.active = true;
      this.emit('active');
    } else if (s === 'failed' && dtls === 'failed') {
      // a handshake that failed (a certificate that is not the fingerprint's) is no network problem
      this.#serial(() => this.#terminate('security-error', 'DTLS handshake failed'));
    } else if (s === 'failed') {
      this.#serial(() => this.#terminate('connectivity-error', 'ICE failed'));
    }
  }

  /** Before each open(): a promise resolved when the browser reports the end of gathering. */
  #armGathering() {
    this.gathered = new Promise((resolve) => { this.resolveGathered = resolve; });
  }

  async #set(j) {
    const c = this.call;
    try {
      await this.xmpp.client.iqCaller.request(xml('iq', { type: 'set', to: c.peer }, j));
    } catch (e) {
      const condition = e.condition || e.message;
      this.emit(`error jingle ${j.attrs.action} ${condition}`);
      throw new Error(`${j.attrs.action} refused: ${condition}`);
    }
  }

  async #terminate(condition, text) {
    const c = this.call;
    if (c === null) {
      return;
    }
    if (c.sent || c.initiate) {
      this.xmpp.client.iqCaller.request(xml('iq', { type: 'set', to: c.peer },
        sessionTerminate(c.sid, condition, text)))
        .catch((e) => this.log(`session-terminate: ${e.message}`));
    }
    await this.#end(text ? `${condition} ${text}` : condition);
  }

  /** `reason` is a Jingle reason condition, then its text if any. */
  async #end(reason) {
    if (this.call === null) {
      return;
    }
    this.call = null;
    await this.browser.close().catch((e) => this.log(`close: ${e.message}`));
    this.emit(`ended ${reason}`);
  }
}
