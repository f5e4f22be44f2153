package org.parloir.xmpp.spi;

import java.util.Set;
import org.parloir.xmpp.stanza.Element;

/**
 * A resource another context runs for every account of ours, beside the account's own clients: the Jingle bridge
 * is {@code bob@example.org/parloir-sip}, bob's SIP phones seen from XMPP (issue 11: one person, one address). It
 * is available (with XEP-0115 caps of its own) only while {@link #presence} says so, e.g. while bob has a SIP phone
 * registered; whoever subscribes to bob's presence sees it come and go ({@code org.parloir.xmpp.api.VirtualPresence}
 * tells the server of a change). It sees the messages addressed to the account in the namespaces it names
 * (XEP-0353 call proposals), as one of the account's resources would, and gets the messages and IQs addressed to
 * it. It answers through the outbox with 'from' its own full JID. Called on server threads: never block, never
 * throw.
 */
public interface VirtualResource {

    /** The resource part, the same for every account, e.g. {@code parloir-sip}. */
    String resource();

    /** The namespaces of message payloads it wants to see, e.g. XEP-0353's {@code urn:xmpp:jingle-message:0}. */
    Set<String> messageNamespaces();

    /**
     * The resource's current presence for {@code bareJid} ({@code <presence>} with its children: caps, priority),
     * 'from' and 'to' unset; null while it is not available for that account.
     */
    Element presence(String bareJid);

    /**
     * A message of a local user to the account (bare JID, delivered to the account's clients as usual) or to this
     * resource, with a payload in one of {@link #messageNamespaces}; 'from' is the sender's full JID, 'to' as sent.
     * Also the account's own clients' messages in those namespaces to others (a callee's proceed from another
     * device), so that the resource can tell another device took a call.
     */
    void message(Element message, Outbox outbox);

    /** An IQ of a local user to this resource ({@code to} is {@code <account>/<resource>}), of any type. */
    void iq(Element iq, Outbox outbox);

    /** A resource of a local user is gone (logged out, connection lost): what it had going with this one ends. */
    default void resourceGone(String fullJid) {
    }

    /** How the resource speaks: messages and IQs from {@code <local account>/<resource>} to local users. */
    interface Outbox {

        /**
         * A message goes to the addressed full JID if online, else by the rules of the bare JID (RFC 6121 §8.5),
         * with XEP-0280 sent carbons to the account's other resources, as a message of one of its clients would;
         * an IQ goes only to an online full JID. A stanza whose 'from' is not such an address is dropped.
         */
        void send(Element stanza);
    }
}
