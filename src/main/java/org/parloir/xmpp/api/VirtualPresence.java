package org.parloir.xmpp.api;

/**
 * Tells the XMPP server that a virtual resource's availability for an account changed (bob registered his first SIP
 * phone, or his last one left): the server sends the resource's new presence to the account's subscribers and to
 * its own online resources (RFC 6121 §4.2.2, §4.4.2), as it would for a client's presence.
 */
public interface VirtualPresence {

    /** @param bareJid {@code bob@example.org}; any thread, never blocks */
    void changed(String bareJid);
}
