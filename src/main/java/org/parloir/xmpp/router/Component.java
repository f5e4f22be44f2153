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

    /**
     * A stanza the server sends on a local user's behalf to an address of this component: subscription stanzas
     * and automatic answers (RFC 6121 §3), probes (§4.3) and presence broadcast to a subscribed contact (§4.2.2).
     * 'from' is the user's bare or full JID. Called in that user's serialised work, so it must hand real work
     * off. Never throws. A chat service has no use for them.
     */
    default void fromServer(Element stanza) {
    }

    /** The client's resource is gone for good: whatever it had joined, it leaves. */
    void unbound(ClientSession session);
}
