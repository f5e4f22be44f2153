package org.parloir.xmpp.muc;

import java.util.Locale;

/** A user's long-lived standing in a room, by bare JID (XEP-0045 §5.2), highest first. */
enum Affiliation {
    OWNER, ADMIN, MEMBER, NONE, OUTCAST;

    String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True when this affiliation ranks at least as high as {@code other}. */
    boolean atLeast(Affiliation other) {
        return ordinal() <= other.ordinal();
    }

    /** The affiliation named on the wire, or null. */
    static Affiliation parse(String value) {
        for (Affiliation a : values()) {
            if (a.wire().equals(value)) {
                return a;
            }
        }
        return null;
    }
}
