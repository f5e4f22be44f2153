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

    /**
     * How the resource is connected, for administrators.
     *
     * @param address          the client's address and port, as last connected
     * @param since            when the resource was bound
     * @param tls              the stream is encrypted
     * @param streamManagement XEP-0198 is enabled on the session
     * @param detached         the connection dropped and the session waits to be resumed (XEP-0198 §5)
     */
    record Link(String address, java.time.Instant since, boolean tls, boolean streamManagement, boolean detached) {
    }

    Link link();

    /**
     * Ends the session with a stream error (RFC 6120 §4.9) and no resumption: an administrator's kick, a deleted
     * account. A session waiting for resumption ends at once. Any thread; a second call does nothing.
     */
    void end(String condition, String text);

    /**
     * A stanza to send before the stream error if the session is {@link #end ended}, or null for none: the answer to
     * the request that causes the end (XEP-0077 §3.2: the result of a removal, then the error). The error then
     * follows a moment later, nothing the client sends meanwhile being read: Smack, for one, fails a request whose
     * answer arrives together with a stream error.
     */
    void beforeEnd(Element stanza);
}
