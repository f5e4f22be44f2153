package org.parloir.xmpp.router;

import org.parloir.xmpp.stanza.Element;

/** Where a client stream hands its stanzas once a resource is bound (RFC 6120 §10). */
public interface StanzaRouter {

    /** A resource was bound (before its first stanza). */
    void bound(ClientSession session);

    /**
     * A stanza from the client, {@code from} already stamped with its full JID. Never throws. The answer completes
     * (never exceptionally) once what the stanza changed in storage is durable, such as an offline message or a
     * roster item: the XEP-0198 acknowledgement of the stanza waits for it.
     */
    java.util.concurrent.CompletionStage<Void> fromClient(ClientSession session, Element stanza);

    /** The resource is gone for good (closed, timed out, replaced, resumption expired). */
    void unbound(ClientSession session, java.util.List<Element> undelivered);
}
