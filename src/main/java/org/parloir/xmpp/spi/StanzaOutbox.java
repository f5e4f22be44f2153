package org.parloir.xmpp.spi;

import org.parloir.xmpp.stanza.Element;

/** How a {@link SubdomainService} reaches local users. */
public interface StanzaOutbox {

    /**
     * Sends a stanza from an address of the service ('from' set, on the service's domain) to a local user ('to').
     * Subscription stanzas go through the user's side of RFC 6121 §3 (roster state, pushes, automatic answers);
     * presence, messages and IQs are routed by RFC 6120 §10 and RFC 6121 §8 rules, blocking applied. A stanza
     * with a 'from' outside the service's domain, or to nobody we serve, is dropped and logged.
     */
    void send(Element stanza);
}
