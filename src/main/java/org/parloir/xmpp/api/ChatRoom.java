package org.parloir.xmpp.api;

/**
 * One XEP-0045 room, as an administrator sees it.
 *
 * @param jid        the room's address
 * @param name       its name (the configured one, or the local part)
 * @param occupants  how many occupants are in it now
 * @param persistent it outlives its last occupant
 * @param locked     created and not yet configured by its owner (XEP-0045 §10.1.1)
 */
public record ChatRoom(String jid, String name, int occupants, boolean persistent, boolean locked) {
}
