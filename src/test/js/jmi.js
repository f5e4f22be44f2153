// XEP-0353 Jingle Message Initiation, written by hand (stanza's constant for this namespace is wrong).
import { xml } from '@xmpp/client';
import { NS } from './sdp.js';

export const JMI = 'urn:xmpp:jingle-message:0';
export const ACTIONS = ['propose', 'ringing', 'proceed', 'reject', 'retract', 'accept', 'finish'];

/** XEP-0166 §7.4 reason element: <reason><condition/>[<text/>]</reason>. */
export function reason(condition, text) {
  return xml('reason', { xmlns: NS.JINGLE }, xml(condition), text ? xml('text', {}, text) : null);
}

/** The condition of a <reason/> child of `el` (or `fallback`), followed by its text if it has one. */
export function reasonOf(el, fallback) {
  const r = el && el.getChild('reason', NS.JINGLE);
  const condition = r && r.getChildElements().find((c) => c.name !== 'text');
  const text = r && r.getChildText('text');
  return `${condition ? condition.name : fallback}${text ? ` ${text.replace(/\s+/g, ' ').trim()}` : ''}`;
}

/**
 * A JMI message: §3.1 propose carries the RTP description of the media; reject, retract and finish a reason.
 * Type chat, with a hint to store it (XEP-0334), as Conversations sends them so that the archive keeps them.
 */
export function jmiMessage(to, action, sid, condition) {
  const child = xml(action, { xmlns: JMI, id: sid });
  if (action === 'propose') {
    child.append(xml('description', { xmlns: NS.RTP, media: 'audio' }));
  } else if (condition) {
    child.append(reason(condition));
  }
  return xml('message', { to, type: 'chat', id: `jmi-${Math.random().toString(36).slice(2, 10)}` }, child,
    xml('store', { xmlns: 'urn:xmpp:hints' }));
}

/** The JMI child of a message, or undefined. */
export function jmiChild(message) {
  return message.getChildElements().find((c) => c.attrs.xmlns === JMI && ACTIONS.includes(c.name));
}
