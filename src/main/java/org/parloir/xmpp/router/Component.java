package org.parloir.xmpp.router;

import org.parloir.xmpp.stanza.Element;

/**
 * A service on a domain of its own under one of ours (the XEP-0045 chat service), which answers every stanza sent
 * to an address of that domain ({@link Route.Component}). It delivers to clients through the
 * {@link SessionRegistry} itself.
 */
public interface Component {

    /**
     * A stanza from a local client ('from' stamped with its full JID), addressed to this component. Called on the
     * client's connection thread in the order the client sent its stanzas, so it must hand real work off, and
     * keep that order per target (RFC 6120 §10.1). Never throws.
     */
    void fromClient(ClientSession session, Element stanza);

    /** The client's resource is gone for good: whatever it had joined, it leaves. */
    void unbound(ClientSession session);
}
