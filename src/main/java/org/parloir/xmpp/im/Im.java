package org.parloir.xmpp.im;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.jxmpp.jid.BareJid;
import org.parloir.directory.api.UserDirectory;
import org.parloir.xmpp.XmppProperties;
import org.parloir.xmpp.router.Addressing;
import org.parloir.xmpp.router.ClientSession;
import org.parloir.xmpp.router.Components;
import org.parloir.xmpp.router.SerialExecutor;
import org.parloir.xmpp.router.SessionRegistry;
import org.parloir.xmpp.stanza.Element;
import org.parloir.xmpp.stanza.Namespaces;

/** What the IM handlers share: sessions, rosters, stores, components and the per-account serial executor. */
record Im(XmppProperties props, Addressing addressing, SessionRegistry registry, SerialExecutor serial,
          Rosters rosters, Blocklists blocklists, OfflineStore offline, UserDirectory directory,
          Components components, AtomicLong pushIds) {

    /** Sends a roster push for one item to every interested resource of {@code owner} (RFC 6121 §2.1.6). */
    void push(String owner, Element item, long version) {
        for (ClientSession s : registry.sessions(bare(owner))) {
            if (s.presence().interested()) {
                pushTo(s, RosterXml.query(List.of(item), version));
            }
        }
    }

    /** An IQ set push (roster, block list) of {@code payload} to one resource. */
    void pushTo(ClientSession s, Element payload) {
        s.deliver(Element.builder("iq", Namespaces.CLIENT).attribute("type", "set")
                .attribute("id", "push-" + pushIds.incrementAndGet()).attribute("to", s.jid().toString())
                .child(payload).build());
    }

    void push(String owner, RosterItem item, long version) {
        push(owner, item.inRoster() ? RosterXml.item(item) : RosterXml.removed(item.contact()), version);
    }

    /** Delivers to every available resource of an account, 'to' set to each full JID. */
    void toAvailable(String account, Element stanza) {
        for (ClientSession s : registry.available(bare(account))) {
            s.deliver(stanza.withAttribute("to", s.jid().toString()));
        }
    }

    /** A JID from an attribute value, or null when absent or malformed. */
    static org.jxmpp.jid.Jid jid(String value) {
        try {
            return value == null ? null : org.jxmpp.jid.impl.JidCreate.from(value);
        } catch (org.jxmpp.stringprep.XmppStringprepException e) {
            return null;
        }
    }

    static BareJid bare(String jid) {
        try {
            return org.jxmpp.jid.impl.JidCreate.bareFrom(jid);
        } catch (org.jxmpp.stringprep.XmppStringprepException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
