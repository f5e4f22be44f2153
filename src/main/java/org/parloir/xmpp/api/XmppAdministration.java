package org.parloir.xmpp.api;

import java.util.List;

/**
 * What the administration may do to the XMPP service: see and end sessions, see and destroy chat rooms, and send an
 * announcement to everyone online (XEP-0133 §4.23). Methods wait briefly for the work they start (a few seconds at
 * most) and are meant for management threads, never for an event loop.
 */
public interface XmppAdministration {

    /** Every bound resource on this node, by JID. */
    List<XmppSession> sessions();

    /**
     * Ends the sessions of {@code jid} (a full JID: that resource; a bare JID: all of them) with a
     * {@code policy-violation} stream error whose text says an administrator ended it, plus {@code reason} when
     * given. Returns how many were ended; 0 also for a malformed JID.
     */
    int kick(String jid, String reason);

    /** Every room of every chat service, by JID. */
    List<ChatRoom> rooms();

    /** Destroys a room (XEP-0045 §10.9: its occupants are told, with {@code reason} when given); false when none. */
    boolean destroyRoom(String jid, String reason);

    /**
     * Sends a headline message from {@code domain} to every bound resource of its users; returns how many got it.
     *
     * @throws IllegalArgumentException when {@code domain} is not served here or the body is empty
     */
    int announce(String domain, String subject, String body);
}
