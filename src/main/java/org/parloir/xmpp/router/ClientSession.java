package org.parloir.xmpp.router;

import org.jxmpp.jid.EntityFullJid;
import org.parloir.xmpp.stanza.Element;

/**
 * A bound client resource as the router and the IM services see it. Implemented by the c2s stream; its mutable
 * presence state is written only by the owner's serialised IM work and read by anyone (volatile).
 */
public interface ClientSession {

    EntityFullJid jid();

    /** Sends a stanza to the client (any thread; order per calling thread is kept). */
    void deliver(Element stanza);

    /**
     * Another session bound the same full JID: end this one with a conflict stream error (RFC 6120 §7.7.2.2).
     * Returns the stanzas it never had acknowledged (XEP-0198), for the new session of the same JID.
     */
    java.util.List<Element> replacedByNewSession();

    /** Presence and IM flags of this resource. */
    SessionPresence presence();
}
