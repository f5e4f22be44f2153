package org.parloir.xmpp.muc;

import org.jxmpp.jid.EntityFullJid;
import org.parloir.xmpp.stanza.Element;
import org.parloir.xmpp.stanza.Namespaces;

/**
 * One client resource in a room (XEP-0045 §7.2): its real full JID, room nickname, role and last available
 * presence. Changed only in the room's serialised work.
 */
final class Occupant {

    private final EntityFullJid jid;
    private String nick;
    private Role role;
    private Element presence;

    Occupant(EntityFullJid jid, String nick, Role role, Element presence) {
        this.jid = jid;
        this.nick = nick;
        this.role = role;
        presence(presence);
    }

    EntityFullJid jid() {
        return jid;
    }

    String nick() {
        return nick;
    }

    void nick(String value) {
        nick = value;
    }

    Role role() {
        return role;
    }

    void role(Role value) {
        role = value;
    }

    /** The client's last available presence, without its join element (the room adds its own muc#user one). */
    Element presence() {
        return presence;
    }

    void presence(Element value) {
        presence = value.withoutChildren(e -> e.namespace().equals(Namespaces.MUC)
                || e.namespace().equals(Namespaces.MUC_USER));
    }
}
