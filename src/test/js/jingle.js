// XEP-0166 Jingle elements the peer writes and reads, apart from the SDP conversion (sdp.js).
import { xml } from '@xmpp/client';
import { reason } from './jmi.js';
import { candidateElement, NS } from './sdp.js';

const STANZAS = 'urn:ietf:params:xml:ns:xmpp-stanzas';
export const RTP_INFO = 'urn:xmpp:jingle:apps:rtp:info:1';

export function jingle(action, sid, attrs, ...children) {
  return xml('jingle', { xmlns: NS.JINGLE, action, sid, ...attrs }, ...children);
}

/** §7.2.10 session-terminate with a §7.4 reason. */
export function sessionTerminate(sid, condition, text) {
  return jingle('session-terminate', sid, {}, reason(condition, text));
}

/** XEP-0167 §7 session-info: the responder's user is being alerted. */
export function ringing(sid) {
  return jingle('session-info', sid, {}, xml('ringing', { xmlns: RTP_INFO }));
}

/** XEP-0176 §5 transport-info carrying one trickled candidate (an RTCIceCandidate's JSON). */
export function transportInfo(sid, initiator, candidate) {
  return jingle('transport-info', sid, { initiator }, xml('content', { creator: 'initiator', name: candidate.sdpMid },
    xml('transport', { xmlns: NS.ICE, ufrag: candidate.usernameFragment }, candidateElement(candidate.candidate))));
}

/** §7.3 / XEP-0166 errors: an action for a session we do not know. */
export function unknownSession() {
  return xml('error', { type: 'cancel' }, xml('item-not-found', STANZAS),
    xml('unknown-session', 'urn:xmpp:jingle:errors:1'));
}

/** The defined condition of a stanza's <error/>, RFC 6120 §8.3.3. */
export function errorCondition(stanza) {
  const error = stanza.getChild('error');
  const condition = error && error.getChildElements().find((e) => e.attrs.xmlns === STANZAS && e.name !== 'text');
  return condition ? condition.name : 'undefined-condition';
}

/** The ICE-UDP transports of a Jingle element's contents. */
export function transports(j) {
  return j.getChildren('content').map((c) => c.getChild('transport', NS.ICE)).filter((t) => t);
}

/** The ICE candidates of a Jingle element's contents. */
export function candidates(j) {
  return transports(j).flatMap((t) => t.getChildren('candidate'));
}

/** XEP-0320 §3: every transport must carry a DTLS fingerprint, or there is no SRTP key to trust. */
export function fingerprinted(j) {
  return transports(j).length > 0 && transports(j).every((t) => t.getChild('fingerprint', NS.DTLS));
}

/** The XEP-0320 fingerprints of `j` as `hash value` (RFC 8122 §5: a test checks which hash functions went). */
export function fingerprints(j) {
  return transports(j).flatMap((t) => t.getChildren('fingerprint', NS.DTLS))
    .map((f) => `${f.attrs.hash} ${f.getText().trim()}`);
}

/**
 * Changes the fingerprints of `j` in place: `no-fingerprint` drops them, `wrong-fingerprint` inverts every byte,
 * `setup-active` offers the DTLS client role instead of actpass (RFC 5763 §5 allows it; the answerer must then be
 * passive, the DTLS server, and the offerer's stack takes its role from the answer).
 */
export function tamper(j, what) {
  for (const t of transports(j)) {
    const fp = t.getChild('fingerprint', NS.DTLS);
    if (fp && what === 'setup-active') {
      fp.attrs.setup = 'active';
    } else if (fp && what === 'no-fingerprint') {
      t.remove(fp);
    } else if (fp && what === 'wrong-fingerprint') {
      // the same hash length, another value: the DTLS handshake must fail on it (RFC 8122 §5)
      fp.children = [fp.getText().trim().split(':')
        .map((b) => (255 - parseInt(b, 16)).toString(16).padStart(2, '0').toUpperCase()).join(':')];
    }
  }
}
