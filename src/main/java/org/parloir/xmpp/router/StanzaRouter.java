package org.parloir.xmpp.router;

import org.parloir.xmpp.stanza.Element;

/** Where a client stream hands its stanzas once a resource is bound (RFC 6120 §10). */
public interface StanzaRouter {

    /** A resource was bound (before its first stanza). */
    void bound(ClientSession session);

    /** A stanza from the client, {@code from} already stamped with its full JID. Never throws. */
    void fromClient(ClientSession session, Element stanza);

    /** The resource is gone for good (closed, timed out, replaced, resumption expired). */
    void unbound(ClientSession session, java.util.List<Element> undelivered);
}
