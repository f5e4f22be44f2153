package org.parloir.xmpp.spi;

import org.parloir.xmpp.stanza.Element;

/**
 * A service another context runs on a subdomain of every served domain, e.g. the telephone gateway
 * {@code phone.example.org} of the Jingle bridge. The XMPP server routes to it every stanza a local user addresses to
 * {@code <subdomain>.<domain>} or to an address there ({@code +33139635511@phone.example.org}), after its own
 * processing: subscription stanzas have already updated the user's roster (RFC 6121 §3.1.2), and the server probes
 * the service for the presence of subscribed contacts when the user logs in (§4.3).
 */
public interface SubdomainService {

    /** The first label of the service's domains, e.g. {@code phone}. */
    String subdomain();

    /**
     * One stanza from a local user, 'from' stamped by the server (a full JID, or the bare JID for subscriptions and
     * server-sent presence), 'to' an address of the service's domain. Called in order per sender on server threads:
     * never block; answer through {@code outbox}. Must not throw.
     */
    void receive(Element stanza, StanzaOutbox outbox);

    /** A resource of a local user is gone (logged out, connection lost): its sessions with the service end. */
    default void resourceGone(String fullJid) {
    }
}
