package org.parloir.xmpp.muc;

import org.parloir.xmpp.stanza.StanzaError;

/** Whether a user may enter a room (XEP-0045 §7.2.5-7.2.10), decided before anything is sent. */
sealed interface Admission {

    /** Enters with this role. */
    record Admit(Role role) implements Admission {
    }

    /** Refused with this error, sent back from the occupant JID asked for. */
    record Refuse(StanzaError error) implements Admission {
    }
}
